/*
 * The sign-up policy (lib/policy.h) as tables: ages at every birthday
 * boundary, each eligibility rule and its order, roles, who is told of a
 * teenager's account, and matching an applicant to the people on file.
 * SPEC F-SIGNUP 1, 2, 4 and 7, F-PROXY 2-5 and 7; issue 7.2 and 7.4 (the
 * self-access token, the own address, one own account per patient).
 */
#include <stdio.h>
#include <string.h>

#include "policy.h"
#include "store_patients.h"
#include "t.h"

#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))

static const struct {
	const char	*dob;
	int		 y, m, d;
	int		 want;
} ages[] = {
	/* The 13th and 18th birthdays: the day before and the day. */
	{ "2010-06-15", 2023, 6, 14, 12 },
	{ "2010-06-15", 2023, 6, 15, 13 },
	{ "2010-06-15", 2023, 6, 16, 13 },
	{ "2010-06-15", 2028, 6, 14, 17 },
	{ "2010-06-15", 2028, 6, 15, 18 },
	{ "2010-06-15", 2023, 5, 31, 12 },
	{ "2010-06-15", 2023, 7, 1, 13 },
	{ "2010-01-01", 2022, 12, 31, 12 },
	{ "2010-01-01", 2023, 1, 1, 13 },
	{ "2009-12-31", 2022, 12, 30, 12 },
	{ "2009-12-31", 2022, 12, 31, 13 },
	/* Born on 29 February: 1 March in common years, 29 Feb in leap years. */
	{ "2008-02-29", 2021, 2, 28, 12 },
	{ "2008-02-29", 2021, 3, 1, 13 },
	{ "2008-02-29", 2024, 2, 28, 15 },
	{ "2008-02-29", 2024, 2, 29, 16 },
	{ "2008-02-29", 2024, 3, 1, 16 },
	{ "2008-02-29", 2026, 2, 28, 17 },
	{ "2008-02-29", 2026, 3, 1, 18 },
	{ "2012-02-29", 2025, 2, 28, 12 },
	{ "2012-02-29", 2025, 3, 1, 13 },
	{ "2000-02-29", 2100, 2, 28, 99 },	/* 2100 is a common year */
	{ "2000-02-29", 2100, 3, 1, 100 },
	{ "2000-02-29", 2000, 2, 29, 0 },
	/* Born today, and not born yet. */
	{ "2020-01-01", 2020, 1, 1, 0 },
	{ "2020-01-02", 2020, 1, 1, -1 },
	{ "2020-06-15", 2020, 6, 14, -1 },
	{ "2025-01-01", 2020, 1, 1, -1 },
	{ "2030-06-15", 2020, 6, 16, -1 },
	/* Malformed. */
	{ NULL, 2020, 1, 1, -1 },
	{ "", 2020, 1, 1, -1 },
	{ "2010-6-15", 2020, 1, 1, -1 },
	{ "20100615", 2020, 1, 1, -1 },
	{ "2010/06/15", 2020, 1, 1, -1 },
	{ "06/15/2010", 2020, 1, 1, -1 },
	{ "2010-06-15 ", 2020, 1, 1, -1 },
	{ "abcd-ef-gh", 2020, 1, 1, -1 },
	{ "2010-13-01", 2020, 1, 1, -1 },
	{ "2010-06-32", 2020, 1, 1, -1 },
};

/*
 * as_self, age, name_matches, relation, foster, guardianship,
 * email_of_guardian, proof, own_addr, email_taken, other_self
 */
