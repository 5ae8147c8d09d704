/*
 * The throttle rules. Sign-in counts wrong passwords per account and
 * address (or per account and browser, for a browser that signed in to
 * the account before), with growing delays, so a stranger slows only
 * their own attempts and never locks the owner out of their own browser;
 * an account-wide count over browsers that never signed in to it stops
 * guesses spread over many addresses; a completed password reset clears
 * the account's counts. An activation token is voided after a few wrong
 * dates of birth, wherever they come from. The staff queue is limited
 * per account and per address, and an address gets at most one "sign-up
 * attempt" e-mail a day. An IPv6 client counts by its /64.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "conf.h"
#include "policy_throttle.h"

#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))
#define MINUTE		60
#define HOUR		3600
#define DAY		86400

static const struct thr_rule rules[THR__MAX] = {
	[THR_LOGIN] = { "la", "wrong passwords for one account from one "
	    "address, or from one browser that signed in to it before",
	    5, DAY, THEN_DELAY },
	[THR_LOGIN_ACCOUNT] = { "lw", "wrong passwords for one account from "
	    "all browsers that never signed in to it, from any address",
	    10, DAY, THEN_DELAY },
	[THR_LOGIN_ADDRESS] = { "addr", "wrong passwords from one address, for "
	    "any account (browsers that signed in before are not held back)",
	    100, 15 * MINUTE, THEN_WAIT },
	[THR_TOKEN_DOB] = { "dob", "wrong dates of birth entered with one "
	    "activation token, from any address", 3, 183 * DAY, THEN_VOID },
	[THR_PROOF_ADDRESS] = { "proof", "wrong activation tokens or dates of "
	    "birth from one address", 20, HOUR, THEN_WAIT },
	[THR_QUEUE_ADDRESS] = { "mrnq", "requests by MRN and visit date (sign-up "
	    "or add a patient) from one address", 5, HOUR, THEN_WAIT },
	[THR_QUEUE_ACCOUNT] = { "", "requests by MRN and visit date of one "
	    "account waiting for staff", 3, 0, THEN_WAIT },
	[THR_MAIL_SIGNUP] = { "sumail", "\"Sign-up attempt\" e-mails to an "
	    "address that has an account", 1, DAY, THEN_SKIP },
	[THR_MAIL_RESET] = { "reset", "password-reset e-mails to one address",
	    3, HOUR, THEN_SKIP },
	[THR_MAIL_PASS_CODE] = { "pcmail", "pass-code e-mails to one provider-"
	    "portal account", 3, HOUR, THEN_SKIP },
	[THR_PASS_CODE_ASK] = { "pcask", "pass codes asked for from one "
	    "address, for any account", 10, HOUR, THEN_WAIT },
	[THR_PASS_CODE_WRONG] = { "pcbad", "wrong pass codes or security "
	    "answers from one address (a code is also void after "
	    "pass_code_tries)", 20, HOUR, THEN_WAIT },
	/* Anyone may apply, with three documents of up to 10 MB each kept
	 * in the database and the staff queue: a practice's office applying
	 * for its clinicians stays well below, a script filling the database
	 * does not. */
	[THR_APPLY_ADDRESS] = { "apply", "provider-portal applications (new "
	    "or again) from one address", 10, HOUR, THEN_WAIT },
	/* Each guess at a 6-digit code hits one in 10^6 codes, three steps
	 * wide: 5 guesses a quarter hour give a guesser about 1.5 chances
	 * in 100,000, and keep the owner out 15 minutes at most. */
	[THR_MFA] = { "mfa", "wrong second-factor codes (authenticator or "
	    "recovery codes) for one account, from any address", 5,
	    15 * MINUTE, THEN_WAIT },
	/* A provider looks up the patients they see, a few an hour in a
	 * busy clinic; paging through the hospital's patients by dates of
	 * birth is what the cap on searches stops (issue 12.4). */
	[THR_PATIENT_SEARCH] = { "psearch", "patient searches of one "
	    "provider-portal user (patient_search_hour)", 120, HOUR,
	    THEN_WAIT },
	/* Each validation hashes the verifier and may count a wrong MRN on
	 * a token: a user entering the tokens of their referrals needs few. */
	[THR_TOKEN_VALIDATE] = { "ptoken", "invitation tokens validated by "
	    "one provider-portal user, right or wrong", 20, HOUR, THEN_WAIT },
	/* Each token may be e-mailed to an address the family types: a
	 * family invites its child's few specialists, a script using the
	 * hospital's mail as a relay is stopped. */
	[THR_SHARE_TOKEN] = { "stoken", "invitation tokens issued by one "
	    "family account (each may be e-mailed to an address typed)", 20,
	    DAY, THEN_WAIT },
	/* The contact form e-mails the support team what anyone types (issue
	 * 15.6): a person with a question writes once or twice, a script
	 * filling the support team's mailbox is stopped. */
	[THR_CONTACT_ADDRESS] = { "contact", "contact-form messages to "
	    "support from one address", 5, HOUR, THEN_WAIT },
	[THR_CONTACT_SENDER] = { "contactw", "contact-form messages from one "
	    "account, or one e-mail address typed", 5, DAY, THEN_WAIT },
	/* Anyone can post a result to /pay/notify, and each refused one is
	 * an audit row: the processor's results are signed and never count,
	 * forgeries beyond the limit are refused without a row each, so
	 * that nobody can grow the chain with them. */
	[THR_PAY_FORGED] = { "payforged", "payment results whose signature "
	    "fails, from one address (beyond: refused, not audited each)", 20,
	    HOUR, THEN_SKIP },
	/* An address counts by its /64, and a /48 holds 65,536 of them:
	 * one count over all addresses keeps the forgeries' rows within
	 * a few hundred an hour however many addresses post them. */
	[THR_PAY_FORGED_ALL] = { "payforgedall", "payment results whose "
	    "signature fails, from all addresses together (beyond: refused, "
	    "not audited each)", 200, HOUR, THEN_SKIP },
	/* A signed result is in the family's browser (the return page's
	 * form): it can be posted again as often as anyone likes. A repeat
	 * changes nothing; the first ones of a day are audited, not all. */
	[THR_PAY_REPEAT] = { "payrepeat", "signed payment results that change "
	    "nothing (repeats, refusals) for one payment reference (beyond: "
	    "answered the same, not audited each)", 10, DAY, THEN_SKIP },
};

