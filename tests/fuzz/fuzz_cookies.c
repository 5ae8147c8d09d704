/*
 * libFuzzer harness for http_parse_cookies: the input, cut at its first
 * NUL as a header would be, is the Cookie value. Checks limits, names
 * and NUL-terminated values besides the sanitizers.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "http_parse.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const struct http_limits lim = { 16, 64, 2, 256 };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct arena	*a;
	struct kv		*kv;
	const char		*hdr;
	size_t			 n, i;

	if (a == NULL)
		a = arena_new();
	hdr = arena_strndup(a, (const char *)data, size);
	if (http_parse_cookies(a, hdr, &lim, &kv, &n) == HTTP_PARSE_OK) {
		if (n > lim.lim_fields || (n > 0 && kv == NULL))
			abort();
		for (i = 0; i < n; i++)
			if (kv[i].kv_key[0] == '\0' ||
			    kv[i].kv_len > lim.lim_value ||
			    strlen(kv[i].kv_val) != kv[i].kv_len)
				abort();
	} else if (kv != NULL || n != 0)
		abort();
	arena_reset(a);
	return 0;
}
