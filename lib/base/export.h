/*
 * Rows for other programs (issue 16.1): CSV cells (RFC 4180) that a
 * spreadsheet reads as text, never as a formula, and JSON strings for
 * JSON lines. One copy, for the privacy office's page and for
 * portalctl audit export alike.
 */
#ifndef PORTAL_EXPORT_H
#define PORTAL_EXPORT_H

struct buf;

/* Appends s (NULL: empty) as one CSV field: a value starting with =, +,
 * -, @, tab or CR gets a ' before it (a spreadsheet would run it as a
 * formula: "=cmd|' /C calc'!A0"); a value holding a comma, a quote, CR
 * or LF is quoted, its quotes doubled; each byte that is not part of a
 * valid UTF-8 character becomes U+FFFD. No separator is written. */
void	export_csv_field(struct buf *, const char *s);
/* Appends the fields s[0..n) as one CSV row ended by CRLF. */
void	export_csv_row(struct buf *, const char *const *s, unsigned n);
/* Appends s as a JSON string in quotes (NULL: null): quote, backslash
 * and control characters escaped, other characters as they are (UTF-8),
 * each byte that is not part of a valid UTF-8 character as \ufffd. */
void	export_json_str(struct buf *, const char *s);

#endif
