/*
 * libFuzzer harness for http_parse_urlencoded: the input is a query
 * string. Beyond the sanitizers, it checks what the parser promises:
 * limits held, keys non-empty, values NUL-terminated at their length.
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
	size_t			 n, i;

	if (a == NULL)
		a = arena_new();
	if (http_parse_urlencoded(a, (const char *)data, size, &lim,
	    &kv, &n) == HTTP_PARSE_OK) {
		if (n > lim.lim_fields || (n > 0 && kv == NULL))
			abort();
		for (i = 0; i < n; i++)
			if (kv[i].kv_key[0] == '\0' ||
			    kv[i].kv_len > lim.lim_value ||
			    kv[i].kv_val[kv[i].kv_len] != '\0')
				abort();
	} else if (kv != NULL || n != 0)
		abort();
	arena_reset(a);
	return 0;
}
