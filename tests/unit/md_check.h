/*
 * The check on md_render's output shared by tests/unit/test_md.c and
 * tests/fuzz/fuzz_md.c: every '<' must open one of cmark's own tags with
 * only its own attributes, and an href, its entities decoded, must be
 * empty, http:, https:, mailto: or relative as a browser reads it.
 * forbidden() returns what is wrong, or NULL.
 */
#ifndef PORTAL_MD_CHECK_H
#define PORTAL_MD_CHECK_H

#include <ctype.h>
#include <string.h>

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

#endif
