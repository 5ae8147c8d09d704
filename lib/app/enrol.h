/*
 * Proving the link to a patient (F-SIGNUP 2 and 7), shared by sign-up and
 * "add a patient": (a) activation token + date of birth, checked at once;
 * (b) MRN + date of a past visit, queued for staff. Eligibility is
 * policy_signup's, single use and expiry of tokens policy_secret's; this
 * module gathers their inputs and applies the outcome. The operations
 * (app.h): sign up, confirm the address, add a patient, the staff queue
 * and the staff decision. The forms' side is lib/web/enrol_form.h.
 */
#ifndef PORTAL_ENROL_H
#define PORTAL_ENROL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "app.h"
#include "policy.h"
#include "policy_secret.h"

struct call;
struct db;
struct arena;

/* The proof, and the applicant (sign-up; "add a patient" takes the
 * applicant from the account). */
struct enrol_in {
	int64_t		 account;	/* add a patient: the account; 0 at sign-up */
	int		 as_self;
	const char	*given, *family, *email;	/* the applicant */
	const char	*token, *dob;		/* proof (a), or NULL */
	const char	*mrn, *visit_date;	/* proof (b), or NULL */
};

/* Why an enrolment did not go through. */
enum enrol_why {
	ENROL_NONE,
	ENROL_INELIGIBLE,	/* APP_REFUSED: elig says why */
	ENROL_HELD,		/* APP_REFUSED: already on the account */
	ENROL_NO_MATCH,		/* APP_INVALID: token and date of birth */
	ENROL_VOIDED,		/* APP_INVALID: token voided */
	ENROL_USED,		/* APP_INVALID: token used */
	ENROL_EXPIRED,		/* APP_INVALID: token expired */
	ENROL_THROTTLED,	/* APP_INVALID: too many attempts (token, mrn) */
	ENROL_QUEUE_FULL,	/* APP_INVALID: too many requests waiting */
	ENROL_FUTURE_VISIT,	/* APP_INVALID: the visit date is not past */
	ENROL_TAKEN,		/* APP_INVALID: token used meanwhile */
	ENROL_PASSWORD,		/* APP_INVALID: sign-up, the password rule */
};

/* A refusal, for the page and the audit row. */
struct enrol_no {
	enum enrol_why	 why;
	enum elig	 elig;		/* ENROL_INELIGIBLE */
	const char	*field;		/* APP_INVALID: the form field */
	const char	*message;	/* the words the page shows */
	int64_t		 patient;	/* the patient, if known */
};

/* What became of an enrolment that went through. */
enum enrol_done {
	ENROL_LINKED,		/* by token: active at once */
	ENROL_QUEUED,		/* MRN: staff decide */
	ENROL_SELF_QUEUED	/* by token, a second own account: staff decide */
};

/*
 * Sign-up (F-SIGNUP 1-6): the account and its first patient. When the
 * address has an account already the answer is the same (APP_OK, account
 * 0) and the owner is e-mailed instead. Writes signup.token,
 * signup.mrn_queued, signup.self_queued or signup.address_taken;
 * signup.refused for APP_REFUSED. APP_OK, APP_INVALID, APP_REFUSED
 * (ENROL_INELIGIBLE), APP_BUSY, APP_ERROR.
 */
struct signup_in {
	struct enrol_in	 e;		/* e.account is 0 */
	const char	*password;
};
struct signup_out {
	struct enrol_no	 no;
	enum enrol_done	 done;
	int64_t		 account;	/* the new account, 0 if the address
					 * had one */
};
enum app_rc	app_signup(const struct call *, const struct signup_in *,
		    struct signup_out *);

/*
 * Confirms the address with the code of the e-mailed link (F-SIGNUP 3).
 * Writes verify.ok, or verify.refused. APP_OK, APP_REFUSED (state and
 * message say why), APP_BUSY, APP_ERROR.
 */
struct verify_in {
	const char	*code;
	int		 check;		/* only say whether the link works (the
					 * page's check on arrival, issue 15.4):
					 * nothing is used or changed */
};
struct verify_out {
	enum secret_state state;
	const char	*message;	/* APP_REFUSED */
	int64_t		 account;
};
enum app_rc	app_signup_verify(const struct call *, const struct verify_in *,
		    struct verify_out *);

