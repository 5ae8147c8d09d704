/*
 * lib/policy_throttle.h: the throttle rules (issue 7 items 3 and 9) as
 * tables: the delay schedule, every rule's limit and what follows it at
 * each boundary (the last free attempt, the first held back, one second
 * before and at the end of a wait), and the configured numbers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "conf.h"
#include "policy_throttle.h"
#include "t.h"

#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))
#define T0		((time_t)1764500000)	/* a window's first event */
#define M		60L

/* The schedule: the n-th event beyond the limit waits this long. */
static const struct {
	long	 n;
	long	 want;
} schedule[] = {
	{ -1, 0 }, { 0, 0 }, { 1, 1 * M }, { 2, 2 * M }, { 3, 5 * M },
	{ 4, 15 * M }, { 5, 30 * M }, { 6, 60 * M }, { 7, 60 * M },
	{ 1000, 60 * M },
};

/* Each rule's defaults: limit, window (s) and what follows. */
static const struct {
	enum thr_kind	 k;
	long		 limit;
	long		 window;
	enum thr_then	 then;
} defaults[] = {
	{ THR_LOGIN, 5, 86400, THEN_DELAY },
	{ THR_LOGIN_ACCOUNT, 10, 86400, THEN_DELAY },
	{ THR_LOGIN_ADDRESS, 100, 900, THEN_WAIT },
	{ THR_TOKEN_DOB, 3, 183 * 86400L, THEN_VOID },
	{ THR_PROOF_ADDRESS, 20, 3600, THEN_WAIT },
	{ THR_QUEUE_ADDRESS, 5, 3600, THEN_WAIT },
	{ THR_QUEUE_ACCOUNT, 3, 0, THEN_WAIT },
	{ THR_MAIL_SIGNUP, 1, 86400, THEN_SKIP },
	{ THR_MAIL_RESET, 3, 3600, THEN_SKIP },
	{ THR_MAIL_PASS_CODE, 3, 3600, THEN_SKIP },
	{ THR_PASS_CODE_ASK, 10, 3600, THEN_WAIT },
	{ THR_PASS_CODE_WRONG, 20, 3600, THEN_WAIT },
	{ THR_APPLY_ADDRESS, 10, 3600, THEN_WAIT },
	{ THR_MFA, 5, 900, THEN_WAIT },
	{ THR_PATIENT_SEARCH, 120, 3600, THEN_WAIT },
	{ THR_TOKEN_VALIDATE, 20, 3600, THEN_WAIT },
	{ THR_SHARE_TOKEN, 20, 86400, THEN_WAIT },
	{ THR_CONTACT_ADDRESS, 5, 3600, THEN_WAIT },
	{ THR_CONTACT_SENDER, 5, 86400, THEN_WAIT },
	{ THR_PAY_FORGED, 20, 3600, THEN_SKIP },
	{ THR_PAY_FORGED_ALL, 200, 3600, THEN_SKIP },
	{ THR_PAY_REPEAT, 10, 86400, THEN_SKIP },
};

/* policy_throttle_wait under the default rules: count events, the window
 * begun at T0, the latest at T0 + last, asked at T0 + at. */
