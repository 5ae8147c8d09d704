/*
 * The payment hand-off's signing and checks (lib/app/payment.h): known
 * answers (computed apart, with Python's hmac and base64, over the
 * processor's documented "name=value,..." string in signed_field_names
 * order, which is not the order of the fields as posted), the field list's
 * parsing, tampering of every kind, amounts in cents, the time's one form,
 * and the configuration's secret.
 */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "conf.h"
#include "payment.h"
#include "t.h"

#define N(x)	(sizeof(x) / sizeof((x)[0]))

#define KEY	"Secure-Acceptance-shared-secret-key-0123456789"

static const struct pay_field form[] = {
	{ "access_key", "a1b2c3" },
	{ "profile_id", "PROFILE-1" },
	{ "reference_number", "7c0c05a3f50da992587c409652e7b538" },
	{ "transaction_uuid", "b5e3821b49e8c9b918a1ee6ee25c222c" },
	{ "signed_field_names", "access_key,profile_id,reference_number,"
	    "transaction_uuid,signed_field_names,unsigned_field_names,"
	    "signed_date_time,locale,transaction_type,amount,currency" },
	{ "unsigned_field_names", "" },
	{ "signed_date_time", "2026-12-01T03:38:21Z" },
	{ "locale", "en-us" },
	{ "transaction_type", "sale" },
	{ "amount", "25.00" },
	{ "currency", "USD" },
};

/* A result as posted: the signature first, an unsigned field, and the
 * signed ones in another order than their list. */
static struct pay_field result[] = {
	{ "signature", "I+9vqA/6SXb9TwQ/vNWrluFA1b8cBiCeOaQWiBEm/2g=" },
	{ "req_amount", "25.00" },
	{ "decision", "ACCEPT" },
	{ "signed_field_names", "decision,req_amount,signed_field_names" },
	{ "message", "unsigned" },
};

static void
known_answers(struct arena *a)
{
	static const struct pay_field tiny[] = {
		{ "a", "1" }, { "signed_field_names", "a,signed_field_names" },
	};
	char	 sig[PAY_SIG_LEN];

	T_STR(pay_signed_string(a, tiny, 2, "a,signed_field_names"),
	    "a=1,signed_field_names=a,signed_field_names", "tiny string");
	T_INT(pay_sign(a, "0123456789abcdef0123456789abcdef", tiny, 2, sig), 0,
	    "tiny signs");
	T_STR(sig, "E5+v8jFb9c+ttIrRe8s1vxhWiIrcpQ2oZjKUbIGT5+o=", "tiny");
	T_INT(pay_sign(a, KEY, form, N(form), sig), 0, "form signs");
	T_STR(sig, "HxSj34bvsiLFqKYevgVowu9M6Sg8igrdVSFehmFGh8I=", "form");
	T_STR(pay_signed_string(a, form, N(form), form[4].value),
	    "access_key=a1b2c3,profile_id=PROFILE-1,reference_number="
	    "7c0c05a3f50da992587c409652e7b538,transaction_uuid="
	    "b5e3821b49e8c9b918a1ee6ee25c222c,signed_field_names=access_key,"
	    "profile_id,reference_number,transaction_uuid,signed_field_names,"
	    "unsigned_field_names,signed_date_time,locale,transaction_type,"
	    "amount,currency,unsigned_field_names=,signed_date_time="
	    "2026-12-01T03:38:21Z,locale=en-us,transaction_type=sale,"
	    "amount=25.00,currency=USD", "form string");
	T_INT(pay_sign(a, KEY, result, N(result), sig), 0, "result signs");
	T_STR(sig, result[0].value, "result (list order, not posted order)");
}

