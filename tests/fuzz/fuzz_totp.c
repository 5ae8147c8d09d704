/*
 * libFuzzer harness for the second factor's input parsers: totp_unb32
 * (a typed or pasted base32 key) and valid_otp then totp_verify (a typed
 * code). Checks that decoding never writes past its buffer, that what it
 * decodes encodes back to the same letters, and that a verified step is
 * one of the three around now.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "totp.h"
#include "valid.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct arena	*a;
	static const unsigned char key[TOTP_SECRET_LEN] = "12345678901234567890";
	unsigned char		 out[24];
	char			 back[64], norm[256];
	const char		*s, *code;
	long			 n;
	int64_t			 step;
	size_t			 i, k = 0;

	if (a == NULL)
		a = arena_new();
	s = arena_strndup(a, (const char *)data, size);
	n = totp_unb32(s, out, sizeof(out));
	if (n > (long)sizeof(out))
		abort();
	if (n >= 0 && strlen(s) < sizeof(norm)) {
		/* Its letters, upper-cased, without the skipped characters:
		 * whole bytes encode back to a prefix of them. */
		for (i = 0; s[i] != '\0'; i++)
			if (s[i] != ' ' && s[i] != '-' && s[i] != '=')
				norm[k++] = (char)toupper((unsigned char)s[i]);
		norm[k] = '\0';
		totp_b32(out, (size_t)n, back);
		if (strncmp(back, norm, (size_t)n * 8 / 5) != 0)
			abort();
	}
	if (valid_otp(a, s, strlen(s), &code) == NULL) {
		step = totp_verify(key, sizeof(key), code, 1111111111);
		if (step != -1 && (step < 37037036 || step > 37037038))
			abort();
	}
	arena_reset(a);
	return 0;
}