#define PS	PROOF_STAFF
#define PF	PROOF_FAMILY_TOKEN
#define PT	PROOF_SELF_TOKEN
#define ON	OWN_NONE
#define OS	OWN_SAME
#define OO	OWN_OTHER
static const struct {
	struct elig_in	 in;
	enum elig	 want;
} signups[] = {
	/* The patient themselves. */
	{ { 1, 0, 1, NULL, 0, 0, 0, PS, ON, 0, 0, -1 }, ELIG_SELF_UNDER_13 },
	{ { 1, 12, 1, NULL, 0, 0, 0, PS, ON, 0, 0, -1 }, ELIG_SELF_UNDER_13 },
	{ { 1, 12, 0, NULL, 0, 0, 1, PS, ON, 0, 0, -1 }, ELIG_SELF_UNDER_13 },
	{ { 1, 13, 1, NULL, 0, 0, 0, PS, ON, 0, 0, -1 }, ELIG_OK },
	{ { 1, 13, 0, NULL, 0, 0, 0, PS, ON, 0, 0, -1 }, ELIG_SELF_NAME },
	{ { 1, 13, 1, NULL, 0, 0, 1, PS, ON, 0, 0, -1 }, ELIG_TEEN_EMAIL },
	{ { 1, 14, 1, NULL, 0, 0, 0, PS, ON, 0, 0, -1 }, ELIG_OK },
	{ { 1, 17, 1, NULL, 0, 0, 0, PS, ON, 0, 0, -1 }, ELIG_OK },
	{ { 1, 17, 1, NULL, 0, 0, 1, PS, ON, 0, 0, -1 }, ELIG_TEEN_EMAIL },
	{ { 1, 17, 0, NULL, 0, 0, 1, PS, ON, 0, 0, -1 }, ELIG_SELF_NAME },
	{ { 1, 18, 1, NULL, 0, 0, 1, PS, ON, 0, 0, -1 }, ELIG_OK },
	{ { 1, 18, 0, NULL, 0, 0, 0, PS, ON, 0, 0, -1 }, ELIG_SELF_NAME },
	{ { 1, 40, 1, NULL, 0, 0, 0, PS, ON, 0, 0, -1 }, ELIG_OK },
	/* A foster child aged 13+ may hold their own record. */
	{ { 1, 15, 1, NULL, 1, 0, 0, PS, ON, 0, 0, -1 }, ELIG_OK },
	/* Someone on file for the patient. */
	{ { 0, 5, 0, "parent", 0, 0, 0, PS, ON, 0, 0, -1 }, ELIG_OK },
	{ { 0, 5, 0, "legal_guardian", 0, 0, 0, PS, ON, 0, 0, -1 }, ELIG_OK },
	{ { 0, 5, 0, "dcf_caseworker", 0, 0, 0, PS, ON, 0, 0, -1 }, ELIG_OK },
	{ { 0, 5, 0, "foster_parent", 0, 0, 0, PS, ON, 0, 0, -1 }, ELIG_FOSTER_PARENT },
	{ { 0, 5, 0, NULL, 0, 0, 0, PS, ON, 0, 0, -1 }, ELIG_NOT_ON_FILE },
	{ { 0, 5, 0, "", 0, 0, 0, PS, ON, 0, 0, -1 }, ELIG_NOT_ON_FILE },
	{ { 0, 5, 0, "grandparent", 0, 0, 0, PS, ON, 0, 0, -1 }, ELIG_NOT_ON_FILE },
	{ { 0, 5, 0, "self", 0, 0, 0, PS, ON, 0, 0, -1 }, ELIG_NOT_ON_FILE },
	{ { 0, 0, 0, "parent", 0, 0, 1, PS, ON, 0, 0, -1 }, ELIG_OK },
	{ { 0, 13, 0, "parent", 0, 0, 1, PS, ON, 0, 0, -1 }, ELIG_OK },
	{ { 0, 15, 0, "legal_guardian", 0, 0, 0, PS, ON, 0, 0, -1 }, ELIG_OK },
	/* A child in DCF custody: only the caseworker. */
	{ { 0, 5, 0, "parent", 1, 0, 0, PS, ON, 0, 0, -1 }, ELIG_FOSTER_CUSTODY },
	{ { 0, 5, 0, "legal_guardian", 1, 0, 0, PS, ON, 0, 0, -1 }, ELIG_FOSTER_CUSTODY },
	{ { 0, 5, 0, "dcf_caseworker", 1, 0, 0, PS, ON, 0, 0, -1 }, ELIG_OK },
	{ { 0, 5, 0, "foster_parent", 1, 0, 0, PS, ON, 0, 0, -1 }, ELIG_FOSTER_PARENT },
	{ { 0, 5, 0, NULL, 1, 0, 0, PS, ON, 0, 0, -1 }, ELIG_NOT_ON_FILE },
	{ { 0, 17, 0, "dcf_caseworker", 1, 0, 0, PS, ON, 0, 0, -1 }, ELIG_OK },
	/* 17 and 18, with and without guardianship papers. */
	{ { 0, 17, 0, "parent", 0, 0, 0, PS, ON, 0, 0, -1 }, ELIG_OK },
	{ { 0, 17, 0, "parent", 0, 1, 0, PS, ON, 0, 0, -1 }, ELIG_OK },
	{ { 0, 18, 0, "parent", 0, 0, 0, PS, ON, 0, 0, -1 }, ELIG_ADULT },
	{ { 0, 18, 0, "parent", 0, 1, 0, PS, ON, 0, 0, -1 }, ELIG_OK },
	{ { 0, 18, 0, "legal_guardian", 0, 0, 0, PS, ON, 0, 0, -1 }, ELIG_ADULT },
	{ { 0, 18, 0, "legal_guardian", 0, 1, 0, PS, ON, 0, 0, -1 }, ELIG_OK },
	{ { 0, 18, 0, "dcf_caseworker", 0, 0, 0, PS, ON, 0, 0, -1 }, ELIG_ADULT },
	{ { 0, 18, 0, "dcf_caseworker", 1, 0, 0, PS, ON, 0, 0, -1 }, ELIG_ADULT },
	{ { 0, 18, 0, "dcf_caseworker", 1, 1, 0, PS, ON, 0, 0, -1 }, ELIG_OK },
	{ { 0, 18, 0, "foster_parent", 0, 1, 0, PS, ON, 0, 0, -1 }, ELIG_FOSTER_PARENT },
	{ { 0, 35, 0, "legal_guardian", 0, 1, 0, PS, ON, 0, 0, -1 }, ELIG_OK },
	{ { 0, 35, 0, "parent", 0, 0, 0, PS, ON, 0, 0, -1 }, ELIG_ADULT },
	/* An age that cannot be computed (bad date of birth on file) denies. */
	{ { 0, -1, 0, "parent", 0, 0, 0, PS, ON, 0, 0, -1 }, ELIG_RECORD },
	{ { 1, -1, 1, NULL, 0, 0, 0, PS, ON, 0, 0, -1 }, ELIG_RECORD },
	/*
	 * Issue 7.2 and 7.4: a 13-17-year-old's own account rests on a
	 * self-access token and their own address on file (or on staff).
	 */
	{ { 1, 12, 1, NULL, 0, 0, 0, PT, OS, 0, 0, -1 }, ELIG_SELF_UNDER_13 },
	{ { 1, 13, 1, NULL, 0, 0, 0, PF, OS, 0, 0, -1 }, ELIG_SELF_FAMILY_TOKEN },
	{ { 1, 15, 1, NULL, 0, 0, 0, PF, ON, 0, 0, -1 }, ELIG_SELF_FAMILY_TOKEN },
	{ { 1, 17, 1, NULL, 0, 0, 1, PF, OO, 1, 1, -1 }, ELIG_SELF_FAMILY_TOKEN },
	{ { 1, 15, 0, NULL, 0, 0, 0, PF, OS, 0, 0, -1 }, ELIG_SELF_NAME },
	{ { 1, 13, 1, NULL, 0, 0, 0, PT, OS, 0, 0, -1 }, ELIG_OK },
	{ { 1, 17, 1, NULL, 0, 0, 0, PT, OS, 0, 0, -1 }, ELIG_OK },
	{ { 1, 15, 1, NULL, 1, 0, 0, PT, OS, 0, 0, -1 }, ELIG_OK },
	{ { 1, 15, 1, NULL, 0, 0, 1, PT, OO, 0, 0, -1 }, ELIG_TEEN_EMAIL },
	{ { 1, 15, 1, NULL, 0, 0, 0, PT, ON, 0, 0, -1 }, ELIG_TEEN_NO_ADDRESS },
	{ { 1, 15, 1, NULL, 0, 0, 0, PT, ON, 1, 1, -1 }, ELIG_TEEN_NO_ADDRESS },
	{ { 1, 15, 1, NULL, 0, 0, 0, PT, OO, 0, 0, -1 }, ELIG_TEEN_NOT_OWN },
	{ { 1, 15, 1, NULL, 0, 0, 0, PT, OO, 1, 0, -1 }, ELIG_TEEN_NOT_OWN },
	{ { 1, 15, 1, NULL, 0, 0, 0, PT, OS, 1, 0, -1 }, ELIG_TEEN_TAKEN },
	{ { 1, 15, 1, NULL, 0, 0, 0, PT, OS, 1, 1, -1 }, ELIG_TEEN_TAKEN },
	{ { 1, 15, 1, NULL, 0, 0, 0, PT, OS, 0, 1, -1 }, ELIG_SELF_SECOND },
	{ { 1, 13, 1, NULL, 0, 0, 0, PT, OS, 0, 1, -1 }, ELIG_SELF_SECOND },
	/* Through staff (MRN and visit date, or staff deciding a request):
	 * staff check the address and a second account themselves. */
	{ { 1, 15, 1, NULL, 0, 0, 0, PS, ON, 0, 0, -1 }, ELIG_OK },
	{ { 1, 15, 1, NULL, 0, 0, 0, PS, OO, 0, 1, -1 }, ELIG_OK },
	{ { 1, 15, 1, NULL, 0, 0, 1, PS, OO, 0, 0, -1 }, ELIG_TEEN_EMAIL },
	{ { 1, 15, 1, NULL, 0, 0, 0, PS, OS, 1, 0, -1 }, ELIG_TEEN_TAKEN },
	/* 18 and older: either token, any address; a second own account
	 * still goes to staff. The day before the 18th birthday is 17. The
	 * last field is the patient's age when the token was issued. */
	{ { 1, 18, 1, NULL, 0, 0, 0, PF, ON, 0, 0, 18 }, ELIG_OK },
	{ { 1, 18, 1, NULL, 0, 0, 1, PF, OO, 1, 0, 18 }, ELIG_OK },
	{ { 1, 18, 1, NULL, 0, 0, 0, PT, ON, 0, 0, -1 }, ELIG_OK },
	{ { 1, 30, 1, NULL, 0, 1, 0, PF, ON, 0, 0, 29 }, ELIG_OK },
	{ { 1, 18, 1, NULL, 0, 0, 0, PF, ON, 0, 1, 18 }, ELIG_SELF_SECOND },
	/* Review of issue 7.2: a family token issued before the 18th
	 * birthday (papers a parent holds) never opens the adult's own
	 * account, nor one issued at an unknown time; a self-access token
	 * issued at 13-17 still does. */
	{ { 1, 18, 1, NULL, 0, 0, 0, PF, ON, 0, 0, 17 }, ELIG_SELF_MINOR_TOKEN },
	{ { 1, 18, 1, NULL, 0, 0, 0, PF, OS, 0, 0, 17 }, ELIG_SELF_MINOR_TOKEN },
	{ { 1, 18, 1, NULL, 0, 0, 0, PF, OS, 0, 0, -1 }, ELIG_SELF_MINOR_TOKEN },
	{ { 1, 25, 1, NULL, 0, 0, 0, PF, OO, 0, 1, 5 }, ELIG_SELF_MINOR_TOKEN },
	{ { 1, 18, 0, NULL, 0, 0, 0, PF, ON, 0, 0, 17 }, ELIG_SELF_NAME },
	{ { 1, 19, 1, NULL, 0, 0, 0, PF, ON, 0, 0, 19 }, ELIG_OK },
	{ { 1, 18, 1, NULL, 0, 0, 0, PT, OS, 0, 0, 15 }, ELIG_OK },
	{ { 0, 18, 0, "parent", 0, 1, 0, PF, ON, 0, 0, 17 }, ELIG_OK },
	{ { 1, 40, 1, NULL, 0, 0, 0, PT, OS, 0, 1, -1 }, ELIG_SELF_SECOND },
	{ { 1, 17, 1, NULL, 0, 0, 0, PF, ON, 0, 0, -1 }, ELIG_SELF_FAMILY_TOKEN },
	{ { 1, 18, 0, NULL, 0, 0, 0, PT, OS, 0, 1, -1 }, ELIG_SELF_NAME },
	{ { 1, -1, 1, NULL, 0, 0, 0, PT, OS, 0, 0, -1 }, ELIG_RECORD },
	/* A self-access token never opens a guardian's account. */
	{ { 0, 5, 0, "parent", 0, 0, 0, PT, ON, 0, 0, -1 }, ELIG_GUARDIAN_SELF_TOKEN },
	{ { 0, 15, 0, "parent", 0, 0, 0, PT, ON, 0, 0, -1 }, ELIG_GUARDIAN_SELF_TOKEN },
	{ { 0, 22, 0, "legal_guardian", 0, 1, 0, PT, ON, 0, 0, -1 }, ELIG_GUARDIAN_SELF_TOKEN },
	{ { 0, 15, 0, NULL, 0, 0, 0, PT, ON, 0, 0, -1 }, ELIG_GUARDIAN_SELF_TOKEN },
	{ { 0, 15, 0, "parent", 0, 0, 1, PF, ON, 1, 1, -1 }, ELIG_OK },
	{ { 0, 15, 0, "foster_parent", 0, 0, 0, PF, ON, 0, 0, -1 }, ELIG_FOSTER_PARENT },
	{ { 0, 18, 0, "parent", 0, 0, 0, PF, ON, 0, 0, -1 }, ELIG_ADULT },
};

