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

static const char *const ok_tags[] = { "p", "em", "strong", "a", "code",
    "pre", "ul", "ol", "li", "blockquote", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "br" };

static int
ok_attr(const char *tag, const char *attr)
{
	return (strcmp(tag, "a") == 0 && (strcmp(attr, "href") == 0 ||
	    strcmp(attr, "title") == 0)) ||
	    (strcmp(tag, "ol") == 0 && strcmp(attr, "start") == 0) ||
	    (strcmp(tag, "code") == 0 && strcmp(attr, "class") == 0);
}

/* One character of an attribute value at *pv, entities decoded (code
 * points above ASCII as '?'); -1 for an entity cmark never writes. */
static int
attr_char(const char **pv)
{
	static const struct { const char *e; int c; } named[] = {
		{ "amp;", '&' }, { "lt;", '<' }, { "gt;", '>' },
		{ "quot;", '"' }, { "apos;", '\'' } };
	const char	*v = *pv;
	unsigned long	 cp;
	char		*end;
	size_t		 i;

	if (*v != '&') {
		*pv = v + 1;
		return (unsigned char)*v;
	}
	v++;
	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (strncmp(v, named[i].e, strlen(named[i].e)) == 0) {
			*pv = v + strlen(named[i].e);
			return named[i].c;
		}
	if (*v != '#')
		return -1;
	v++;
	cp = *v == 'x' || *v == 'X' ? strtoul(v + 1, &end, 16) :
	    strtoul(v, &end, 10);
	if (end == v || *end != ';')
		return -1;
	*pv = end + 1;
	return cp < 0x80 ? (int)cp : '?';
}

static const char *
forbidden(const char *h)
{
	char		 tag[16], attr[16], url[64];
	const char	*v;
	size_t		 i, n, k;
	int		 close, ok, c;

	for (; (h = strchr(h, '<')) != NULL; h++) {
		close = h[1] == '/';
		v = h + 1 + close;
		for (n = 0; (*v >= 'a' && *v <= 'z') || (*v >= '0' && *v <= '9');
		    v++)
			if (n < sizeof(tag) - 1)
				tag[n++] = *v;
		tag[n] = '\0';
		for (ok = 0, i = 0; i < sizeof(ok_tags) / sizeof(ok_tags[0]); i++)
			ok |= strcmp(tag, ok_tags[i]) == 0;
		if (!ok)
			return "a tag cmark does not make";
		while (*v != '>') {
			if (!close && strncmp(v, " />", 3) == 0)
				break;
			if (*v++ != ' ' || close)
				return "a malformed tag";
			for (n = 0; *v >= 'a' && *v <= 'z'; v++)
				if (n < sizeof(attr) - 1)
					attr[n++] = *v;
			attr[n] = '\0';
			if (!ok_attr(tag, attr))
				return "an attribute cmark does not make";
			if (v[0] != '=' || v[1] != '"')
				return "an unquoted attribute";
			v += 2;
			k = 0;
			while (*v != '"') {
				if (*v == '\0' || *v == '<' || *v == '>')
					return "an attribute value that runs on";
				if ((c = attr_char(&v)) < 0)
					return "an entity cmark does not write";
				if (c == '\t' || c == '\n' || c == '\r' ||
				    (k == 0 && c <= ' '))
					continue;
				if (k < sizeof(url) - 1)
					url[k++] = (char)(c >= 'A' && c <= 'Z' ?
					    c - 'A' + 'a' : c);
			}
			url[k] = '\0';
			v++;
			/* A scheme is a letter, then letters, digits, '+',
			 * '-', '.', up to a ':' (else the URL is relative). */
			k = strspn(url, "abcdefghijklmnopqrstuvwxyz0123456789+-.");
			if (strcmp(attr, "href") == 0 && url[k] == ':' &&
			    url[0] >= 'a' && url[0] <= 'z' &&
			    strncmp(url, "http:", 5) != 0 &&
			    strncmp(url, "https:", 6) != 0 &&
			    strncmp(url, "mailto:", 7) != 0)
				return "an href with another scheme";
		}
	}
	return NULL;
}

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