static void
lists(struct arena *a)
{
	static const struct {
		const char	*names;
		int		 ok;
	} t[] = {
		{ "a,signed_field_names", 1 },
		{ "signed_field_names,a", 1 },
		{ "a", 0 },			/* the list must sign itself */
		{ "", 0 },
		{ ",a,signed_field_names", 0 },
		{ "a,,signed_field_names", 0 },
		{ "a,signed_field_names,", 0 },
		{ "a,a,signed_field_names", 0 },	/* a name twice */
		{ "A,signed_field_names", 0 },	/* names are lower case */
		{ "a b,signed_field_names", 0 },
		{ "a=1,signed_field_names", 0 },
		{ "b,signed_field_names", 0 },	/* no such field */
		{ "a,signed_field_names,x234567890123456789012345678901234"
		    "5678901234567890123456789012345", 0 },	/* 65 long */
	};
	struct pay_field f[] = { { "a", "1" }, { "signed_field_names", "" } };
	static const struct pay_field twice[] = {
		{ "a", "1" }, { "a", "2" },
		{ "signed_field_names", "a,signed_field_names" },
	};
	size_t	 i;

	for (i = 0; i < N(t); i++) {
		f[1].value = t[i].names;
		T_INT(pay_signed_string(a, f, 2, t[i].names) != NULL, t[i].ok,
		    t[i].names);
	}
	T_OK(pay_signed_string(a, twice, 3, twice[2].value) == NULL,
	    "a field posted twice is refused");
	T_OK(pay_signed_string(a, twice, 3, NULL) == NULL, "no list");
}

static void
tampering(struct arena *a)
{
	static const char *const need[] = { "decision", "req_amount", NULL };
	static const char *const need_more[] = { "decision", "message", NULL };
	struct pay_field	 f[N(result)];
	char			 other[] = "I+9vqA/6SXb9TwQ/vNWrluFA1b8cBiCeOaQWiBEm/2g=";

	memcpy(f, result, sizeof(f));
	T_INT(pay_verify(a, KEY, f, N(f), need), PAY_GOOD, "as signed");
	f[4].value = "changed";		/* outside the list: ignored */
	T_INT(pay_verify(a, KEY, f, N(f), need), PAY_GOOD, "unsigned change");
	T_INT(pay_verify(a, KEY, f, N(f), need_more), PAY_UNSIGNED,
	    "a needed field outside the list");
	f[1].value = "2.50";
	T_INT(pay_verify(a, KEY, f, N(f), need), PAY_BAD_SIGNATURE,
	    "amount changed");
	memcpy(f, result, sizeof(f));
	f[2].value = "DECLINE";
	T_INT(pay_verify(a, KEY, f, N(f), need), PAY_BAD_SIGNATURE,
	    "decision changed");
	memcpy(f, result, sizeof(f));
	T_INT(pay_verify(a, KEY "x", f, N(f), need), PAY_BAD_SIGNATURE,
	    "another key");
	other[10] ^= 1;
	f[0].value = other;
	T_INT(pay_verify(a, KEY, f, N(f), need), PAY_BAD_SIGNATURE,
	    "one bit of the signature");
	f[0].value = "";
	T_INT(pay_verify(a, KEY, f, N(f), need), PAY_BAD_SIGNATURE,
	    "empty signature");
	f[0].name = "sig";
	T_INT(pay_verify(a, KEY, f, N(f), need), PAY_BAD_SIGNATURE,
	    "no signature");
	memcpy(f, result, sizeof(f));
	f[3].value = "decision,signed_field_names";	/* amount dropped */
	T_INT(pay_verify(a, KEY, f, N(f), need), PAY_BAD_SIGNATURE,
	    "the list shortened after signing");
	f[3].value = "decision,req_amount,nosuch,signed_field_names";
	T_INT(pay_verify(a, KEY, f, N(f), need), PAY_MALFORMED,
	    "a listed field missing");
	T_INT(pay_verify(a, KEY, f, 0, need), PAY_MALFORMED, "nothing");
	T_STR(pay_bad_name(PAY_BAD_SIGNATURE), "signature", "bad name");
}

