/*
 * libFuzzer harness for md_render: whatever the bytes, the HTML holds
 * only cmark's own tags and attributes, no href a browser would run or
 * load as anything but http:, https:, mailto: or relative (so no
 * <script, <img, on...= attributes, javascript: or data: links), and is
 * valid UTF-8; abort() otherwise. An input starting with 01 02 is padded
 * with spaces past MD_MAX_BYTES to drive the plain-text path too (rarely:
 * 64 KB a run is slow). The
 * check is the one in tests/unit/test_md.c, which tests it.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "md.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#include "../unit/md_check.h"

static int
utf8_ok(const unsigned char *s)
{
	unsigned	cp, need, min;

	while (*s != '\0') {
		if (*s < 0x80) {
			s++;
			continue;
		}
		if ((*s & 0xe0) == 0xc0) {
			need = 1; cp = *s & 0x1f; min = 0x80;
		} else if ((*s & 0xf0) == 0xe0) {
			need = 2; cp = *s & 0x0f; min = 0x800;
		} else if ((*s & 0xf8) == 0xf0) {
			need = 3; cp = *s & 0x07; min = 0x10000;
		} else
			return 0;
		for (s++; need > 0; need--, s++) {
			if ((*s & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (*s & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
	}
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct arena	*a;
	static char		*big;
	const char		*out, *in = (const char *)data;
	size_t			 len = size;

	if (a == NULL)
		a = arena_new();
	if (size > 1 && data[0] == 0x01 && data[1] == 0x02 &&
	    size <= MD_MAX_BYTES) {
		if (big == NULL && (big = malloc(MD_MAX_BYTES + 1)) == NULL)
			abort();
		memset(big, ' ', MD_MAX_BYTES + 1);
		memcpy(big, data, size);
		in = big;
		len = MD_MAX_BYTES + 1;
	}
	out = md_render(a, in, len);
	if (out == NULL || forbidden(out) != NULL ||
	    !utf8_ok((const unsigned char *)out))
		abort();
	arena_reset(a);
	return 0;
}
