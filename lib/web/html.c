/*
 * Escapers, one per context a value can stand in (as cgit's html.c).
 * Each copies runs of harmless bytes with one buf_put and replaces the
 * others, so the cost is a single pass over the value.
 */
#include <stddef.h>
#include <string.h>

#include "arena.h"
#include "html.h"

/* Text and quoted attributes: NULL means the byte passes as it is;
 * HTML_SPECIAL lists the others. */
#define HTML_SPECIAL	"&<>\"'"

static const char *const html_ents[256] = {
	['&'] = "&amp;",
	['<'] = "&lt;",
	['>'] = "&gt;",
	['"'] = "&quot;",
	['\''] = "&#39;",
};

/* RFC 3986 unreserved characters: the only ones left bare in a query. */
static int
html_urlsafe(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
	    c == '~';
}

void
html_text(struct buf *b, const char *s)
{
	size_t	 n;

	if (s == NULL)
		return;
	/* The bytes html_ents replaces, found a run at a time. */
	for (;;) {
		n = strcspn(s, HTML_SPECIAL);
		buf_put(b, s, n);
		if (s[n] == '\0')
			break;
		buf_puts(b, html_ents[(unsigned char)s[n]]);
		s += n + 1;
	}
}

void
html_urlarg(struct buf *b, const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";
	const char		*run;
	char			 pct[3];
	unsigned char		 c;

	if (s == NULL)
		return;
	for (run = s; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if (html_urlsafe(c))
			continue;
		buf_put(b, run, (size_t)(s - run));
		pct[0] = '%';
		pct[1] = hex[c >> 4];
		pct[2] = hex[c & 0x0f];
		buf_put(b, pct, sizeof(pct));
		run = s + 1;
	}
	buf_put(b, run, (size_t)(s - run));
}