/*
 * Adds a patient to the caller's family account (F-SIGNUP 7): the
 * applicant is the account holder; in->account, given, family and email
 * are ignored. Writes patient_add.token, patient_add.mrn_queued or
 * patient_add.self_queued; patient_add.refused for ENROL_INELIGIBLE.
 * APP_OK, APP_INVALID, APP_REFUSED (ENROL_INELIGIBLE, ENROL_HELD),
 * APP_BUSY, APP_ERROR.
 */
struct patient_add_out {
	struct enrol_no	 no;
	enum enrol_done	 done;
	int64_t		 patient;	/* by token: the patient */
};
enum app_rc	app_patient_add(const struct call *, const struct enrol_in *,
		    struct patient_add_out *);

/*
 * The staff verification queue (F-SIGNUP 2b): the oldest pending requests
 * (ENROL_QUEUE_PAGE at most; more: how many others wait), each with what
 * the records say about it; one staff.queue_view row per
 * patient shown, durable before it returns. APP_OK, APP_REFUSED (the
 * staff role may not), APP_BUSY, APP_ERROR.
 */
struct queue_item {
	int64_t		 id;		/* the request */
	const char	*applicant_given, *applicant_family;
	const char	*email;		/* the applicant's */
	int		 verified;	/* the applicant confirmed it */
	const char	*mrn, *visit_date;	/* as the applicant typed them */
	int64_t		 received;	/* when (Unix seconds) */
	int		 as_self;	/* the applicant is the patient */
	int		 by_self_token;	/* a second own account by token */
	int		 on_file;	/* the MRN is one of our patients' */
	const char	*given, *family, *dob;	/* on_file: the patient */
	int		 visit_found;	/* on_file: a visit on that date */
	enum elig	 elig;		/* ELIG_OK: may be approved */
	int		 check_teen;	/* staff check a 13-17's own address */
	int		 other_self;	/* another own account holds the patient */
};
#define ENROL_QUEUE_PAGE 50	/* requests shown at once, oldest first */
struct staff_queue_out {
	struct queue_item *items;
	size_t		 n;		/* the oldest ENROL_QUEUE_PAGE at most */
	long		 more;		/* how many more wait beyond them */
};
enum app_rc	app_staff_queue(const struct call *, struct staff_queue_out *);

/*
 * A staff member's decision on a request: approved (the policy still
 * decides) or rejected with a reason of enrol_reasons; the applicant is
 * e-mailed. Writes signup_request.approved or signup_request.rejected.
 * APP_OK, APP_REFUSED (why: DECIDE_NO_SUCH, _INELIGIBLE, _ALREADY, _ROLE),
 * APP_INVALID (DECIDE_NO_REASON), APP_BUSY, APP_ERROR.
 */
struct staff_decide_in {
	int64_t		 id;
	int		 approve;
	const char	*reason;	/* reject: a code of enrol_reasons */
};
enum decide_why {
	DECIDE_NONE,
	DECIDE_NO_SUCH,		/* no such request */
	DECIDE_INELIGIBLE,	/* approve: the policy says no */
	DECIDE_NO_REASON,	/* reject: no reason, or not one of ours */
	DECIDE_ALREADY,		/* decided meanwhile */
	DECIDE_ROLE		/* the staff role may not decide */
};
struct staff_decide_out {
	enum decide_why	 why;
	const char	*message;	/* the words the page shows */
};
enum app_rc	app_staff_decide(const struct call *, const struct staff_decide_in *,
		    struct staff_decide_out *);

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
/* Queues MAIL_TEEN_ACCOUNT to every guardian on file with an address.
 * 0 or -1. */
int	enrol_notify_guardians(const struct call *c, int64_t patient);
/* Queues MAIL_SELF_ACCOUNT to the patient's own address on file, if any.
 * 0 or -1. */
int	enrol_notify_self(const struct call *c, int64_t patient);

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