/* Who staff may give a self-access token (issue 7.2). */
static const struct {
	int	 age;
	int	 has_addr;
	int	 ok;
} self_tokens[] = {
	{ -1, 1, 0 }, { 0, 1, 0 }, { 12, 1, 0 }, { 12, 0, 0 },
	{ 13, 0, 0 }, { 13, 1, 1 }, { 15, 0, 0 }, { 17, 0, 0 }, { 17, 1, 1 },
	{ 18, 0, 1 }, { 18, 1, 1 }, { 40, 0, 1 },
};

static const struct {
	int	 age;
	int	 want;
} own_addr[] = {
	{ -1, 0 }, { 12, 0 }, { 13, 1 }, { 17, 1 }, { 18, 0 }, { 40, 0 },
};

static const struct {
	const char	*kind;
	const char	*role;
} roles[] = {
	{ "parent", "parent" },
	{ "legal_guardian", "legal_guardian" },
	{ "dcf_caseworker", "dcf_caseworker" },
	{ "foster_parent", NULL },
	{ "self", NULL },
	{ "grandparent", NULL },
	{ "Parent", NULL },
	{ "", NULL },
	{ NULL, NULL },
};

static const struct {
	int	 age;
	int	 want;
} notify[] = {
	{ -1, 0 }, { 0, 0 }, { 12, 0 }, { 13, 1 }, { 14, 1 }, { 15, 0 },
	{ 17, 0 }, { 18, 0 }, { 40, 0 },
};

