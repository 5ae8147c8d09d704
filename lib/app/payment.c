/*
 * Paying on the processor's hosted page (payment.h): the signing and its
 * checks, the start of a payment and the recording of its result.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "audit.h"
#include "auth.h"
#include "bill.h"
#include "call.h"
#include "civil.h"
#include "conf.h"
#include "crypto.h"
#include "db.h"
#include "mail.h"
#include "payment.h"
#include "record.h"
#include "store_accounts.h"
#include "store_bill.h"
#include "store_payments.h"
#include "store_visits.h"
#include "visit.h"

#define N(x)		(sizeof(x) / sizeof((x)[0]))
#define NAME_MAX_LEN	64
#define VALUE_MAX_LEN	2048
#define LIST_MAX	100	/* payments on the account's page */

static const char *const bad_names[PAY_BAD__MAX] = {
	[PAY_GOOD] = "good", [PAY_MALFORMED] = "malformed",
	[PAY_BAD_SIGNATURE] = "signature", [PAY_UNSIGNED] = "unsigned",
};

const char *
pay_bad_name(enum pay_bad b)
{
	return (unsigned)b < PAY_BAD__MAX ? bad_names[b] : "malformed";
}

const char *
pay_get(const struct pay_field *f, size_t n, const char *name)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (f[i].name != NULL && strcmp(f[i].name, name) == 0)
			return f[i].value;
	return NULL;
}

static int
name_ok(const char *s, size_t len)
{
	size_t	 i;

	if (len == 0 || len > NAME_MAX_LEN)
		return 0;
	for (i = 0; i < len; i++)
		if (!islower((unsigned char)s[i]) &&
		    !isdigit((unsigned char)s[i]) && s[i] != '_')
			return 0;
	return 1;
}

/* The one value of the field called name[0..len), or NULL if none or
 * more than one. */
static const char *
field_once(const struct pay_field *f, size_t n, const char *name, size_t len)
{
	const char	*v = NULL;
	size_t		 i;

	for (i = 0; i < n; i++) {
		if (f[i].name == NULL || strlen(f[i].name) != len ||
		    memcmp(f[i].name, name, len) != 0)
			continue;
		if (v != NULL)
			return NULL;
		v = f[i].value;
	}
	return v;
}

char *
pay_signed_string(struct arena *a, const struct pay_field *f, size_t n,
    const char *names)
{
	struct buf	 b;
	const char	*p, *e, *v, *seen[PAY_FIELDS_MAX];
	size_t		 nseen = 0, len, i;
	int		 self = 0;

	if (names == NULL || *names == '\0' || n > PAY_FIELDS_MAX)
		return NULL;
	buf_init(&b, a);
	for (p = names; ; p = e + 1) {
		if ((e = strchr(p, ',')) == NULL)
			e = p + strlen(p);
		len = (size_t)(e - p);
		if (!name_ok(p, len) || nseen == N(seen))
			return NULL;
		for (i = 0; i < nseen; i++)
			if (strlen(seen[i]) == len && memcmp(seen[i], p, len) == 0)
				return NULL;
		seen[nseen++] = arena_strndup(a, p, len);
		if ((v = field_once(f, n, p, len)) == NULL ||
		    strlen(v) > VALUE_MAX_LEN)
			return NULL;
		if (len == 18 && memcmp(p, "signed_field_names", 18) == 0)
			self = 1;
		if (b.b_len > 0)
			buf_putc(&b, ',');
		buf_put(&b, p, len);
		buf_putc(&b, '=');
		buf_puts(&b, v);
		if (*e == '\0')
			break;
	}
	if (!self)
		return NULL;
	buf_putc(&b, '\0');
	return b.b_data;
}

int
pay_sign(struct arena *a, const char *secret, const struct pay_field *f,
    size_t n, char sig[PAY_SIG_LEN])
{
	unsigned char	 mac[CRYPTO_SHA256_LEN];
	const char	*s;
	size_t		 i;

	sig[0] = '\0';
	if ((s = pay_signed_string(a, f, n, pay_get(f, n,
	    "signed_field_names"))) == NULL)
		return -1;
	crypto_hmac_sha256(secret, strlen(secret), s, strlen(s), mac);
	/* Standard base64, as the processor sends it: url-safe's two
	 * letters swapped back, and 32 bytes' one '='. */
	crypto_b64url(mac, sizeof(mac), sig);
	for (i = 0; sig[i] != '\0'; i++)
		sig[i] = sig[i] == '-' ? '+' : sig[i] == '_' ? '/' : sig[i];
	sig[i++] = '=';
	sig[i] = '\0';
	return 0;
}

