/*
 * lib/policy/policy_secret: single use and expiry of activation tokens
 * and e-mailed links (issue 8.4), as a table: every rule alone, each
 * pair in the order the table applies them, and the boundary of expiry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy_secret.h"
#include "t.h"

#define NOW	((time_t)1767225600)
#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))

static const struct {
	const char		*what;
	struct secret_facts	 f;
	enum secret_state	 want;
} cases[] = {
	/* found voided proof_ok used expires */
	{ "a fresh link", { 1, 0, 1, 0, NOW + 3600 }, SECRET_OK },
	{ "a fresh token, right date of birth", { 1, 0, 1, 0, NOW + 86400 }, SECRET_OK },
	{ "no such selector, or a wrong verifier", { 0, 0, 1, 0, NOW + 3600 }, SECRET_BAD },
	{ "not found beats everything", { 0, 1, 0, NOW - 5, NOW - 5 }, SECRET_BAD },
	{ "voided", { 1, 1, 1, 0, NOW + 3600 }, SECRET_VOIDED },
	{ "voided, told before a wrong date of birth", { 1, 1, 0, 0, NOW + 3600 }, SECRET_VOIDED },
	{ "voided, told before used and expired", { 1, 1, 1, NOW - 9, NOW - 1 }, SECRET_VOIDED },
	{ "wrong date of birth", { 1, 0, 0, 0, NOW + 3600 }, SECRET_MISMATCH },
	{ "wrong date of birth hides used", { 1, 0, 0, NOW - 9, NOW + 3600 }, SECRET_MISMATCH },
	{ "wrong date of birth hides expired", { 1, 0, 0, 0, NOW - 1 }, SECRET_MISMATCH },
	{ "used", { 1, 0, 1, NOW - 60, NOW + 3600 }, SECRET_USED },
	{ "used, told before expired", { 1, 0, 1, NOW - 60, NOW - 1 }, SECRET_USED },
	{ "expired a second ago", { 1, 0, 1, 0, NOW - 1 }, SECRET_EXPIRED },
	{ "expires this second: expired", { 1, 0, 1, 0, NOW }, SECRET_EXPIRED },
	{ "expires next second: good", { 1, 0, 1, 0, NOW + 1 }, SECRET_OK },
};

static void
test_table(void)
{
	size_t	 i;

	for (i = 0; i < NELEM(cases); i++)
		T_INT(policy_secret(&cases[i].f, NOW), cases[i].want, cases[i].what);
}

static void
test_print(void)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*f = open_memstream(&buf, &len);

	policy_print_secrets(f);
	fclose(f);
	T_OK(strstr(buf, "1. no such token or link") != NULL, "rule 1: %s", buf);
	T_OK(strstr(buf, "4. used before: refused (single use)") != NULL,
	    "rule 4: %s", buf);
	T_OK(strstr(buf, "5. past its expiry: refused") != NULL, "rule 5: %s", buf);
	free(buf);
}

/* Pass codes: each rule alone, each pair in the table's order, and the
 * boundaries of expiry and of the tries. */