static void
amounts(void)
{
	static const struct {
		const char	*s;
		long		 cents;
	} t[] = {
		{ "25.00", 2500 }, { "0.01", 1 }, { "100000.00", 10000000 },
		{ "0.00", -1 }, { "-25.00", -1 }, { "+25.00", -1 },
		{ "25", -1 }, { "25.0", -1 }, { "25.000", -1 }, { ".25", -1 },
		{ "2.5e1", -1 }, { " 25.00", -1 }, { "25.00 ", -1 },
		{ "100000.01", -1 }, { "99999999999.99", -1 }, { "", -1 },
		{ "abc", -1 }, { "25,00", -1 }, { "1e3.00", -1 },
	};
	char	 buf[24];
	size_t	 i;

	for (i = 0; i < N(t); i++)
		T_INT(pay_cents(t[i].s), t[i].cents, t[i].s);
	T_INT(pay_cents(NULL), -1, "NULL");
	pay_amount(2500, buf, sizeof(buf));
	T_STR(buf, "25.00", "2500");
	pay_amount(7, buf, sizeof(buf));
	T_STR(buf, "0.07", "7");
}

static void
times(void)
{
	static const char *const bad[] = {
		"2026-12-01 03:38:21Z", "2026-12-01T03:38:21", "2026-12-01T03:38:21+00:00",
		"2026-02-30T00:00:00Z", "2026-12-01T24:00:00Z", "2026-12-01T03:60:00Z",
		"2026-12-1T03:38:21Z", "yesterday", "", "2026-12-01T03:38:21ZZ",
		"2026-12-01T 3:38:21Z", "2026-12-01T+3:38:21Z", "+026-12-01T03:38:21Z",
		"2026-12-01T-0:38:21Z", "2026-12-01T03:38:2 Z",	/* found by fuzz_payment */
	};
	char	 buf[24];
	size_t	 i;

	T_INT(pay_time("2000-01-01T00:00:00Z"), 946684800, "2000");
	T_INT(pay_time("1999-12-31T23:59:59Z"), -1, "before 2000");
	T_INT(pay_time("0026-12-01T03:38:21Z"), -1, "year 26 (fuzz_payment)");
	T_INT(pay_time("2026-12-01T03:38:21Z"), 1796096301, "a moment");
	pay_time_format(1796096301, buf, sizeof(buf));
	T_STR(buf, "2026-12-01T03:38:21Z", "formatted");
	for (i = 0; i < N(bad); i++)
		T_INT(pay_time(bad[i]), -1, bad[i]);
}

static void
secrets(void)
{
	struct conf	 cf;
	char		 err[256];

	memset(&cf, 0, sizeof(cf));
	cf.payment_url = "https://pay.example.com/pay";
	cf.payment_secret = "";
	T_INT(conf_pay_check(&cf, err, sizeof(err)), -1, "no secret");
	T_OK(strstr(err, "not set") != NULL, "%s", err);
	cf.payment_secret = "short-secret";
	T_INT(conf_pay_check(&cf, err, sizeof(err)), -1, "short");
	T_OK(strstr(err, "short-secret") == NULL, "the secret is not told");
	cf.payment_secret = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
	T_INT(conf_pay_check(&cf, err, sizeof(err)), -1, "one repeated");
	cf.payment_secret = KEY;
	T_INT(conf_pay_check(&cf, err, sizeof(err)), 0, "good");
	cf.payment_url = "";
	T_INT(conf_pay_check(&cf, err, sizeof(err)), -1, "no URL");
	cf.payment_url = "javascript:alert(1)";
	T_INT(conf_pay_check(&cf, err, sizeof(err)), -1, "not http(s)");
	T_OK(strstr(err, "not an http(s) address") != NULL, "%s", err);
	/* Offered only when the whole set-up is usable: half a set-up is
	 * offline, never a page of dead buttons. */
	T_INT(conf_pay_online(&cf), 0, "a URL that is not one: offline");
	cf.payment_url = "https://pay.example.com/pay";
	T_INT(conf_pay_online(&cf), 1, "URL and good secret: online");
	cf.payment_secret = "short-secret";
	T_INT(conf_pay_online(&cf), 0, "a weak secret: offline");
	cf.payment_secret = NULL;
	T_INT(conf_pay_online(&cf), 0, "no secret: offline");
	cf.payment_secret = KEY;
	cf.payment_url = "";
	T_INT(conf_pay_online(&cf), 0, "no URL: offline");
}

int
main(void)
{
	struct arena	*a = arena_new();

	known_answers(a);
	lists(a);
	tampering(a);
	amounts();
	times();
	secrets();
	arena_free(a);
	return t_done("payment");
}
