/*
 * Who may do what: pure functions of (who, relationship data, now), no
 * SQL and no clock (callers pass the date). This part: who may hold a
 * patient on a family account (SPEC F-SIGNUP 1, 4 and F-PROXY 3-5 as far
 * as sign-up needs them). Every rule has a row in tests/unit/test_policy.c.
 */
#ifndef PORTAL_POLICY_H
#define PORTAL_POLICY_H

#include <stddef.h>

struct relation;

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
	ELIG__MAX
};

struct elig_in {
	int		 as_self;	/* applying as the patient */
	int		 age;		/* the patient's age today */
	int		 name_matches;	/* as_self: the name is the patient's */
	const char	*relation;	/* guardian: kind on file, or NULL */
	int		 foster;	/* patient in DCF custody */
	int		 guardianship;	/* guardianship papers on file */
	int		 email_of_guardian; /* the address is a guardian's on file */
};

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
long		 policy_match_relation(const struct relation *r, size_t n,
		    const char *given, const char *family);
/* 1 if two names are the same, case and spacing ignored. */
int		 policy_same_name(const char *a, const char *b);

#endif