static const struct {
	const char		*what;
	struct pass_code_facts	 f;
	enum secret_state	 want;
	int			 wrong_try;
} codes[] = {
	/* sent matches answers_ok tries max used expires */
	{ "unused, in time, right", { 1, 1, 1, 0, 5, 0, NOW + 900 }, SECRET_OK, 0 },
	{ "4 wrong tries before: still good", { 1, 1, 1, 4, 5, 0, NOW + 900 }, SECRET_OK, 0 },
	{ "none sent", { 0, 0, 1, 0, 5, 0, 0 }, SECRET_BAD, 0 },
	{ "none sent beats everything", { 0, 1, 0, 9, 5, NOW - 5, NOW - 5 }, SECRET_BAD, 0 },
	{ "wrong code", { 1, 0, 1, 0, 5, 0, NOW + 900 }, SECRET_BAD, 1 },
	{ "5 wrong tries: void", { 1, 1, 1, 5, 5, 0, NOW + 900 }, SECRET_VOIDED, 0 },
	{ "void, a wrong code: as any wrong code (tells no guesser the account exists)", { 1, 0, 1, 5, 5, 0, NOW + 900 }, SECRET_BAD, 1 },
	{ "void, told before used and expired", { 1, 1, 1, 6, 5, NOW - 9, NOW - 1 }, SECRET_VOIDED, 0 },
	{ "wrong code hides used", { 1, 0, 1, 0, 5, NOW - 9, NOW + 900 }, SECRET_BAD, 1 },
	{ "wrong code hides expired", { 1, 0, 1, 0, 5, 0, NOW - 1 }, SECRET_BAD, 1 },
	{ "used", { 1, 1, 1, 0, 5, NOW - 60, NOW + 900 }, SECRET_USED, 0 },
	{ "used, told before expired", { 1, 1, 1, 0, 5, NOW - 60, NOW - 1 }, SECRET_USED, 0 },
	{ "expired a second ago", { 1, 1, 1, 0, 5, 0, NOW - 1 }, SECRET_EXPIRED, 0 },
	{ "expires this second: expired", { 1, 1, 1, 0, 5, 0, NOW }, SECRET_EXPIRED, 0 },
	{ "expires next second: good", { 1, 1, 1, 0, 5, 0, NOW + 1 }, SECRET_OK, 0 },
	{ "expired, told before a wrong answer", { 1, 1, 0, 0, 5, 0, NOW - 1 }, SECRET_EXPIRED, 0 },
	{ "used, told before a wrong answer", { 1, 1, 0, 0, 5, NOW - 1, NOW + 9 }, SECRET_USED, 0 },
	{ "wrong answer", { 1, 1, 0, 0, 5, 0, NOW + 900 }, SECRET_MISMATCH, 1 },
	{ "wrong answer, 4 tries before", { 1, 1, 0, 4, 5, 0, NOW + 900 }, SECRET_MISMATCH, 1 },
};

static void
test_pass_codes(void)
{
	enum secret_state	 s;
	size_t			 i;

	for (i = 0; i < NELEM(codes); i++) {
		s = policy_pass_code(&codes[i].f, NOW);
		T_INT(s, codes[i].want, codes[i].what);
		T_OK(policy_pass_code_wrong_try(&codes[i].f, s) ==
		    codes[i].wrong_try, "%s: a wrong try?", codes[i].what);
	}
}

/* Password expiry: changed, days, now, expired. */
static const struct {
	const char	*what;
	int64_t		 changed;
	long		 days;
	int		 want;
} ages[] = {
	{ "never expires (0 days)", NOW - 3650L * 86400, 0, 0 },
	{ "never expires (negative)", NOW - 3650L * 86400, -1, 0 },
	{ "changed today", NOW, 365, 0 },
	{ "a second before the limit", NOW - 365L * 86400 + 1, 365, 0 },
	{ "at the limit: expired", NOW - 365L * 86400, 365, 1 },
	{ "past the limit", NOW - 400L * 86400, 365, 1 },
	{ "age not known: expired", 0, 365, 1 },
	{ "age not known, never expires", 0, 0, 0 },
	{ "one day limit, 23 hours old", NOW - 23 * 3600, 1, 0 },
};

static void
test_password_age(void)
{
	size_t	 i;

	for (i = 0; i < NELEM(ages); i++)
		T_INT(policy_password_expired(ages[i].changed, ages[i].days, NOW),
		    ages[i].want, ages[i].what);
}

static void
test_print_codes(void)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*f = open_memstream(&buf, &len);

	policy_print_pass_codes(f);
	fclose(f);
	T_OK(strstr(buf, "3. as many wrong tries as pass_code_tries") != NULL,
	    "pass codes rule 3: %s", buf);
	T_OK(strstr(buf, "provider_password_days") != NULL, "expiry: %s", buf);
	free(buf);
}

int
main(void)
{
	test_table();
	test_print();
	test_pass_codes();
	test_password_age();
	test_print_codes();
	return t_done("test_policy_secret");
}
