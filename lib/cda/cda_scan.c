/*
 * A look at a document's bytes before libxml2 reads them. libxml2 2.9.14
 * (Debian 12) checks each attribute of an element against every earlier
 * one for duplicates: an element with 150,000 attributes ran 45 s past
 * the 10 s limit inside one call, where no callback (and so no deadline)
 * can stop it. This scan
 * counts each start tag's attributes ('=' outside quoted values) in one
 * pass, and refuses what it cannot read the way libxml2 will: an encoding
 * other than UTF-8, UTF-16 or an 8-bit superset of ASCII.
 */
#include <limits.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include <libxml/encoding.h>

#include "cda.h"

#define STR_(x)		#x
#define STR(x)		STR_(x)

/* The bytes as code units of w bytes (1 or 2), big-endian or not. */
struct units {
	const unsigned char	*b;
	size_t			 n;	/* code units */
	int			 w, be;
};

static long
unit(const struct units *u, size_t k)
{
	const unsigned char	*p = u->b + k * (size_t)u->w;

	if (k >= u->n)
		return -1;
	if (u->w == 1)
		return p[0];
	return u->be ? (long)p[0] << 8 | p[1] : (long)p[1] << 8 | p[0];
}

/* 1 if the units from k on spell s (ASCII). */
static int
spells(const struct units *u, size_t k, const char *s)
{
	for (; *s != '\0'; s++, k++)
		if (unit(u, k) != (unsigned char)*s)
			return 0;
	return 1;
}

/* The first unit at or after k where s begins, or u->n. */
static size_t
find(const struct units *u, size_t k, const char *s)
{
	const unsigned char	*p;

	if (u->w == 1) {
		/* Most documents: memchr is much faster than a loop. */
		for (; k < u->n && (p = memchr(u->b + k, *s, u->n - k)) != NULL;
		    k++)
			if (spells(u, k = (size_t)(p - u->b), s))
				return k;
		return u->n;
	}
	for (; k < u->n; k++)
		if (unit(u, k) == (unsigned char)*s && spells(u, k, s))
			return k;
	return u->n;
}

/* Encodings (as declared) libxml2 reads as the scan does: an 8-bit
 * superset of ASCII, or UTF-16 (ignored in an 8-bit document). */
static const struct {
	const char	*prefix;
	int		 w;	/* 1: 8-bit documents; 2: UTF-16 ones */
} encodings[] = {
	{ "UTF-8", 1 }, { "UTF8", 1 }, { "US-ASCII", 1 }, { "ASCII", 1 },
	{ "ISO-8859-", 1 }, { "ISO8859-", 1 }, { "ISO_8859-", 1 },
	{ "LATIN1", 1 }, { "WINDOWS-125", 1 }, { "CP125", 1 },
	{ "UTF-16", 1 }, { "UTF16", 1 }, { "UTF-16", 2 }, { "UTF16", 2 },
};

/* 0 if the XML declaration at k names no encoding or one of the table. */
static int
encoding_ok(const struct units *u, size_t k)
{
	char	 name[32];
	size_t	 end, i, j;
	long	 q, c;

	if (!spells(u, k, "<?xml"))
		return 0;
	end = find(u, k, "?>");
	if ((i = find(u, k, "encoding")) >= end)
		return 0;
	for (i += 8; (c = unit(u, i)) == ' ' || c == '\t' || c == '\r' ||
	    c == '\n' || c == '='; i++)
		;
	if ((q = unit(u, i)) != '"' && q != '\'')
		return 0;	/* not well-formed: libxml2 says so */
	for (j = 0, i++; (c = unit(u, i)) != q && c != -1 &&
	    j < sizeof(name) - 1; i++, j++)
		name[j] = c > 0 && c < 0x7f ? (char)c : '?';
	name[j] = '\0';
	for (i = 0; i < sizeof(encodings) / sizeof(encodings[0]); i++)
		if (encodings[i].w == u->w && strncasecmp(name,
		    encodings[i].prefix, strlen(encodings[i].prefix)) == 0)
			return 0;
	return -1;
}

/* The unit after the '>' closing the tag at k, counting its '=' outside
 * quotes into *n (at most max + 1). */
static size_t
tag(const struct units *u, size_t k, long max, long *n)
{
	long	 c, q = 0;

	*n = 0;
	for (; (c = unit(u, k)) != -1; k++) {
		if (q != 0) {
			if (c == q)
				q = 0;
		} else if (c == '"' || c == '\'')
			q = c;
		else if (c == '>')
			return k + 1;
		else if (c == '=' && ++*n > max)
			break;
	}
	return u->n;
}

const char *
cda_scan(const unsigned char *buf, size_t len)
{
	struct units	 u;
	size_t		 k = 0;
	long		 c, n;

	u.b = buf;
	u.w = 1;
	u.be = 0;
	switch (len >= 4 ? xmlDetectCharEncoding(buf, 4) :
	    XML_CHAR_ENCODING_NONE) {
	case XML_CHAR_ENCODING_NONE:
	case XML_CHAR_ENCODING_UTF8:
		break;
	case XML_CHAR_ENCODING_UTF16LE:
		u.w = 2;
		break;
	case XML_CHAR_ENCODING_UTF16BE:
		u.w = 2;
		u.be = 1;
		break;
	default:
		return "in an encoding the importer does not read (UCS-4 or "
		    "EBCDIC): UTF-8 or UTF-16 only";
	}
	u.n = len / (size_t)u.w;
	if (unit(&u, 0) == 0xfeff || (u.w == 1 && spells(&u, 0, "\xef\xbb\xbf")))
		k = u.w == 1 ? 3 : 1;
	if (encoding_ok(&u, k) == -1)
		return "declares an encoding the importer does not read: UTF-8, "
		    "UTF-16, ASCII, ISO-8859 or windows-125x only";
	while ((k = find(&u, k, "<")) < u.n) {
		c = unit(&u, k + 1);
		if (spells(&u, k, "<!--"))
			k = find(&u, k + 4, "-->");
		else if (spells(&u, k, "<![CDATA["))
			k = find(&u, k + 9, "]]>");
		else if (c == '?')
			k = find(&u, k + 2, "?>");
		else if (c == '/' || c == '!')
			k = tag(&u, k + 2, LONG_MAX, &n);
		else {
			k = tag(&u, k + 1, CDA_MAX_ATTRIBUTES, &n);
			if (n > CDA_MAX_ATTRIBUTES)
				return "an element with more than "
				    STR(CDA_MAX_ATTRIBUTES) " attributes";
		}
	}
	return NULL;
}