static const struct {
	enum thr_kind	 k;
	long		 count;
	long		 last, at;
	long		 want;
	const char	*what;
} waits[] = {
	/* Sign-in: 5 free wrong passwords, then 1, 2, 5 ... minutes. */
	{ THR_LOGIN, 0, 0, 0, 0, "no failures" },
	{ THR_LOGIN, 4, 10, 10, 0, "4 failures: free" },
	{ THR_LOGIN, 5, 10, 10, 60, "5th failure: 1 minute" },
	{ THR_LOGIN, 5, 10, 69, 1, "1 minute less a second" },
	{ THR_LOGIN, 5, 10, 70, 0, "1 minute later" },
	{ THR_LOGIN, 6, 100, 100, 120, "6th: 2 minutes" },
	{ THR_LOGIN, 6, 100, 219, 1, "2 minutes less a second" },
	{ THR_LOGIN, 6, 100, 220, 0, "2 minutes later" },
	{ THR_LOGIN, 7, 0, 0, 300, "7th: 5 minutes" },
	{ THR_LOGIN, 8, 0, 0, 900, "8th: 15 minutes" },
	{ THR_LOGIN, 9, 0, 0, 1800, "9th: 30 minutes" },
	{ THR_LOGIN, 10, 0, 0, 3600, "10th: an hour" },
	{ THR_LOGIN, 50, 0, 0, 3600, "50th: still an hour" },
	{ THR_LOGIN, 50, 0, 3600, 0, "an hour later" },
	{ THR_LOGIN_ACCOUNT, 9, 0, 0, 0, "account-wide: 9 free" },
	{ THR_LOGIN_ACCOUNT, 10, 0, 0, 60, "account-wide: 10th, 1 minute" },
	{ THR_LOGIN_ACCOUNT, 11, 0, 0, 120, "account-wide: 11th, 2 minutes" },
	/* Per address: refused until the window (15 minutes) is over. */
	{ THR_LOGIN_ADDRESS, 99, 500, 500, 0, "address: 99" },
	{ THR_LOGIN_ADDRESS, 100, 500, 500, 400, "address: 100, until T0 + 900" },
	{ THR_LOGIN_ADDRESS, 100, 500, 899, 1, "address: a second before" },
	{ THR_LOGIN_ADDRESS, 100, 500, 900, 0, "address: window over" },
	{ THR_PROOF_ADDRESS, 19, 0, 0, 0, "proofs: 19" },
	{ THR_PROOF_ADDRESS, 20, 0, 10, 3590, "proofs: 20, until T0 + 1 hour" },
	{ THR_PASS_CODE_ASK, 9, 0, 0, 0, "pass codes asked: 9" },
	{ THR_PASS_CODE_ASK, 10, 0, 600, 3000, "pass codes asked: 10, until T0 + 1 hour" },
	{ THR_PASS_CODE_WRONG, 19, 0, 0, 0, "wrong pass codes: 19" },
	{ THR_PASS_CODE_WRONG, 20, 0, 60, 3540, "wrong pass codes: 20, until T0 + 1 hour" },
	{ THR_PASS_CODE_WRONG, 20, 0, 3600, 0, "wrong pass codes: an hour later" },
	{ THR_QUEUE_ADDRESS, 4, 0, 0, 0, "queue: 4 requests" },
	{ THR_QUEUE_ADDRESS, 5, 0, 0, 3600, "queue: 5, an hour" },
	{ THR_QUEUE_ADDRESS, 5, 0, 3600, 0, "queue: an hour later" },
	/* Second-factor codes: 5 wrong in 15 minutes, then wait it out. */
	{ THR_MFA, 4, 0, 0, 0, "codes: 4 wrong, free" },
	{ THR_MFA, 5, 300, 300, 600, "codes: 5th, until T0 + 15 minutes" },
	{ THR_MFA, 5, 300, 899, 1, "codes: a second before" },
	{ THR_MFA, 5, 300, 900, 0, "codes: window over" },
	{ THR_PATIENT_SEARCH, 119, 0, 10, 0, "searches: 119 an hour" },
	{ THR_PATIENT_SEARCH, 120, 0, 600, 3000, "searches: 120, until T0 + 1 hour" },
	{ THR_TOKEN_VALIDATE, 20, 0, 3599, 1, "validations: 20, a second before" },
	{ THR_TOKEN_VALIDATE, 20, 0, 3600, 0, "validations: window over" },
	/* Void and skip rules never wait: they are over, or not. */
	{ THR_TOKEN_DOB, 3, 0, 0, 0, "token: voided, no wait" },
	{ THR_MAIL_SIGNUP, 1, 0, 0, 0, "sign-up mail: skipped, no wait" },
	{ THR_PAY_FORGED, 25, 0, 0, 0, "forged results: unaudited, no wait" },
	{ THR_PAY_FORGED_ALL, 900, 0, 0, 0, "all forged: unaudited, no wait" },
	{ THR_QUEUE_ACCOUNT, 3, 0, 0, 0, "account queue: counted in the store" },
};

