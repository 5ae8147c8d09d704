/*
 * libFuzzer harness for lib/magic: magic_detect on the bytes (and on a
 * copy, twice: the same answer), never a kind when the bytes start like
 * markup or follow a UTF-8 BOM; and the bytes, cut at a NUL, as a client
 * file name: magic_safe_name keeps its promises for every kind, and
 * magic_refusal says something short, printable and valid UTF-8.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "magic.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_name(const char *s, enum magic_type t)
{
	const char	*ext = magic_ext(t);
	size_t		 len = strlen(s), i;

	if (len > 80 || len <= strlen(ext) ||
	    strcmp(s + len - strlen(ext), ext) != 0 ||
	    s[0] == '.' || s[0] == ' ' || s[0] == '-')
		abort();
	for (i = 0; i < len; i++)
		if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789._ -", s[i]) == NULL)
			abort();
}

/* Printable, valid UTF-8, no line or bidi tricks, and short. */
static void
check_message(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	unsigned		 cp, need, min;

	if (strlen(s) > 80 + 3 + 100)
		abort();
	while (*p != '\0') {
		if (*p < 0x80) {
			if (*p < 0x20 || *p == 0x7f)
				abort();
			p++;
			continue;
		}
		if ((*p & 0xe0) == 0xc0) {
			need = 1; cp = *p & 0x1f; min = 0x80;
		} else if ((*p & 0xf0) == 0xe0) {
			need = 2; cp = *p & 0x0f; min = 0x800;
		} else if ((*p & 0xf8) == 0xf0) {
			need = 3; cp = *p & 0x07; min = 0x10000;
		} else
			abort();
		for (p++; need > 0; need--, p++) {
			if ((*p & 0xc0) != 0x80)
				abort();
			cp = cp << 6 | (*p & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
		    cp <= 0x9f || (cp >= 0x2028 && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069))
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct arena	*a;
	unsigned char		*copy;
	enum magic_type		 t, t2;
	const char		*name;
	size_t			 i;
	int			 k;

	if (a == NULL)
		a = arena_new();
	t = magic_detect(data, size);
	if ((unsigned)t >= MAGIC__MAX)
		abort();
	if ((copy = malloc(size + 3)) == NULL)
		abort();
	memcpy(copy + 3, data, size);
	t2 = magic_detect(copy + 3, size);
	if (t2 != t || magic_detect(data, size) != t)
		abort();
	if (t != MAGIC_NONE) {
		for (i = 0; i < size && strchr(" \t\n\r\f", data[i]) != NULL &&
		    data[i] != '\0'; i++)
			;
		if (i < size && data[i] == '<')
			abort();
		if (size == 0)
			abort();
	}
	memcpy(copy, "\xef\xbb\xbf", 3);
	if (magic_detect(copy, size + 3) != MAGIC_NONE)
		abort();
	free(copy);
	if (magic_mime(t) == NULL || magic_ext(t) == NULL)
		abort();

	name = arena_strndup(a, (const char *)data, size);
	for (k = 0; k <= MAGIC__MAX; k++)
		check_name(magic_safe_name(a, name, (enum magic_type)k),
		    (enum magic_type)k);
	check_message(magic_refusal(a, name, size));
	arena_reset(a);
	return 0;
}
