/*
 * libFuzzer harness for the payment hand-off's checks (lib/app/payment.h):
 * the input is a processor's result as posted (urlencoded). Beyond the
 * sanitizers, the oracles of what the checks promise: a result taken as
 * signed has a signed string and signs to the signature it carries; an
 * amount is 1 cent to PAY_CENTS_MAX and prints back as it came; a time
 * taken formats back to the very text it came as.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "http_parse.h"
#include "payment.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define KEY	"fuzz-shared-secret-0123456789abcdef"

static const struct http_limits lim = { PAY_FIELDS_MAX, 64, 4096, 65536 };
static const char *const need[] = {
	"decision", "req_reference_number", "req_amount", NULL
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct arena	*a;
	struct pay_field	 f[PAY_FIELDS_MAX];
	struct kv		*kv;
	char			 sig[PAY_SIG_LEN], buf[32];
	const char		*v;
	size_t			 n, i;
	long			 cents;
	time_t			 t;

	if (a == NULL)
		a = arena_new();
	if (http_parse_urlencoded(a, (const char *)data, size, &lim,
	    &kv, &n) != HTTP_PARSE_OK || n > PAY_FIELDS_MAX) {
		arena_reset(a);
		return 0;
	}
	for (i = 0; i < n; i++) {
		f[i].name = kv[i].kv_key;
		f[i].value = kv[i].kv_val;
	}
	if (pay_verify(a, KEY, f, n, need) == PAY_GOOD) {
		if (pay_signed_string(a, f, n, pay_get(f, n,
		    "signed_field_names")) == NULL ||
		    pay_sign(a, KEY, f, n, sig) == -1 ||
		    strcmp(sig, pay_get(f, n, "signature")) != 0)
			abort();
	}
	for (i = 0; i < n; i++) {
		v = f[i].value;
		if ((cents = pay_cents(v)) != -1) {
			if (cents < 1 || cents > PAY_CENTS_MAX)
				abort();
			pay_amount(cents, buf, sizeof(buf));
			/* leading zeros ("025.00") are the one other spelling */
			if (strcmp(buf, v) != 0 && v[0] != '0')
				abort();
		}
		if ((t = pay_time(v)) != -1) {
			pay_time_format(t, buf, sizeof(buf));
			if (strcmp(buf, v) != 0)
				abort();
		}
	}
	arena_reset(a);
	return 0;
}