static const struct {
	const char	*a, *b;
	int		 want;
} names[] = {
	{ "Mary", "Mary", 1 },
	{ "MARY", "mary", 1 },
	{ " Mary ", "Mary", 1 },
	{ "Mary-Ann  O'Neil", "mary ann oneil", 1 },
	{ "Mary Ann", "Mary-Ann", 1 },
	{ "St. John", "st john", 1 },
	{ "O'Brien", "OBRIEN", 1 },
	{ "Jos\xc3\xa9", "jos\xc3\xa9", 1 },
	{ "", "", 1 },
	{ "Mary", "Marie", 0 },
	{ "Mary", "Mary Ann", 0 },
	{ "Mary Ann", "Mary", 0 },
	{ "Ann", "", 0 },
	{ "", "Ann", 0 },
	{ "Ann1", "Ann", 0 },
	{ "Ann", "Anne", 0 },
};

/* One family's people on file. */
static const struct person_on_file fam[] = {
	{ "parent", "Mary", "Smith" },
	{ "legal_guardian", "John", "Smith" },
	{ "foster_parent", "Kate", "Jones" },
	{ "parent", "Mary-Ann", "O'Neil" },
};

/* One person on file several times: the kind that grants most wins. */
static const struct person_on_file multi[] = {
	{ "foster_parent", "Ann", "Lee" },
	{ "parent", "Ann", "Lee" },
	{ "dcf_caseworker", "ann", "LEE" },
	{ "legal_guardian", "Ann", "Lee" },
	{ "parent", "Bo", "Lee" },
	{ "legal_guardian", "Bo", "Lee" },
	{ "foster_parent", "Cy", "Lee" },
	{ "parent", "Cy", "Lee" },
	{ "parent", "Di", "Lee" },
	{ "parent", "Di", "Lee" },
	{ "uncle", "Ed", "Lee" },
};