/* policy_throttle_over at the limits. */
static const struct {
	enum thr_kind	 k;
	long		 count;
	int		 want;
} overs[] = {
	{ THR_TOKEN_DOB, 0, 0 }, { THR_TOKEN_DOB, 2, 0 }, { THR_TOKEN_DOB, 3, 1 },
	{ THR_TOKEN_DOB, 4, 1 },
	{ THR_QUEUE_ACCOUNT, 2, 0 }, { THR_QUEUE_ACCOUNT, 3, 1 },
	{ THR_MAIL_SIGNUP, 0, 0 }, { THR_MAIL_SIGNUP, 1, 1 },
	{ THR_MAIL_RESET, 2, 0 }, { THR_MAIL_RESET, 3, 1 },
	{ THR_MAIL_PASS_CODE, 2, 0 }, { THR_MAIL_PASS_CODE, 3, 1 },
	{ THR_LOGIN, 4, 0 }, { THR_LOGIN, 5, 1 },
	{ THR_MFA, 4, 0 }, { THR_MFA, 5, 1 },
	{ THR_PATIENT_SEARCH, 119, 0 }, { THR_PATIENT_SEARCH, 120, 1 },
	{ THR_TOKEN_VALIDATE, 19, 0 }, { THR_TOKEN_VALIDATE, 20, 1 },
	{ THR_PAY_FORGED, 19, 0 }, { THR_PAY_FORGED, 20, 1 },
	{ THR_PAY_FORGED_ALL, 199, 0 }, { THR_PAY_FORGED_ALL, 200, 1 },
	{ THR_PAY_REPEAT, 9, 0 }, { THR_PAY_REPEAT, 10, 1 },
};

static void
test_schedule(void)
{
	char	 what[64];
	size_t	 i;

	for (i = 0; i < NELEM(schedule); i++) {
		snprintf(what, sizeof(what), "policy_throttle_delay(%ld)",
		    schedule[i].n);
		T_INT(policy_throttle_delay(schedule[i].n), schedule[i].want, what);
	}
}

static void
test_defaults(void)
{
	struct thr_rule	 r, seen[THR__MAX];
	size_t		 i, j;

	T_INT(NELEM(defaults), THR__MAX, "a row for every rule");
	for (i = 0; i < NELEM(defaults); i++) {
		policy_throttle_rule(defaults[i].k, NULL, &r);
		T_INT(r.tr_limit, defaults[i].limit, r.tr_counts);
		T_INT(r.tr_window, defaults[i].window, r.tr_counts);
		T_INT(r.tr_then, defaults[i].then, r.tr_counts);
		T_OK(r.tr_counts != NULL && r.tr_counts[0] != '\0',
		    "rule %d says what it counts", (int)defaults[i].k);
		seen[i] = r;
	}
	/* Keys in the store never collide between rules. */
	for (i = 0; i < NELEM(defaults); i++)
		for (j = i + 1; j < NELEM(defaults); j++)
			T_OK(seen[i].tr_key[0] == '\0' ||
			    strcmp(seen[i].tr_key, seen[j].tr_key) != 0,
			    "key %s used twice", seen[i].tr_key);
}

static void
test_waits(void)
{
	struct thr_rule	 r;
	size_t		 i;

	for (i = 0; i < NELEM(waits); i++) {
		policy_throttle_rule(waits[i].k, NULL, &r);
		T_INT(policy_throttle_wait(&r, waits[i].count, T0,
		    T0 + waits[i].last, T0 + waits[i].at), waits[i].want,
		    waits[i].what);
	}
	for (i = 0; i < NELEM(overs); i++) {
		policy_throttle_rule(overs[i].k, NULL, &r);
		T_INT(policy_throttle_over(&r, overs[i].count), overs[i].want,
		    r.tr_counts);
	}
}