/* The growing delays of THEN_DELAY; the last one repeats. */
static const long delays[] = {
	1 * MINUTE, 2 * MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR,
};

void
policy_throttle_rule(enum thr_kind k, const struct conf *cf,
    struct thr_rule *out)
{
	if ((unsigned)k >= THR__MAX)
		k = THR_LOGIN;
	*out = rules[k];
	if (cf == NULL)
		return;
	switch (k) {
	case THR_LOGIN:
		out->tr_limit = cf->login_fail_account;
		break;
	case THR_LOGIN_ADDRESS:
		out->tr_limit = cf->login_fail_address;
		out->tr_window = cf->login_window;
		break;
	case THR_TOKEN_DOB:
		/* A count lasts as long as a token can: the void is kept on
		 * the token itself anyway. */
		out->tr_window = cf->token_lifetime_days * DAY;
		break;
	case THR_PATIENT_SEARCH:
		out->tr_limit = cf->patient_search_hour;
		break;
	default:
		break;
	}
}

int
policy_throttle_over(const struct thr_rule *r, long count)
{
	return count >= r->tr_limit;
}

long
policy_throttle_delay(long n)
{
	if (n < 1)
		return 0;
	if ((size_t)n > NELEM(delays))
		n = (long)NELEM(delays);
	return delays[n - 1];
}

long
policy_throttle_wait(const struct thr_rule *r, long count, time_t since,
    time_t last, time_t now)
{
	time_t	 until;

	if (!policy_throttle_over(r, count))
		return 0;
	switch (r->tr_then) {
	case THEN_DELAY:
		until = last + policy_throttle_delay(count - r->tr_limit + 1);
		break;
	case THEN_WAIT:
		if (r->tr_window <= 0)
			return 0;
		until = since + r->tr_window;
		break;
	default:
		return 0;
	}
	return until > now ? (long)(until - now) : 0;
}

/* "15 minutes", "1 hour", "183 days". */
static void
span(char *buf, size_t sz, long s)
{
	static const struct {
		long		 unit;
		const char	*one, *many;
	} units[] = {
		{ DAY, "day", "days" }, { HOUR, "hour", "hours" },
		{ MINUTE, "minute", "minutes" }, { 1, "second", "seconds" },
	};
	size_t	 i;

	for (i = 0; i < NELEM(units) - 1 && s % units[i].unit != 0; i++)
		;
	snprintf(buf, sz, "%ld %s", s / units[i].unit,
	    s / units[i].unit == 1 ? units[i].one : units[i].many);
}

