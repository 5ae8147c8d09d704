/*
 * libFuzzer harness for http_parse_multipart. Most inputs are bodies for
 * a fixed boundary, so the fuzzer need not guess one; an input starting
 * with '!' instead carries its own Content-Type on its first line, to
 * reach the header-value parser. The body is copied to a buffer of its
 * exact size so ASan sees any read past it.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "http_parse.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const struct http_limits lim = { 24, 64, 3, 512 };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct arena	*a;
	struct kv		*kv;
	struct upload		*up;
	const char		*ctype = "multipart/form-data; boundary=XyZ";
	const uint8_t		*nl;
	unsigned char		*body;
	size_t			 n, nu, i, len;

	if (a == NULL)
		a = arena_new();
	if (size > 0 && data[0] == '!') {
		if ((nl = memchr(data, '\n', size)) == NULL)
			nl = data + size;
		ctype = arena_strndup(a, (const char *)data + 1,
		    (size_t)(nl - data) - 1);
		if (nl < data + size)
			nl++;
		size -= (size_t)(nl - data);
		data = nl;
	}
	len = size;
	if ((body = malloc(len ? len : 1)) == NULL)
		abort();
	memcpy(body, data, len);
	if (http_parse_multipart(a, ctype, body, len, &lim, &kv, &n,
	    &up, &nu) == HTTP_PARSE_OK) {
		if (n > lim.lim_fields || nu > lim.lim_files)
			abort();
		for (i = 0; i < n; i++)
			if (kv[i].kv_key[0] == '\0' ||
			    kv[i].kv_len > lim.lim_value ||
			    kv[i].kv_val[kv[i].kv_len] != '\0')
				abort();
		for (i = 0; i < nu; i++)
			if (up[i].up_field[0] == '\0' || up[i].up_name == NULL ||
			    up[i].up_type == NULL ||
			    up[i].up_len > lim.lim_file ||
			    up[i].up_data < body ||
			    up[i].up_data + up[i].up_len > body + len)
				abort();
	} else if (kv != NULL || n != 0 || up != NULL || nu != 0)
		abort();
	free(body);
	arena_reset(a);
	return 0;
}
