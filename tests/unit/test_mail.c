/*
 * lib/mail.h on a fresh migrated database: every kind's text is filled
 * (no placeholder left, no line break in a subject), and delivery through
 * a "sendmail" that is a shell command writing to a file here: the headers
 * and body arrive, a failing command leaves the message for later, and an
 * address with a line break never reaches the command.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "conf.h"
#include "db.h"
#include "db_sqlite.h"
#include "mail.h"
#include "t.h"

#define T0	1700000000

static char	 tmpdir[] = "/tmp/test_mail.XXXXXX";
static char	 outpath[600], dbpath[600], cmd_ok[1400];

/* A link's code goes into the fragment, never the query (issue 7). */
#define CODE	"Sel9abcdefgh.Ver24abcdefghijklmnopqrstuvw"
#define REASON	"The visit date did not match our records."

/* What each kind's filled text must contain (NULL: nothing particular). */
static const struct {
	enum mail_kind	 k;
	const char	*body_has;
	const char	*body_has2;
} kinds[] = {
	{ MAIL_VERIFY, "https://portal.test/signup/verify#t=" CODE "\n",
	    "copy this code into it:\n\n" CODE "\n" },
	{ MAIL_ALREADY, "https://portal.test/login/", "TestPortal" },
	{ MAIL_RESET, "https://portal.test/login/reset#t=" CODE "\n",
	    "copy this code into it:\n\n" CODE "\n" },
	{ MAIL_PW_CHANGED, "555-0100", "TestPortal" },
	{ MAIL_TEEN_ACCOUNT, "555-0100", "TestPortal" },
	{ MAIL_REQ_APPROVED, "https://portal.test/login/", "TestPortal" },
	{ MAIL_REQ_REJECTED, REASON, "555-0100" },
	{ MAIL_NEW_MESSAGE, "https://portal.test/login/", "Log in to read it" },
	{ MAIL_BIRTHDAY, REASON, "guardianship papers" },
	{ MAIL_SELF_ACCOUNT, "555-0100", "confidential" },
	{ MAIL_SELF_ADDRESS, "555-0100", "TestPortal" },
	{ MAIL_PROVIDER_APPLIED, REASON, "within 3\nbusiness days" },
	{ MAIL_PROVIDER_EXISTS, "https://portal.test/provider/login\n", "555-0300" },
	{ MAIL_PROVIDER_APPROVED, "https://portal.test/provider/setup#t=" CODE "\n",
	    "copy this code into it:\n\n" CODE "\n" },
	{ MAIL_PROVIDER_APPROVED_SSO, "https://portal.test/provider/sso\n",
	    "Children's ID" },
	{ MAIL_PROVIDER_SETUP, "https://portal.test/provider/setup#t=" CODE "\n",
	    "links sent before this one no\nlonger work" },
	{ MAIL_PROVIDER_REJECTED, REASON, "555-0300" },
	{ MAIL_PASS_CODE, "\n\n" CODE "\n\n", "555-0300" },
	{ MAIL_PROVIDER_PW_CHANGED, "555-0300", "provider portal" },
	{ MAIL_MFA_RECOVERY, "555-0100", "recovery codes" },
	{ MAIL_MFA_OFF, "555-0100", "password alone" },
	{ MAIL_PMFA_RECOVERY, "555-0300", "recovery codes" },
	{ MAIL_PMFA_OFF, "555-0300", "password alone" },
	{ MAIL_SPONSORED_SETUP, "https://portal.test/provider/setup#t=" CODE "\n",
	    "copy this code into it:\n\n" CODE "\n" },
	{ MAIL_SHARE_INVITED, "https://portal.test/provider/patients/\n",
	    "support line" },
	{ MAIL_SHARE_TOKEN, "\n" CODE "\n", "expires 7 months after" },
	{ MAIL_ACCESS_ASKED, "https://portal.test/account/requests/\n",
	    "approve or decline" },
	{ MAIL_ACCESS_GRANTED, "https://portal.test/provider/patients/\n",
	    REASON " approved your request" },
	{ MAIL_ACCESS_DECLINED, REASON " declined your request",
	    "Nothing was shared" },
	{ MAIL_PCP_ASKED, "https://portal.test/staff/pcp/\n", "(request " CODE ")" },
	{ MAIL_PAY_RECEIPT, "payment of " REASON ".\n\nPayment reference: "
	    CODE "\n", "Patient Billing at\n555-0355, weekdays 9 to 5.\n" },
	{ MAIL_EMAIL_CONFIRM, "https://portal.test/account/profile/email#t="
	    CODE "\n", "keeps its\nold address" },
	{ MAIL_EMAIL_ASKED, "555-0100", "Nothing changes until" },
	{ MAIL_EMAIL_CHANGED, "555-0100", "sign in with it" },
	{ MAIL_EMAIL_TAKEN, "https://portal.test/login/\n", "Nothing was changed" },
	{ MAIL_VISIT_REQUEST_UPDATED, "https://portal.test/login/",
	    "news about your visit request" },
	{ MAIL_INSURANCE_REVIEWED, "https://portal.test/login/",
	    "billing office reviewed" },
	{ MAIL_VISIT_REMINDER, "https://portal.test/login/\n", "a visit coming up" },
	{ MAIL_CONTACT, REASON, "contact form" },
};

