/*
 * Proving the link to a patient (F-SIGNUP 2 and 7), shared by sign-up and
 * "add a patient": (a) activation token + date of birth, checked at once;
 * (b) MRN + date of a past visit, queued for staff. Eligibility is
 * policy_signup's; this module gathers its inputs and applies the outcome.
 */
#ifndef PORTAL_ENROL_H
#define PORTAL_ENROL_H

#include <stdint.h>
#include <time.h>

#include "policy.h"

struct ctx;
struct db;
struct arena;

struct enrol_in {
	int64_t		 account;	/* add a patient: the account; 0 at sign-up */
	int		 as_self;
	const char	*given, *family, *email;	/* the applicant */
	const char	*token, *dob;		/* proof (a), or NULL */
	const char	*mrn, *visit_date;	/* proof (b), or NULL */
};

enum enrol_outcome {
	ENROL_FORM,	/* a field is wrong: field, message */
	ENROL_REFUSED,	/* not eligible: message */
	ENROL_READY	/* may be applied */
};

struct enrol {
	enum enrol_outcome	 outcome;
	const char		*field;
	const char		*message;
	int			 by_token;
	int			 as_self;
	int64_t			 token_id;
	int64_t			 patient_id;	/* token: the patient; MRN: if ours */
	int64_t			 relation_id;
	const char		*role;
	int			 notify;	/* tell the guardians (13-14) */
	int			 queued_self;	/* by token, but a second own
						 * account: staff decide */
	const char		*mrn, *visit_date;
};

/* Checks the proof and eligibility without changing anything. */
void	enrol_check(struct ctx *c, const struct enrol_in *in, struct enrol *out);
/*
 * Inside the caller's transaction: uses the token and links the account
 * (active at once), or queues the request for staff (MRN, or a second own
 * account); queues the e-mails to the guardians and to the patient's own
 * address. 0; 1 if the token was used by someone else meanwhile; -1.
 */
int	enrol_apply(struct ctx *c, int64_t account, const struct enrol *e);

/*
 * Eligibility of the applicant for patient, from the data on file (used at
 * sign-up with the token's proof, and with PROOF_STAFF by staff deciding a
 * request). issued: when the token was issued (0 with PROOF_STAFF).
 * account: the applicant's account, 0 if none yet. Sets
 * *relation and *role when eligible (ELIG_OK or ELIG_SELF_SECOND).
 */
enum elig enrol_eligible(struct db *db, struct arena *a, time_t now, int64_t patient,
	    int as_self, const char *given, const char *family, const char *email,
	    enum proof proof, time_t issued, int64_t account,
	    int64_t *relation, const char **role, int *notify);
/* Queues MAIL_TEEN_ACCOUNT to every guardian on file with an address. */
int	enrol_notify_guardians(struct ctx *c, int64_t patient);
/* Queues MAIL_SELF_ACCOUNT to the patient's own address on file, if any.
 * 0 or -1. */
int	enrol_notify_self(struct ctx *c, int64_t patient);

/* The proof fields every enrolment form declares, in its field table. */
#define ENROL_FIELDS \
	{ "who", "who you are", valid_who, F_REQ }, \
	{ "proof", "way to prove the link", valid_proof, F_REQ }, \
	{ "token", "activation token", valid_token, 0 }, \
	{ "dob", "patient's date of birth", valid_date, 0 }, \
	{ "mrn", "medical record number", valid_mrn, 0 }, \
	{ "visit_date", "date of a past visit", valid_date, 0 }

struct form;
struct tvars;

/* Fills in from the form's proof fields, marking as missing the pair the
 * chosen proof needs. */
void	enrol_from_form(struct form *f, struct enrol_in *in);
/* Marks the failed proof field of e in the form, or sets "refusal". */
void	enrol_to_form(const struct enrol *e, struct form *f, struct tvars *v);
/* The radio buttons' checked states for the page. */
void	enrol_echo(const struct form *f, struct tvars *v);

/* Reasons staff give for rejecting a request, and what the applicant is
 * told. Ends with a NULL code. */
struct enrol_reason {
	const char	*code;
	const char	*label;		/* for staff */
	const char	*text;		/* for the applicant's e-mail */
};
extern const struct enrol_reason enrol_reasons[];
const struct enrol_reason *enrol_reason(const char *code);

/* Today's date in the hospital's time zone. */
void	enrol_today(time_t now, int *y, int *m, int *d);

#endif