static const struct {
	const struct person_on_file *r;
	size_t			 n;
	const char		*given, *family;
	long			 want;
} matches[] = {
	{ fam, NELEM(fam), "Mary", "Smith", 0 },
	{ fam, NELEM(fam), "mary", "SMITH", 0 },
	{ fam, NELEM(fam), "  John ", "smith", 1 },
	{ fam, NELEM(fam), "Kate", "Jones", 2 },	/* found, refused later */
	{ fam, NELEM(fam), "Mary Ann", "ONeil", 3 },
	{ fam, NELEM(fam), "mary-ann", "o'neil", 3 },
	{ fam, NELEM(fam), "Mary", "Jones", -1 },
	{ fam, NELEM(fam), "Bob", "Smith", -1 },
	{ fam, NELEM(fam), "Smith", "Mary", -1 },
	{ fam, NELEM(fam), "", "", -1 },
	{ fam, 0, "Mary", "Smith", -1 },
	{ multi, NELEM(multi), "Ann", "Lee", 2 },
	{ multi, NELEM(multi), "Bo", "Lee", 5 },
	{ multi, NELEM(multi), "Cy", "Lee", 7 },
	{ multi, NELEM(multi), "Di", "Lee", 8 },	/* a tie: the first */
	{ multi, NELEM(multi), "Ed", "Lee", -1 },	/* no such kind */
	{ multi, 1, "Ann", "Lee", 0 },
};

