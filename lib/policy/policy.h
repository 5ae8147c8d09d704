/*
 * Who may do what: pure functions of (who, relationship data, now), no
 * SQL and no clock (callers pass the date). This part: who may hold a
 * patient on a family account (SPEC F-SIGNUP 1, 2, 4, 7 and F-PROXY 2-5 as
 * far as sign-up needs them), and who may be given a self-access token.
 * Every rule has a row in tests/unit/test_policy.c; `portalctl policy`
 * prints them (policy_print_signup).
 */
#ifndef PORTAL_POLICY_H
#define PORTAL_POLICY_H

#include <stddef.h>
#include <stdio.h>

/* A person on file for a patient, as the rules see them (the store's
 * relation row, without its ids and contacts). */
struct person_on_file {
	const char	*kind;	/* parent, legal_guardian, dcf_caseworker,
				 * foster_parent */
	const char	*given;
	const char	*family;
};

/*
 * Age in whole years on the date y-m-d of a person born on dob
 * (YYYY-MM-DD). Someone born on 29 February has their birthday on
 * 1 March in common years. -1 if dob is malformed or after the date.
 */
int		 policy_age(const char *dob, int y, int m, int d);

enum elig {
	ELIG_OK,
	ELIG_SELF_UNDER_13,	/* a patient under 13 applying for themselves */
	ELIG_SELF_NAME,		/* applying as the patient under another name */
	ELIG_TEEN_EMAIL,	/* 13-17 with a parent's or guardian's address */
	ELIG_NOT_ON_FILE,	/* not a parent or legal guardian on file */
	ELIG_FOSTER_PARENT,	/* a foster parent: only the DCF caseworker */
	ELIG_FOSTER_CUSTODY,	/* a parent of a child in DCF custody */
	ELIG_ADULT,		/* patient 18+, no guardianship papers */
	ELIG_RECORD,		/* the record's date of birth is unusable */
	ELIG_SELF_FAMILY_TOKEN,	/* 13-17 with the family's token */
	ELIG_SELF_MINOR_TOKEN,	/* 18+ with a family token issued before
				 * the 18th birthday (a parent's papers) */
	ELIG_TEEN_NO_ADDRESS,	/* 13-17, self token, no own address on file */
	ELIG_TEEN_NOT_OWN,	/* 13-17, not the own address on file */
	ELIG_TEEN_TAKEN,	/* 13-17, the address is on another account */
	ELIG_GUARDIAN_SELF_TOKEN, /* a guardian with a self-access token */
	ELIG_SELF_SECOND,	/* eligible, but another account holds the
				 * patient as themselves: staff decide */
	ELIG__MAX
};

/*
 * How the link to the patient was proved. PROOF_STAFF: MRN and visit
 * date, or any request staff decide on (they check the person and the
 * address themselves).
 */
enum proof {
	PROOF_STAFF,
	PROOF_FAMILY_TOKEN,	/* the token printed on the visit papers */
	PROOF_SELF_TOKEN	/* a token for the patient's own account */
};

/* The applicant's address against the patient's own address on file. */
enum own_addr {
	OWN_NONE,		/* the patient has no address on file */
	OWN_SAME,		/* the address is the patient's on file */
	OWN_OTHER		/* the patient has another address on file */
};

struct elig_in {
	int		 as_self;	/* applying as the patient */
	int		 age;		/* the patient's age today */
	int		 name_matches;	/* as_self: the name is the patient's */
	const char	*relation;	/* guardian: kind on file, or NULL */
	int		 foster;	/* patient in DCF custody */
	int		 guardianship;	/* guardianship papers on file */
	int		 email_of_guardian; /* the address is a guardian's on file */
	enum proof	 proof;
	enum own_addr	 own_addr;	/* as_self */
	int		 email_taken;	/* the address is on another account */
	int		 other_self;	/* another account holds (or asked to
					 * hold) the patient as themselves */
	int		 issued_age;	/* by token: the patient's age on the
					 * day it was issued (-1 unknown) */
};

/* The first rule of the printed table that applies, or ELIG_OK.
 * ELIG_SELF_SECOND is not a refusal: the request goes to the staff queue. */
enum elig	 policy_signup(const struct elig_in *in);
/* What to tell the applicant (something they can act on). */
const char	*policy_signup_message(enum elig e);
/* The role an account holds a patient in, for a relation kind on file;
 * NULL for kinds that never hold one. */
const char	*policy_role(const char *relation_kind);
/* 1 if the guardians on file are to be told of a patient's own new
 * account (13- and 14-year-olds, F-SIGNUP 4). */
int		 policy_notify_guardians(int age);
/* The person on file the applicant is, by name (case and spacing
 * ignored); among several, the one whose kind grants access wins.
 * Index into r, or -1. */
long		 policy_match_relation(const struct person_on_file *r, size_t n,
		    const char *given, const char *family);
/*
 * Whether staff may issue a self-access token for a patient of this age
 * with (1) or without (0) an address of the patient's own on file: NULL
 * if so, else why not (static text).
 */
const char	*policy_self_token(int age, int has_own_addr);
/* 1 if a patient of this age needs their own address for an own account
 * (13-17): on file, or confirmed by staff. */
int		 policy_own_address_needed(int age);
/* Prints the sign-up rules, in the order they are applied. */
void		 policy_print_signup(FILE *out);
/* 1 if two names are the same, case and spacing ignored. */
int		 policy_same_name(const char *a, const char *b);

#endif
