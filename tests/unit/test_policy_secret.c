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

int
main(void)
{
	test_table();
	test_print();
	return t_done("test_policy_secret");
}