enum pay_bad
pay_verify(struct arena *a, const char *secret, const struct pay_field *f,
    size_t n, const char *const *need)
{
	char		 want[PAY_SIG_LEN], *list;
	const char	*given, *names;

	names = pay_get(f, n, "signed_field_names");
	if (pay_sign(a, secret, f, n, want) == -1)
		return PAY_MALFORMED;
	if ((given = field_once(f, n, "signature", 9)) == NULL ||
	    strlen(given) != PAY_SIG_LEN - 1 ||
	    !crypto_equal(given, want, PAY_SIG_LEN - 1))
		return PAY_BAD_SIGNATURE;
	list = arena_printf(a, ",%s,", names);
	for (; need != NULL && *need != NULL; need++)
		if (strstr(list, arena_printf(a, ",%s,", *need)) == NULL)
			return PAY_UNSIGNED;
	return PAY_GOOD;
}

long
pay_cents(const char *s)
{
	long	 v = 0;
	size_t	 i, len;

	if (s == NULL || (len = strlen(s)) < 4 || len > 12 ||
	    s[len - 3] != '.')
		return -1;
	for (i = 0; i < len; i++) {
		if (i == len - 3)
			continue;
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v < 1 || v > PAY_CENTS_MAX ? -1 : v;
}

void
pay_amount(long cents, char *out, size_t outsz)
{
	snprintf(out, outsz, "%ld.%02ld", cents / 100, cents % 100);
}

/* Two or four digits at s, as a number; -1 if not all digits. */
static int
digits(const char *s, size_t n)
{
	int	 v = 0;
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

time_t
pay_time(const char *s)
{
	int	 y, mo, d, h, mi, se;

	/* Exactly YYYY-MM-DDTHH:MM:SSZ: sscanf's %d would take a sign or
	 * a space, and a second spelling of the same moment. */
	if (s == NULL || strlen(s) != 20 || s[4] != '-' || s[7] != '-' ||
	    s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z')
		return -1;
	y = digits(s, 4);
	mo = digits(s + 5, 2);
	d = digits(s + 8, 2);
	h = digits(s + 11, 2);
	mi = digits(s + 14, 2);
	se = digits(s + 17, 2);
	/* Years before 2000 are no processor's now (and "0026" would be a
	 * second spelling of 26). */
	if (y < 2000 || mo < 0 || d < 0 || h < 0 || mi < 0 || se < 0 ||
	    !civil_valid(y, mo, d) || h > 23 || mi > 59 || se > 59)
		return -1;
	return (time_t)civil_days(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
}

void
pay_time_format(time_t t, char *out, size_t outsz)
{
	struct tm	 tm;

	if (gmtime_r(&t, &tm) == NULL)
		memset(&tm, 0, sizeof(tm));
	strftime(out, outsz, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The scheme, host and port of a URL, for the page's CSP form-action. */
static const char *
url_origin(struct arena *a, const char *url)
{
	const char	*p = strstr(url, "://");

	if (p == NULL)
		return "";
	p += 3;
	return arena_strndup(a, url, (size_t)(p - url) + strcspn(p, "/?#"));
}

static void
random_hex(char *out, size_t bytes)
{
	unsigned char	 r[32];

	crypto_random(r, bytes);
	crypto_hex(r, bytes, out);
}

/* The fields signed toward the processor, in this order. */
static const char form_signed[] = "access_key,profile_id,reference_number,"
    "transaction_uuid,signed_field_names,unsigned_field_names,"
    "signed_date_time,locale,transaction_type,amount,currency,"
    "override_custom_receipt_page,override_backoffice_post_url";

/* The signed form toward the processor for payment ref of cents. */
static enum app_rc
signed_form(const struct call *c, const char *ref, long cents,
    struct pay_start_out *out)
{
	const struct conf	*cf = c->p->conf;
	struct pay_field	*f;
	char			 uuid[33], when[24], amt[24];
	char			 sig[PAY_SIG_LEN];

	random_hex(uuid, 16);
	pay_time_format(c->now, when, sizeof(when));
	pay_amount(cents, amt, sizeof(amt));
	f = arena_alloc(c->a, 16 * sizeof(*f));
	f[0] = (struct pay_field){ "access_key", cf->payment_access_key };
	f[1] = (struct pay_field){ "profile_id", cf->payment_profile_id };
	f[2] = (struct pay_field){ "reference_number",
	    arena_strdup(c->a, ref) };
	f[3] = (struct pay_field){ "transaction_uuid",
	    arena_strdup(c->a, uuid) };
	f[4] = (struct pay_field){ "signed_field_names", form_signed };
	f[5] = (struct pay_field){ "unsigned_field_names", "" };
	f[6] = (struct pay_field){ "signed_date_time",
	    arena_strdup(c->a, when) };
	f[7] = (struct pay_field){ "locale", "en-us" };
	f[8] = (struct pay_field){ "transaction_type", "sale" };
	f[9] = (struct pay_field){ "amount", arena_strdup(c->a, amt) };
	f[10] = (struct pay_field){ "currency", "USD" };
	f[11] = (struct pay_field){ "override_custom_receipt_page",
	    arena_printf(c->a, "%s/pay/return", cf->base_url) };
	f[12] = (struct pay_field){ "override_backoffice_post_url",
	    arena_printf(c->a, "%s/pay/notify", cf->base_url) };
	if (pay_sign(c->a, cf->payment_secret, f, 13, sig) == -1)
		return APP_ERROR;
	f[13] = (struct pay_field){ "signature", arena_strdup(c->a, sig) };
	out->fields = f;
	out->nfields = 14;
	out->cents = cents;
	out->url = cf->payment_url;
	out->origin = url_origin(c->a, cf->payment_url);
	return APP_OK;
}


enum pay_amount_why
pay_typed_amount(const char *s, long due, long *cents)
{
	char	 clean[32];
	size_t	 i, n = 0;
	int	 neg = 0, group;

	*cents = 0;
	if (s == NULL)
		return PAY_AMOUNT_MALFORMED;
	while (*s == ' ')
		s++;
	if (*s == '-') {
		neg = 1;
		s++;
	}
	if (*s == '$')
		s++;
	/* Digits, one '.', and ',' between thousands (dropped): a comma
	 * only after one to three digits or after a group, and followed by
	 * exactly three digits, so that "12,50" (a decimal comma) is not
	 * read as $1250. */
	for (i = 0, group = -1; s[i] != '\0' && s[i] != ' '; i++) {
		if (s[i] == ',') {
			if (n == 0 || n > 3 + (group >= 0 ? (size_t)group : 0) ||
			    (group >= 0 && n - (size_t)group != 3) ||
			    !isdigit((unsigned char)s[i + 1]) ||
			    !isdigit((unsigned char)s[i + 2]) ||
			    !isdigit((unsigned char)s[i + 3]) ||
			    isdigit((unsigned char)s[i + 4]))
				return PAY_AMOUNT_MALFORMED;
			group = (int)n;
			continue;
		}
		if (n + 1 >= sizeof(clean))
			return PAY_AMOUNT_MALFORMED;
		clean[n++] = s[i];
	}
	while (s[i] == ' ')
		i++;
	clean[n] = '\0';
	if (s[i] != '\0' || bill_money(clean, 0, cents) == -1) {
		*cents = 0;
		return PAY_AMOUNT_MALFORMED;
	}
	if (*cents == 0)
		return PAY_AMOUNT_ZERO;
	if (neg)
		return PAY_AMOUNT_NEGATIVE;
	if (*cents > due || *cents > PAY_CENTS_MAX)
		return PAY_AMOUNT_TOO_MUCH;
	return PAY_AMOUNT_OK;
}

/* A refused statement start: audited with what was asked. */
static enum app_rc
statement_refused(const struct call *c, const struct pay_start_in *in,
    struct pay_start_out *out, enum pay_why why, const char *verdict)
{
	out->why = why;
	if (audit_call(c, "pay.start_refused", 0, arena_printf(c->a,
	    "asked s=%lld purpose=statement verdict=%s",
	    (long long)in->statement_id, verdict)) == -1)
		return APP_ERROR;
	return why == PAY_AMOUNT ? APP_INVALID : APP_REFUSED;
}

static const char *const amount_verdicts[] = {
	[PAY_AMOUNT_OK] = "ok", [PAY_AMOUNT_MALFORMED] = "amount_malformed",
	[PAY_AMOUNT_ZERO] = "amount_zero",
	[PAY_AMOUNT_NEGATIVE] = "amount_negative",
	[PAY_AMOUNT_TOO_MUCH] = "amount_too_much",
};

/* POST /pay/start purpose=statement: the amount typed, at most what is
 * due now on the newest statement as the caller sees it (hidden lines
 * left out); one started payment per statement at a time. */
static enum app_rc
start_statement(const struct call *c, const struct pay_start_in *in,
    struct pay_start_out *out)
{
	struct bill_seen	 s;
	struct bill_line_row	*lines;
	char			 ref[33];
	size_t			 n;
	int64_t			 id;
	long			 cents;
	int			 rc;

	if ((rc = bill_load(c, in->statement_id, &s, &lines, &n)) == -1)
		return app_db_failed(c);
	if (rc == 0)
		return statement_refused(c, in, out, PAY_NOT_SEEN, "not_seen");
	out->due_cents = s.due_now_cents;
	if (!s.st.newest || s.due_now_cents <= 0)
		return statement_refused(c, in, out, PAY_NOTHING_DUE,
		    s.st.newest ? "nothing_due" : "not_newest");
	if ((out->amount_why = pay_typed_amount(in->amount, s.due_now_cents,
	    &cents)) != PAY_AMOUNT_OK)
		return statement_refused(c, in, out, PAY_AMOUNT,
		    amount_verdicts[out->amount_why]);

	random_hex(ref, 16);
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	if ((id = store_payment_start_statement(c->p->db, ref, c->who.id,
	    s.st.id, s.st.guarantor_id, cents, c->now, c->now -
	    c->p->conf->payment_window_past)) == -1)
		return app_db_failed(c);
	if (id == 0) {
		db_rollback(c->p->db);
		return statement_refused(c, in, out, PAY_BUSY, "under_way");
	}
	if (audit_call(c, "pay.start", 0, arena_printf(c->a, "payment=%lld "
	    "s=%lld purpose=statement cents=%ld ref=%s", (long long)id,
	    (long long)s.st.id, cents, ref)) == -1 ||
	    db_commit(c->p->db) == -1)
		return app_db_failed(c);
	return signed_form(c, ref, cents, out);
}

enum app_rc
app_pay_start(const struct call *c, const struct pay_start_in *in,
    struct pay_start_out *out)
{
	const struct conf	*cf = c->p->conf;
	struct visit_seen	 seen = { 0 };
	enum visit_verdict	 vv;
	char			 ref[33];
	const char		*why;
	int64_t			 id;
	int			 rc, paid;

	memset(out, 0, sizeof(*out));
	out->processor = cf->payment_name;
	if (!conf_pay_online(cf)) {
		/* Nothing is looked up: the answer names no one. */
		out->why = PAY_OFFLINE;
		if (audit_call(c, "pay.start_refused", 0, arena_printf(c->a,
		    "asked purpose=%s verdict=offline", in->purpose != NULL &&
		    strcmp(in->purpose, "statement") == 0 ? "statement" :
		    "copay")) == -1)
			return APP_ERROR;
		return APP_REFUSED;
	}
	if (in->purpose != NULL && strcmp(in->purpose, "statement") == 0)
		return start_statement(c, in, out);
	if (in->purpose == NULL || strcmp(in->purpose, "copay") != 0 ||
	    in->visit_id <= 0)
		vv = VISIT_NOT_SEEN, rc = 0;
	else if ((rc = visit_load(c, in->visit_id, &seen)) == -1)
		return app_db_failed(c);
	else
		vv = rc == 0 ? VISIT_NOT_SEEN : visit_may(&seen, VISIT_CHECKIN);
	if (vv != VISIT_OK) {
		out->why = vv == VISIT_NOT_SEEN ? PAY_NOT_SEEN : PAY_NOT_NOW;
		why = policy_visit_verdict_name(vv);
	} else if (seen.v.copay_cents <= 0 || seen.v.copay_cents >
	    PAY_CENTS_MAX) {
		out->why = PAY_NO_COPAY;
		why = "no_copay";
	} else if ((paid = store_payment_copay_paid(c->p->db, seen.v.id,
	    0)) == -1)
		return app_db_failed(c);
	else if (paid || (seen.done & STEP_COPAY)) {
		out->why = PAY_ALREADY;
		why = "already";
	} else
		why = NULL;
	if (why != NULL) {
		if (audit_call(c, "pay.start_refused", out->why == PAY_NOT_SEEN ?
		    0 : seen.v.patient_id, arena_printf(c->a, "asked v=%lld "
		    "purpose=copay verdict=%s", (long long)in->visit_id,
		    why)) == -1)
			return APP_ERROR;
		return APP_REFUSED;
	}

	random_hex(ref, 16);
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	if ((id = store_payment_start(c->p->db, ref, c->who.id,
	    seen.v.patient_id, "copay", seen.v.id, seen.v.copay_cents, "USD",
	    c->now)) == -1)
		return app_db_failed(c);
	if (audit_call(c, "pay.start", seen.v.patient_id, arena_printf(c->a,
	    "payment=%lld v=%lld purpose=copay cents=%ld ref=%s", (long long)id,
	    (long long)seen.v.id, seen.v.copay_cents, ref)) == -1 ||
	    db_commit(c->p->db) == -1)
		return app_db_failed(c);

	return signed_form(c, ref, seen.v.copay_cents, out);
}

/* What a result must have signed. */
static const char *const result_need[] = {
	"decision", "req_reference_number", "req_amount", "req_currency",
	"signed_date_time", "transaction_id", NULL
};

static const struct {
	const char	*decision;
	const char	*status;
	enum pay_outcome outcome;
} decisions[] = {
	{ "ACCEPT", "paid", PAID },
	{ "DECLINE", "declined", DECLINED },
	{ "CANCEL", "cancelled", CANCELLED },
	{ "ERROR", "declined", DECLINED },	/* not taken: try again */
	/* No other: REVIEW (held for the processor's fraud review) is
	 * refused and audited, so that the processor's later ACCEPT or
	 * DECLINE decides; never recorded as a decline of money held. */
};

static enum pay_outcome
outcome_of(const char *status)
{
	size_t	 i;

	for (i = 0; i < N(decisions); i++)
		if (strcmp(decisions[i].status, status) == 0)
			return decisions[i].outcome;
	return DECLINED;
}

/*
 * Anyone can post a result, and a signed one can be posted again as often
 * as anyone likes (the return page's form is in the family's browser):
 * the rows of results that change nothing are kept within a quota, k for
 * who (THR_PAY_FORGED per address, THR_PAY_REPEAT per reference); the
 * row reaching it says so, none are written beyond. A forgery within its
 * address's quota is counted once more over all addresses
 * (THR_PAY_FORGED_ALL), whose last row says "for=all". 0 or -1.
 */
static int
quota_audit(const struct call *c, enum thr_kind k, const char *who,
    const char *action, int64_t patient, const char *detail)
{
	int	 q = auth_quota(c, k, who), all = AUTH_WITHIN;

	if (q == AUTH_BEYOND)
		return 0;
	if (k == THR_PAY_FORGED &&
	    (all = auth_quota(c, THR_PAY_FORGED_ALL, "all")) == AUTH_BEYOND)
		return 0;
	if (q == AUTH_LAST || all == AUTH_LAST)
		detail = arena_printf(c->a, "%s then=unaudited%s", detail,
		    all == AUTH_LAST ? " for=all" : "");
	/* Within, or not counted (-1: the store failed): audited. */
	return audit_call(c, action, patient, detail);
}

/* A refused result: audited within its quota (what and why, never the
 * signature), 400. forged: its signature failed. */
static enum app_rc
result_refused(const struct call *c, const struct pay_result_in *in,
    struct pay_result_out *out, int64_t patient, const char *why,
    int forged)
{
	const char	*ref = pay_get(in->fields, in->nfields,
			    "req_reference_number");
	size_t		 i;

	/* The reference as asked, if it looks like one of ours: unsigned
	 * input goes no further into the audit. */
	for (i = 0; ref != NULL && ref[i] != '\0'; i++)
		if (i == 32 || !isxdigit((unsigned char)ref[i]))
			ref = NULL;
	out->why = PAY_REFUSED;
	if (quota_audit(c, forged ? THR_PAY_FORGED : THR_PAY_REPEAT,
	    forged ? NULL : ref, "pay.result_refused", patient,
	    arena_printf(c->a, "via=%s why=%s ref=%s", in->notify ? "notify" :
	    "return", why, ref != NULL ? ref : "?")) == -1)
		return APP_ERROR;
	return APP_REFUSED;
}

/* The receipt: amount, date, reference; nothing of the visit. */
static int
receipt(const struct call *c, const struct payment *p)
{
	struct account	 acct;
	struct tm	 tm;
	char		 amt[24], day[40];
	time_t		 t = c->now;
	int		 rc;

	if ((rc = store_account_by_id(c->p->db, c->a, p->account_id,
	    &acct)) != 1)
		return rc;
	pay_amount(p->cents, amt, sizeof(amt));
	if (localtime_r(&t, &tm) == NULL)
		memset(&tm, 0, sizeof(tm));
	strftime(day, sizeof(day), "%B", &tm);
	snprintf(day + strlen(day), sizeof(day) - strlen(day), " %d, %d",
	    tm.tm_mday, tm.tm_year + 1900);
	return mail_queue(c->p->db, c->p->conf, MAIL_PAY_RECEIPT, acct.email,
	    p->reference, arena_printf(c->a, "$%s on %s", amt, day), c->now);
}

/* 1 if the statement payment p is no longer due, 0 if it is, -1. */
static int
statement_gone(const struct call *c, const struct payment *p)
{
	struct statement	 st;
	long			 others;
	int			 rc;

	if ((rc = store_statement_get(c->p->db, c->a, p->statement_id,
	    &st)) != 1)
		return rc == 0 ? 1 : -1;
	if (!st.newest) {
		/* Newest as the payer saw it when paying: newer statements
		 * of lines hidden from the payer do not replace it. */
		struct call	 payer = *c;

		payer.who.kind = ACTOR_FAMILY;
		payer.who.id = p->account_id;
		payer.audit = NULL;
		if ((rc = bill_newest_for(&payer, &st)) != 1)
			return rc == 0 ? 1 : -1;
	}
	if (store_payment_paid_others(c->p->db, st.guarantor_id, st.imported,
	    p->id, &others) == -1)
		return -1;
	return others + p->cents > st.balance_cents;
}

enum app_rc
app_pay_result(const struct call *c, const struct pay_result_in *in,
    struct pay_result_out *out)
{
	const struct conf	*cf = c->p->conf;
	struct payment		 p;
	struct visit		 v;
	enum pay_bad		 bad;
	const char		*decision, *txn, *status = NULL, *via;
	char			 err[160];
	time_t			 t;
	size_t			 i;
	long			 cents;
	int			 rc, changed, refund = 0, other;

	memset(out, 0, sizeof(*out));
	via = in->notify ? "notify" : "return";
	/* No usable secret (online payment not offered, or being set up):
	 * nothing can be checked, and an empty key would take a forgery
	 * signed with an empty key. With a good secret a result is taken
	 * even after payment_url was cleared: a payment under way when the
	 * hospital stopped taking them is still recorded. */
	if (conf_pay_secret_check(cf->payment_secret, err, sizeof(err)) ==
	    -1) {
		/* Not audited: a post nothing can check names nothing and
		 * changes nothing, and a row for each would let anyone grow
		 * the chain of a portal that takes no payments (its request
		 * line is logged, as every request's). */
		out->why = PAY_REFUSED;
		return APP_REFUSED;
	}
	/* PAY_UNSIGNED: signed with our secret, a needed field outside the
	 * signed list: the processor's, not a forgery. */
	if ((bad = pay_verify(c->a, cf->payment_secret, in->fields,
	    in->nfields, result_need)) != PAY_GOOD)
		return result_refused(c, in, out, 0, pay_bad_name(bad),
		    bad != PAY_UNSIGNED);
	decision = pay_get(in->fields, in->nfields, "decision");
	txn = pay_get(in->fields, in->nfields, "transaction_id");
	for (i = 0; i < N(decisions); i++)
		if (strcmp(decisions[i].decision, decision) == 0)
			status = decisions[i].status;
	if (status == NULL)
		return result_refused(c, in, out, 0, "decision", 0);
	t = pay_time(pay_get(in->fields, in->nfields, "signed_date_time"));
	if (t == -1 || t < c->now - cf->payment_window_past ||
	    t > c->now + cf->payment_window_future)
		return result_refused(c, in, out, 0, "time", 0);
	if (strcmp(status, "paid") == 0 && (strlen(txn) == 0 ||
	    strlen(txn) > 64))
		return result_refused(c, in, out, 0, "transaction_id", 0);

	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	if ((rc = store_payment_by_ref(c->p->db, c->a, pay_get(in->fields,
	    in->nfields, "req_reference_number"), &p)) == -1)
		return app_db_failed(c);
	if (rc == 0) {
		db_rollback(c->p->db);
		return result_refused(c, in, out, 0, "reference", 0);
	}
	cents = pay_cents(pay_get(in->fields, in->nfields, "req_amount"));
	if (cents != p.cents || strcmp(pay_get(in->fields, in->nfields,
	    "req_currency"), p.currency) != 0) {
		db_rollback(c->p->db);
		return result_refused(c, in, out, p.patient_id, "amount", 0);
	}
	out->cents = p.cents;
	out->visit_id = p.visit_id;
	out->statement_id = p.statement_id;

	if (strcmp(p.status, "paid") == 0 || (strcmp(p.status, "started") != 0 &&
	    strcmp(status, "paid") != 0)) {
		/* Decided already: a replay, the second of return and notify,
		 * or an anomaly (another transaction, or a decline after a
		 * payment) that changes nothing. */
		db_rollback(c->p->db);
		out->outcome = outcome_of(p.status);
		out->refund = p.refund;
		out->duplicate = 1;
		if (strcmp(p.status, status) == 0 && (strcmp(status, "paid") != 0 ||
		    strcmp(p.txn, txn) == 0))
			rc = quota_audit(c, THR_PAY_REPEAT, p.reference,
			    "pay.duplicate", p.patient_id,
			    arena_printf(c->a, "payment=%lld via=%s status=%s",
			    (long long)p.id, via, p.status));
		else
			rc = quota_audit(c, THR_PAY_REPEAT, p.reference,
			    "pay.anomaly", p.patient_id,
			    arena_printf(c->a, "payment=%lld via=%s recorded=%s "
			    "txn=%.64s got=%s txn=%.64s: nothing changed",
			    (long long)p.id, via, p.status, p.txn, decision,
			    txn));
		return rc == -1 ? APP_ERROR : APP_OK;
	}

	if (strcmp(status, "paid") == 0) {
		if ((other = store_payment_txn_used(c->p->db, txn, p.id)) == -1)
			return app_db_failed(c);
		if (other) {
			db_rollback(c->p->db);
			if (quota_audit(c, THR_PAY_REPEAT, p.reference,
			    "pay.anomaly", p.patient_id,
			    arena_printf(c->a, "payment=%lld via=%s txn=%.64s of "
			    "another payment: nothing changed", (long long)p.id,
			    via, txn)) == -1)
				return APP_ERROR;
			out->why = PAY_REFUSED;
			return APP_REFUSED;
		}
		/* No longer due: the visit is not booked any more, or another
		 * payment paid its copay. Recorded all the same, flagged. */
		if (p.visit_id != 0) {
			if ((rc = store_visit_get(c->p->db, c->a, p.visit_id,
			    &v)) == -1 || (other = store_payment_copay_paid(
			    c->p->db, p.visit_id, p.id)) == -1)
				return app_db_failed(c);
			refund = rc == 0 || strcmp(v.status, "booked") != 0 ||
			    other;
		}
		/* A statement: no longer due if a newer statement came, or
		 * if with what else was paid since it pays more than the
		 * balance. */
		if (strcmp(p.purpose, "statement") == 0 &&
		    (refund = statement_gone(c, &p)) == -1)
			return app_db_failed(c);
	}
	if ((changed = store_payment_decide(c->p->db, p.id, status, txn,
	    refund, c->now)) == -1)
		return app_db_failed(c);
	if (changed == 0) {	/* decided in between: the first stands */
		db_rollback(c->p->db);
		if (store_payment_by_ref(c->p->db, c->a, p.reference, &p) != 1)
			return app_db_failed(c);
		out->outcome = outcome_of(p.status);
		out->refund = p.refund;
		out->duplicate = 1;
		return quota_audit(c, THR_PAY_REPEAT, p.reference,
		    "pay.duplicate", p.patient_id, arena_printf(c->a,
		    "payment=%lld via=%s status=%s", (long long)p.id, via,
		    p.status)) == -1 ? APP_ERROR : APP_OK;
	}
	if (strcmp(status, "paid") == 0 && !refund && p.visit_id != 0 &&
	    store_payment_step(c->p->db, p.visit_id, p.account_id,
	    c->now) == -1)
		return app_db_failed(c);
	if (strcmp(status, "paid") == 0 && receipt(c, &p) == -1)
		return app_db_failed(c);
	if (audit_call(c, strcmp(status, "paid") == 0 ? "pay.paid" :
	    "pay.not_paid", p.patient_id, arena_printf(c->a, "payment=%lld "
	    "v=%lld via=%s decision=%s status=%s cents=%ld txn=%.64s%s",
	    (long long)p.id, (long long)p.visit_id, via, decision, status,
	    p.cents, txn != NULL ? txn : "", refund ? " refund=1 (no longer "
	    "due)" : "")) == -1 || db_commit(c->p->db) == -1)
		return app_db_failed(c);
	out->outcome = outcome_of(status);
	out->refund = refund;
	return APP_OK;
}

enum app_rc
app_pay_list(const struct call *c, const void *in,
    struct pay_list_out *out)
{
	struct payment		*ps;
	struct record_view	 rv;
	struct audit_group	*g;
	size_t			 n, i;
	int			 rc;

	(void)in;
	memset(out, 0, sizeof(*out));
	if (store_payments_of_account(c->p->db, c->a, c->who.id, LIST_MAX, &ps,
	    &n) == -1)
		return app_db_failed(c);
	out->rows = arena_alloc(c->a, (n + 1) * sizeof(*out->rows));
	g = audit_group_new(c);
	for (i = 0; i < n; i++) {
		struct pay_row	*r = &out->rows[out->n];

		memset(r, 0, sizeof(*r));
		r->statement = "";
		r->patient = "";
		if (strcmp(ps[i].purpose, "statement") == 0) {
			struct statement	 st;

			/* The account's own payment of a statement: its
			 * number, no patient. */
			if ((rc = store_statement_get(c->p->db, c->a,
			    ps[i].statement_id, &st)) == -1)
				return app_db_failed(c);
			r->statement = rc == 1 ? st.number : "";
			r->statement_id = ps[i].statement_id;
		} else {
			if ((rc = record_access(c, ps[i].patient_id, &rv)) ==
			    -1)
				return app_db_failed(c);
			if (rc == 0)
				continue;
			r->patient = arena_printf(c->a, "%s %s",
			    rv.patient.given, rv.patient.family);
		}
		r->id = ps[i].id;
		r->reference = ps[i].reference;
		r->patient_id = ps[i].patient_id;
		r->purpose = ps[i].purpose;
		r->visit_id = ps[i].visit_id;
		r->cents = ps[i].cents;
		r->status = ps[i].status;
		r->refund = ps[i].refund;
		r->created = ps[i].created;
		r->decided = ps[i].decided;
		out->n++;
		audit_group_add(g, "pay.list", ps[i].patient_id,
		    arena_printf(c->a, "payment=%lld", (long long)ps[i].id));
	}
	if (audit_group_write(g) == -1)
		return APP_ERROR;
	return APP_OK;
}