int
main(void)
{
	char	 what[128];
	int	 seen[ELIG__MAX] = { 0 };
	size_t	 i;
	int	 e;

	for (i = 0; i < NELEM(ages); i++) {
		snprintf(what, sizeof(what), "policy_age(%s, %04d-%02d-%02d)",
		    ages[i].dob ? ages[i].dob : "NULL", ages[i].y, ages[i].m,
		    ages[i].d);
		T_INT(policy_age(ages[i].dob, ages[i].y, ages[i].m, ages[i].d),
		    ages[i].want, what);
	}

	for (i = 0; i < NELEM(signups); i++) {
		snprintf(what, sizeof(what), "policy_signup row %zu", i);
		T_INT(policy_signup(&signups[i].in), signups[i].want, what);
		seen[signups[i].want] = 1;
	}
	/* The table reaches every outcome, and each refusal says why. */
	for (e = 0; e < ELIG__MAX; e++) {
		T_OK(seen[e], "no policy_signup row gives elig %d", e);
		if (e != ELIG_OK)
			T_OK(policy_signup_message((enum elig)e) != NULL &&
			    policy_signup_message((enum elig)e)[0] != '\0',
			    "policy_signup_message(%d) is empty", e);
	}
	T_OK(policy_signup_message(ELIG__MAX) != NULL,
	    "policy_signup_message(ELIG__MAX) is NULL");

	for (i = 0; i < NELEM(roles); i++) {
		snprintf(what, sizeof(what), "policy_role(%s)",
		    roles[i].kind ? roles[i].kind : "NULL");
		T_STR(policy_role(roles[i].kind), roles[i].role, what);
	}

	for (i = 0; i < NELEM(notify); i++) {
		snprintf(what, sizeof(what), "policy_notify_guardians(%d)",
		    notify[i].age);
		T_INT(policy_notify_guardians(notify[i].age) != 0, notify[i].want, what);
	}

	for (i = 0; i < NELEM(self_tokens); i++) {
		snprintf(what, sizeof(what), "policy_self_token(%d, %d)",
		    self_tokens[i].age, self_tokens[i].has_addr);
		T_INT(policy_self_token(self_tokens[i].age,
		    self_tokens[i].has_addr) == NULL, self_tokens[i].ok, what);
	}

	for (i = 0; i < NELEM(own_addr); i++) {
		snprintf(what, sizeof(what), "policy_own_address_needed(%d)",
		    own_addr[i].age);
		T_INT(policy_own_address_needed(own_addr[i].age), own_addr[i].want,
		    what);
	}

	for (i = 0; i < NELEM(names); i++) {
		snprintf(what, sizeof(what), "policy_same_name(\"%s\", \"%s\")",
		    names[i].a, names[i].b);
		T_INT(policy_same_name(names[i].a, names[i].b) != 0, names[i].want,
		    what);
		T_INT(policy_same_name(names[i].b, names[i].a) != 0, names[i].want,
		    what);
	}

	for (i = 0; i < NELEM(matches); i++) {
		snprintf(what, sizeof(what), "policy_match_relation row %zu (%s %s)",
		    i, matches[i].given, matches[i].family);
		T_INT(policy_match_relation(matches[i].r, matches[i].n,
		    matches[i].given, matches[i].family), matches[i].want, what);
	}

	return t_done("test_policy");
}
