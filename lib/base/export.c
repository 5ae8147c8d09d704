/*
 * CSV cells and JSON strings for exports (export.h).
 */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "export.h"
#include "valid.h"

/* The first characters that make a spreadsheet read a cell as a formula
 * (OWASP's list for CSV injection). */
static const char formula_lead[] = "=+-@\t\r";

/* The UTF-8 character at p (a byte >= 0x80) as it is, or the
 * replacement (U+FFFD as CSV or JSON writes it) for a byte that does not
 * begin a valid one (an old row, a Latin-1 name), so that an export is
 * UTF-8 throughout; the bytes of p taken. */
static size_t
utf8_or(struct buf *b, const unsigned char *p, const char *replacement)
{
	unsigned	 cp;
	size_t		 k;

	/* A character is at most 4 bytes; the NUL ends a short one. */
	if ((k = valid_utf8_char(p, strnlen((const char *)p, 4), &cp)) == 0) {
		buf_puts(b, replacement);
		return 1;
	}
	buf_put(b, (const char *)p, k);
	return k;
}

void
export_csv_field(struct buf *b, const char *s)
{
	const char	*p;
	int		 quote;

	if (s == NULL || *s == '\0')
		return;
	quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		buf_putc(b, '"');
	if (strchr(formula_lead, *s) != NULL)
		buf_putc(b, '\'');
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			buf_putc(b, '"');
		if ((unsigned char)*p >= 0x80)
			p += utf8_or(b, (const unsigned char *)p,
			    "\xef\xbf\xbd") - 1;
		else
			buf_putc(b, *p);
	}
	if (quote)
		buf_putc(b, '"');
}

void
export_csv_row(struct buf *b, const char *const *s, unsigned n)
{
	unsigned	 i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_putc(b, ',');
		export_csv_field(b, s[i]);
	}
	buf_puts(b, "\r\n");
}

void
export_json_str(struct buf *b, const char *s)
{
	const unsigned char	*p;

	if (s == NULL) {
		buf_puts(b, "null");
		return;
	}
	buf_putc(b, '"');
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		/* A JSON text is UTF-8 too: rather than an unreadable
		 * line, U+FFFD. */
		if (*p >= 0x80) {
			p += utf8_or(b, p, "\\ufffd") - 1;
			continue;
		}
		switch (*p) {
		case '"':
			buf_puts(b, "\\\"");
			break;
		case '\\':
			buf_puts(b, "\\\\");
			break;
		case '\n':
			buf_puts(b, "\\n");
			break;
		case '\r':
			buf_puts(b, "\\r");
			break;
		case '\t':
			buf_puts(b, "\\t");
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				buf_printf(b, "\\u%04x", *p);
			else
				buf_putc(b, (char)*p);
		}
	}
	buf_putc(b, '"');
}
