/*
 * Eligibility to hold a patient on a family account. The rules, in order:
 *   as the patient: 13 or older, under their own name, and at 13-17 with
 *   an address that is not a parent's or guardian's on file;
 *   as someone else: on file as parent, legal guardian or DCF caseworker;
 *   a foster parent never; for a child in DCF custody only the
 *   caseworker; for a patient 18 or older only with guardianship papers.
 */
#include <ctype.h>
#include <string.h>

#include "civil.h"
#include "policy.h"
#include "store_patients.h"
#include "valid.h"

int
policy_age(const char *dob, int y, int m, int d)
{
	int	 by, bm, bd, age;

	if (dob == NULL || !valid_ymd(dob, &by, &bm, &bd) || !civil_valid(by, bm, bd))
		return -1;
	/* 29 February: in a common year the birthday is 1 March. */
	if (bm == 2 && bd == 29 && !civil_leap(y)) {
		bm = 3;
		bd = 1;
	}
	age = y - by;
	if (m < bm || (m == bm && d < bd))
		age--;
	return age < 0 ? -1 : age;
}

/* Relation kinds and what they may do. */
static const struct {
	const char	*kind;
	const char	*role;		/* account role, NULL: never holds */
	int		 custody;	/* may hold a child in DCF custody */
	int		 rank;		/* which wins when one name matches several */
} kinds[] = {
	{ "dcf_caseworker", "dcf_caseworker", 1, 3 },
	{ "legal_guardian", "legal_guardian", 0, 2 },
	{ "parent", "parent", 0, 1 },
	{ "foster_parent", NULL, 0, 0 },
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

static long
kind_index(const char *kind)
{
	size_t	 i;

	for (i = 0; kind != NULL && i < NKINDS; i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			return (long)i;
	return -1;
}

enum elig
policy_signup(const struct elig_in *in)
{
	long	 k;

	/* An age that cannot be computed decides nothing: deny. */
	if (in->age < 0)
		return ELIG_RECORD;
	if (in->as_self) {
		if (in->age < 13)
			return ELIG_SELF_UNDER_13;
		if (!in->name_matches)
			return ELIG_SELF_NAME;
		if (in->age < 18 && in->email_of_guardian)
			return ELIG_TEEN_EMAIL;
		return ELIG_OK;
	}
	if ((k = kind_index(in->relation)) < 0)
		return ELIG_NOT_ON_FILE;
	if (kinds[k].role == NULL)
		return ELIG_FOSTER_PARENT;
	if (in->foster && !kinds[k].custody)
		return ELIG_FOSTER_CUSTODY;
	if (in->age >= 18 && !in->guardianship)
		return ELIG_ADULT;
	return ELIG_OK;
}

static const char *const messages[ELIG__MAX] = {
	[ELIG_OK] = "",
	[ELIG_SELF_UNDER_13] = "Patients can have their own account from age 13. "
	    "A parent or legal guardian on file can sign up for the patient instead.",
	[ELIG_SELF_NAME] = "The name you gave does not match the patient's name in "
	    "our records. Enter your name as it appears on your visit papers.",
	[ELIG_TEEN_EMAIL] = "Patients aged 13 to 17 need an e-mail address of their "
	    "own. This address belongs to a parent or guardian on file: use another one.",
	[ELIG_NOT_ON_FILE] = "We could not find you as a parent or legal guardian on "
	    "file for this patient. Check that your name is typed as the hospital has "
	    "it, or call support to have your details added to the patient's record.",
	[ELIG_FOSTER_PARENT] = "Access to a foster child's record is given only to the "
	    "Department of Children & Families caseworker, the child's legal guardian. "
	    "Please contact the caseworker.",
	[ELIG_FOSTER_CUSTODY] = "This patient is in the custody of the Department of "
	    "Children & Families: only the DCF caseworker, the legal guardian, can have "
	    "access. Please contact the caseworker.",
	[ELIG_RECORD] = "We could not check the patient's details in our records. "
	    "Please call support.",
	[ELIG_ADULT] = "This patient is 18 or older and manages their own account. A "
	    "guardian of an adult patient needs guardianship papers on file: send them "
	    "to the hospital, then sign up again.",
};

const char *
policy_signup_message(enum elig e)
{
	return e < ELIG__MAX ? messages[e] : "";
}

const char *
policy_role(const char *relation_kind)
{
	long	 k = kind_index(relation_kind);

	return k < 0 ? NULL : kinds[k].role;
}

int
policy_notify_guardians(int age)
{
	return age == 13 || age == 14;
}

int
policy_same_name(const char *a, const char *b)
{
	/* Compare letters and digits only, ignoring case: "Mary-Ann  O'Neil"
	 * matches "mary ann oneil". */
	for (;;) {
		while (*a != '\0' && !isalnum((unsigned char)*a) && !((unsigned char)*a & 0x80))
			a++;
		while (*b != '\0' && !isalnum((unsigned char)*b) && !((unsigned char)*b & 0x80))
			b++;
		if (*a == '\0' || *b == '\0')
			return *a == *b;
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
		a++;
		b++;
	}
}

long
policy_match_relation(const struct relation *r, size_t n, const char *given,
    const char *family)
{
	long	 best = -1, k;
	size_t	 i;
	int	 rank = -1;

	for (i = 0; i < n; i++) {
		if (!policy_same_name(r[i].given, given) ||
		    !policy_same_name(r[i].family, family))
			continue;
		k = kind_index(r[i].kind);
		if (k >= 0 && kinds[k].rank > rank) {
			rank = kinds[k].rank;
			best = (long)i;
		}
	}
	return best;
}