static void
conf_test(struct conf *cf, const char *sendmail)
{
	memset(cf, 0, sizeof(*cf));
	cf->portal_name = (char *)"TestPortal";
	cf->hospital_name = (char *)"Test Hospital";
	cf->support_phone = (char *)"555-0100";
	cf->provider_support_phone = (char *)"555-0300";
	cf->billing_phone = (char *)"555-0355";
	cf->billing_hours = (char *)"weekdays 9 to 5";
	cf->support_email = (char *)"help@portal.test";
	cf->main_phone = (char *)"555-0199";
	cf->emergency_number = (char *)"911";
	cf->base_url = (char *)"https://portal.test";
	cf->mail_from = (char *)"TestPortal <no-reply@portal.test>";
	cf->sendmail = (char *)sendmail;
	cf->provider_review_days = 3;
	cf->invite_token_months = 7;
}

static struct db *
fresh_db(const char *name)
{
	struct db	*db;
	char		 err[512] = "";

	snprintf(dbpath, sizeof(dbpath), "%s/%s", tmpdir, name);
	if ((db = db_open(dbpath, 1, err, sizeof(err))) == NULL ||
	    db_migrate(db, "sql", err, sizeof(err)) == -1) {
		fprintf(stderr, "test_mail: %s: %s\n", dbpath, err);
		exit(1);
	}
	return db;
}

/* The whole file, NUL-terminated (empty if missing). */
static char *
slurp(const char *path)
{
	FILE	*f;
	char	*p;
	long	 n = 0;

	if ((f = fopen(path, "r")) != NULL && fseek(f, 0, SEEK_END) == 0)
		n = ftell(f);
	if ((p = calloc(1, (size_t)(n > 0 ? n : 0) + 1)) == NULL)
		abort();
	if (f != NULL) {
		rewind(f);
		if (n > 0 && fread(p, 1, (size_t)n, f) != (size_t)n)
			p[0] = '\0';
		fclose(f);
	}
	return p;
}