/* The numbers portal.conf sets. */
static void
test_configured(void)
{
	struct conf	 cf;
	struct thr_rule	 r;

	memset(&cf, 0, sizeof(cf));
	cf.login_fail_account = 3;
	cf.login_fail_address = 7;
	cf.login_window = 120;
	cf.token_lifetime_days = 10;
	policy_throttle_rule(THR_LOGIN, &cf, &r);
	T_INT(r.tr_limit, 3, "login_fail_account");
	T_INT(r.tr_window, 86400, "login: window not configured");
	T_INT(policy_throttle_wait(&r, 3, T0, T0, T0), 60,
	    "3rd failure with login_fail_account = 3: 1 minute");
	policy_throttle_rule(THR_LOGIN_ADDRESS, &cf, &r);
	T_INT(r.tr_limit, 7, "login_fail_address");
	T_INT(r.tr_window, 120, "login_window");
	policy_throttle_rule(THR_TOKEN_DOB, &cf, &r);
	T_INT(r.tr_window, 10 * 86400L, "token_lifetime_days");
	T_INT(r.tr_limit, 3, "token: limit not configured");
	cf.patient_search_hour = 4;
	policy_throttle_rule(THR_PATIENT_SEARCH, &cf, &r);
	T_INT(r.tr_limit, 4, "patient_search_hour");
	T_INT(r.tr_window, 3600, "patient search: an hour");
	T_INT(policy_throttle_wait(&r, 4, T0, T0, T0 + 60), 3540,
	    "5th search with patient_search_hour = 4: until the hour is over");
	policy_throttle_rule(THR_LOGIN_ACCOUNT, &cf, &r);
	T_INT(r.tr_limit, 10, "account-wide: not configured");
}

/* The printout names every rule's number and the schedule. */
static void
test_print(void)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*f = open_memstream(&buf, &len);

	if (f == NULL) {
		T_OK(0, "open_memstream");
		return;
	}
	policy_throttle_print(f, NULL);
	fclose(f);
	T_OK(strstr(buf, "THROTTLING") != NULL, "heading");
	T_OK(strstr(buf, "1, 2, 5, 15, 30 minutes, then 60 minutes") != NULL,
	    "the schedule: %s", buf);
	T_OK(strstr(buf, "activation token, from any\n    address: 3") != NULL ||
	    strstr(buf, "activation token, from any address: 3") != NULL,
	    "the token limit: %s", buf);
	T_OK(strstr(buf, "voids the token") != NULL, "the void");
	T_OK(strstr(buf, "waiting for staff: 3;") != NULL, "the account queue");
	free(buf);
}

/* Per-address keys: IPv4 as given, IPv6 by its /64 (review of 7.3). */
static const struct {
	const char	*addr;
	const char	*want;
} addrs[] = {
	{ "192.0.2.7", "192.0.2.7" },
	{ "10.0.0.1", "10.0.0.1" },
	{ "2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64" },
	{ "2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64" },
	{ "2001:DB8:1:2::1", "2001:db8:1:2::/64" },
	{ "2001:0db8:0001:0002:0000:0000:0000:0009", "2001:db8:1:2::/64" },
	{ "2001:db8:1:3::1", "2001:db8:1:3::/64" },
	{ "2001:db8::1", "2001:db8::/64" },
	{ "::1", "::/64" },
	{ "fe80::1%eth0", "fe80::/64" },
	{ "::ffff:192.0.2.7", "192.0.2.7" },
	{ "", "unknown:" },
	{ NULL, "unknown:" },
	{ "not an address", "unknown:not an address" },
	{ "192.0.2.300", "unknown:192.0.2.300" },
	{ "2001:db8::1::2", "unknown:2001:db8::1::2" },
	{ "%eth0", "unknown:%eth0" },
	{ "1111111111222222222233333333334444444444555555555566666666667",
	    "unknown:1111111111222222222233333333334444444444" },
};

static void
test_addrs(void)
{
	char	 buf[64], other[64], small[8], what[128];
	size_t	 i;

	for (i = 0; i < NELEM(addrs); i++) {
		snprintf(what, sizeof(what), "policy_throttle_addr(%s)",
		    addrs[i].addr ? addrs[i].addr : "NULL");
		T_STR(policy_throttle_addr(addrs[i].addr, buf, sizeof(buf)),
		    addrs[i].want, what);
	}
	/* Every address of one /64 shares a key; the next /64 does not. */
	policy_throttle_addr("2001:db8:1:2::a", buf, sizeof(buf));
	T_STR(policy_throttle_addr("2001:db8:1:2:aaaa::b", other,
	    sizeof(other)), buf, "one /64, one key");
	/* A short buffer is cut, never overrun. */
	T_STR(policy_throttle_addr("2001:db8:1:2::1", small, sizeof(small)),
	    "2001:db", "cut to the buffer");
}

int
main(void)
{
	test_schedule();
	test_addrs();
	test_defaults();
	test_waits();
	test_configured();
	test_print();
	return t_done("test_policy_throttle");
}