/* Words wrapped at 76 columns under a 4-space indent. */
static void
para(FILE *out, const char *text)
{
	const char	*w = text, *e;
	size_t		 col = 0, n;

	fputs("  - ", out);
	col = 4;
	while (*w != '\0') {
		while (*w == ' ')
			w++;
		if (*w == '\0')
			break;
		e = strchr(w, ' ');
		n = e != NULL ? (size_t)(e - w) : strlen(w);
		if (col > 4 && col + 1 + n > 76) {
			fputs("\n    ", out);
			col = 4;
		} else if (col > 4) {
			fputc(' ', out);
			col++;
		}
		fwrite(w, 1, n, out);
		col += n;
		w += n;
	}
	fputc('\n', out);
}

void
policy_throttle_print(FILE *out, const struct conf *cf)
{
	struct thr_rule	 r;
	char		 line[512], win[32], then[256];
	size_t		 i, k;

	fprintf(out, "THROTTLING (S-2, F-SIGNUP 2 and 6)\n");
	for (k = 0; k < THR__MAX; k++) {
		policy_throttle_rule((enum thr_kind)k, cf, &r);
		span(win, sizeof(win), r.tr_window > 0 ? r.tr_window : 1);
		switch (r.tr_then) {
		case THEN_DELAY:
			snprintf(then, sizeof(then), "then each further attempt "
			    "waits longer:");
			for (i = 0; i < NELEM(delays); i++)
				snprintf(then + strlen(then), sizeof(then) -
				    strlen(then), " %ld%s", delays[i] / MINUTE,
				    i + 2 < NELEM(delays) ? "," : i + 1 <
				    NELEM(delays) ? " minutes, then" : " minutes "
				    "each (after the last failure)");
			break;
		case THEN_WAIT:
			snprintf(then, sizeof(then), "%s", r.tr_window > 0 ?
			    "then refused until the window is over" :
			    "then refused until staff have decided one");
			break;
		case THEN_VOID:
			snprintf(then, sizeof(then), "the last one voids the "
			    "token for good: the person is told to ask the clinic "
			    "for a new one");
			break;
		default:
			snprintf(then, sizeof(then), "then no more are sent, and "
			    "the page reads the same (nothing tells whether the "
			    "address has an account)");
			break;
		}
		if (r.tr_window > 0)
			snprintf(line, sizeof(line), "%s: %ld within %s; %s.",
			    r.tr_counts, r.tr_limit, win, then);
		else
			snprintf(line, sizeof(line), "%s: %ld; %s.", r.tr_counts,
			    r.tr_limit, then);
		line[0] = (char)(line[0] >= 'a' && line[0] <= 'z' ?
		    line[0] - 'a' + 'A' : line[0]);
		para(out, line);
	}
	para(out, "A success clears the count of that address or browser; a "
	    "completed password reset clears every count of the account. An "
	    "address is an IPv4 address, or an IPv6 address's /64 network (one "
	    "connection is commonly given a whole /64).");
	fputc('\n', out);
}

const char *
policy_throttle_addr(const char *addr, char *out, size_t outsz)
{
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0, 0xff, 0xff };
	struct in_addr	 v4;
	struct in6_addr	 v6;
	char		 host[INET6_ADDRSTRLEN + 8], text[INET6_ADDRSTRLEN];
	size_t		 n;

	if (outsz == 0)
		return out;
	n = addr == NULL ? 0 : strcspn(addr, "%");
	if (addr == NULL || n == 0 || n >= sizeof(host))
		goto unknown;
	memcpy(host, addr, n);
	host[n] = '\0';
	if (inet_pton(AF_INET, host, &v4) == 1) {
		snprintf(out, outsz, "%s", host);
		return out;
	}
	if (inet_pton(AF_INET6, host, &v6) != 1)
		goto unknown;
	if (memcmp(v6.s6_addr, mapped, sizeof(mapped)) == 0) {
		memcpy(&v4, v6.s6_addr + 12, 4);
		inet_ntop(AF_INET, &v4, text, sizeof(text));
		snprintf(out, outsz, "%s", text);
		return out;
	}
	memset(v6.s6_addr + 8, 0, 8);
	inet_ntop(AF_INET6, &v6, text, sizeof(text));
	snprintf(out, outsz, "%s/64", text);
	return out;
unknown:
	snprintf(out, outsz, "unknown:%.40s", addr == NULL ? "" : addr);
	return out;
}