static int
count(const char *hay, const char *needle)
{
	int	 n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

static void
test_queue(void)
{
	struct conf	 cf;
	struct db	*db = fresh_db("queue.db");
	sqlite3_stmt	*st;
	const char	*subj, *body, *to;
	size_t		 i;
	int		 k, n = 0;

	conf_test(&cf, "false");
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		T_INT(mail_queue(db, &cf, kinds[i].k, "parent@example.org", CODE,
		    REASON, T0), 0, "mail_queue");
	T_INT(i, MAIL__MAX, "every kind has a row here");
	/* Without link and reason, placeholders still go. */
	for (k = 0; k < MAIL__MAX; k++)
		T_INT(mail_queue(db, &cf, (enum mail_kind)k, "parent@example.org",
		    NULL, NULL, T0), 0, "mail_queue without link");

	if (sqlite3_prepare_v2(db_handle(db), "SELECT to_addr, subject, body, "
	    "created FROM outbox ORDER BY id", -1, &st, NULL) != SQLITE_OK) {
		T_OK(0, "select outbox: %s", sqlite3_errmsg(db_handle(db)));
		db_close(db);
		return;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		to = (const char *)sqlite3_column_text(st, 0);
		subj = (const char *)sqlite3_column_text(st, 1);
		body = (const char *)sqlite3_column_text(st, 2);
		i = (size_t)(n % MAIL__MAX);
		T_STR(to, "parent@example.org", "queued to");
		T_INT(sqlite3_column_int64(st, 3), T0, "queued at");
		T_OK(subj != NULL && subj[0] != '\0', "kind %zu: empty subject", i);
		T_OK(body != NULL && body[0] != '\0', "kind %zu: empty body", i);
		if (subj == NULL || body == NULL)
			continue;
		T_OK(strpbrk(subj, "{}") == NULL, "kind %zu: subject \"%s\"", i, subj);
		T_OK(strpbrk(body, "{}") == NULL, "kind %zu: placeholder left in "
		    "body:\n%s", i, body);
		T_OK(strstr(body, "?t=") == NULL,
		    "kind %zu: a code in a query string:\n%s", i, body);
		T_OK(strpbrk(subj, "\r\n") == NULL, "kind %zu: line break in subject",
		    i);
		T_OK(strstr(subj, "TestPortal") != NULL,
		    "kind %zu: subject \"%s\" lacks the portal name", i, subj);
		if (n < MAIL__MAX) {
			T_OK(strstr(body, kinds[i].body_has) != NULL,
			    "kind %zu: body lacks \"%s\"", i, kinds[i].body_has);
			T_OK(strstr(body, kinds[i].body_has2) != NULL,
			    "kind %zu: body lacks \"%s\"", i, kinds[i].body_has2);
		}
		n++;
	}
	sqlite3_finalize(st);
	T_INT(n, 2 * MAIL__MAX, "queued messages");
	db_close(db);
}

static long long
q_int(struct db *db, const char *sql)
{
	sqlite3_stmt	*st;
	long long	 v = -1;

	if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void
test_deliver(void)
{
	struct conf	 cf;
	struct db	*db = fresh_db("deliver.db");
	char		*out, *p;
	int		 failed = -1, sent;

	conf_test(&cf, cmd_ok);
	T_INT(mail_queue(db, &cf, MAIL_VERIFY, "a@example.org", CODE, NULL, T0), 0,
	    "mail_queue verify");
	T_INT(mail_queue(db, &cf, MAIL_REQ_REJECTED, "b@example.org", NULL, REASON,
	    T0), 0, "mail_queue rejected");
	sent = mail_deliver(db, &cf, T0 + 5, &failed);
	T_INT(sent, 2, "mail_deliver sent");
	T_INT(failed, 0, "mail_deliver failed");
	out = slurp(outpath);
	T_INT(count(out, "=====END\n"), 2, "messages handed to the command");
	T_INT(count(out, "From: TestPortal <no-reply@portal.test>\n"), 2, "From");
	T_OK(strstr(out, "To: a@example.org\n") != NULL, "To of the first");
	T_OK(strstr(out, "To: b@example.org\n") != NULL, "To of the second");
	T_OK(strstr(out, "Subject: Confirm your e-mail address for TestPortal\n")
	    != NULL, "Subject");
	T_INT(count(out, "\nSubject: "), 2, "Subject headers");
	T_INT(count(out, "\nDate: "), 2, "Date headers");
	T_OK(strstr(out, "Date: Tue, 14 Nov 2023 22:13:25 +0000\n") != NULL,
	    "Date of the delivery time");
	T_INT(count(out, "\nMessage-ID: <"), 2, "Message-ID headers");
	T_OK(strstr(out, CODE) != NULL, "the code in the body");
	T_OK(strstr(out, REASON) != NULL, "the reason in the body");
	/* Headers, an empty line, then the body. */
	p = strstr(out, "\n\n");
	T_OK(p != NULL && strstr(out, "Welcome to TestPortal.") > p,
	    "body after the headers");
	/* Two Message-IDs differ. */
	if ((p = strstr(out, "Message-ID: <")) != NULL) {
		char	 id1[80] = "", *q = strstr(p + 1, "Message-ID: <");

		sscanf(p, "Message-ID: <%79[^>]", id1);
		T_OK(q != NULL && strncmp(q + 13, id1, strlen(id1)) != 0,
		    "two messages with Message-ID %s", id1);
	}
	free(out);
	T_INT(q_int(db, "SELECT count(*) FROM outbox WHERE sent = 1700000005"), 2,
	    "marked sent");
	T_INT(mail_deliver(db, &cf, T0 + 10, &failed), 0, "nothing left to deliver");
	T_INT(failed, 0, "nothing failed");

	/* A command that fails: kept, counted, retried after 10 minutes. */
	conf_test(&cf, "exit 1");
	T_INT(mail_queue(db, &cf, MAIL_RESET, "c@example.org", CODE, NULL, T0 + 20),
	    0, "mail_queue reset");
	sent = mail_deliver(db, &cf, T0 + 20, &failed);
	T_OK(sent <= 0, "mail_deliver with a failing command sent %d", sent);
	T_INT(failed, 1, "failed count");
	T_INT(q_int(db, "SELECT count(*) FROM outbox WHERE sent IS NULL AND "
	    "attempts = 1 AND last_error IS NOT NULL"), 1, "kept for later");
	conf_test(&cf, cmd_ok);
	T_INT(mail_deliver(db, &cf, T0 + 30, &failed), 0, "not again at once");
	T_INT(failed, 0, "not again at once: failed");
	T_INT(mail_deliver(db, &cf, T0 + 20 + 601, &failed), 1, "retried later");
	T_INT(failed, 0, "retried later: failed");
	out = slurp(outpath);
	T_INT(count(out, "To: c@example.org\n"), 1, "the retried message arrived");
	free(out);

	/* A line break in the address: never given to the command. */
	if (mail_queue(db, &cf, MAIL_VERIFY, "victim@example.org\r\nBcc: x@evil.test",
	    CODE, NULL, T0 + 40) == 0) {
		sent = mail_deliver(db, &cf, T0 + 40, &failed);
		T_INT(sent, 0, "an address with CR LF was sent");
		T_INT(failed, 1, "an address with CR LF counted as failed");
	}
	(void)mail_queue(db, &cf, MAIL_VERIFY, "v2@example.org\nBcc: x@evil.test",
	    CODE, NULL, T0 + 40);
	mail_deliver(db, &cf, T0 + 41, &failed);
	out = slurp(outpath);
	T_OK(strstr(out, "Bcc") == NULL && strstr(out, "evil.test") == NULL,
	    "a header was injected:\n%s", out);
	free(out);
	T_INT(q_int(db, "SELECT count(*) FROM outbox WHERE to_addr LIKE '%evil%' "
	    "AND sent IS NOT NULL"), 0, "an address with a line break marked sent");

	/* A From with a line break (from configuration) sends nothing. */
	unlink(outpath);
	conf_test(&cf, cmd_ok);
	cf.mail_from = (char *)"x@portal.test\nBcc: y@evil.test";
	mail_queue(db, &cf, MAIL_PW_CHANGED, "d@example.org", NULL, NULL, T0 + 50);
	T_INT(mail_deliver(db, &cf, T0 + 50, &failed), 0, "From with a line break");
	T_OK(access(outpath, F_OK) == -1, "From with a line break reached sendmail");
	db_close(db);
}

int
main(void)
{
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(outpath, sizeof(outpath), "%s/sent.txt", tmpdir);
	snprintf(cmd_ok, sizeof(cmd_ok), "cat >> '%s' && echo =====END >> '%s'",
	    outpath, outpath);
	test_queue();
	test_deliver();

	/* The temporary files. */
	unlink(outpath);
	snprintf(dbpath, sizeof(dbpath), "%s/queue.db", tmpdir);
	unlink(dbpath);
	snprintf(dbpath, sizeof(dbpath), "%s/deliver.db", tmpdir);
	unlink(dbpath);
	{
		static const char *const suf[] = { "queue.db-wal", "queue.db-shm",
		    "deliver.db-wal", "deliver.db-shm" };
		size_t	 i;

		for (i = 0; i < sizeof(suf) / sizeof(suf[0]); i++) {
			snprintf(dbpath, sizeof(dbpath), "%s/%s", tmpdir, suf[i]);
			unlink(dbpath);
		}
	}
	if (rmdir(tmpdir) == -1)
		perror(tmpdir);
	return t_done("test_mail");
}
