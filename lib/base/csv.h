/*
 * A reader of comma-separated values (RFC 4180): a header row and data
 * rows, fields quoted with " (a quote inside doubled, commas and line
 * breaks allowed inside), rows ended by CRLF or LF. Hard limits per row
 * and on the field count; a row that breaks a rule is reported with its
 * line number and skipped, and reading goes on at the next line. Used
 * for the NPPES NPI registry file (portalctl providers import).
 */
#ifndef PORTAL_CSV_H
#define PORTAL_CSV_H

#include <stddef.h>
#include <stdio.h>

struct arena;

struct csv_limits {
	size_t	 row_max;	/* bytes of one row, its line breaks included */
	size_t	 fields_max;	/* fields of one row */
};

/* One row: fields in the arena, NUL-terminated (a NUL byte inside is
 * refused), line the physical line it starts on (1 = the first). */
struct csv_row {
	char	**field;
	size_t	  n;
	size_t	  line;
};

enum csv_rc {
	CSV_ERROR = -2,		/* reading the stream failed */
	CSV_BAD = -1,		/* a row was skipped: *why says why */
	CSV_END = 0,
	CSV_ROW = 1,
};

struct csv;

/* A reader of f (not closed by csv_close) within lim; NULL if out of
 * memory. */
struct csv	*csv_open(FILE *f, const struct csv_limits *lim);
void		 csv_close(struct csv *);
/*
 * The next row into *row (fields in a): CSV_ROW; CSV_BAD with *why (a
 * static sentence) and row->line, the row skipped; CSV_END; CSV_ERROR.
 */
enum csv_rc	 csv_read(struct csv *, struct arena *a, struct csv_row *row,
		    const char **why);
/* Bytes read so far (for a progress line). */
size_t		 csv_offset(const struct csv *);
/*
 * Parses one row from buf[0..len) (eof: no more data follows): CSV_ROW
 * with *used the bytes it took; CSV_END if it needs more data than len
 * (or len is 0 at eof); CSV_BAD with *why and *used the bytes to skip
 * (through the line break after the fault, or len). The core of
 * csv_read, apart for the table test.
 */
enum csv_rc	 csv_parse(const char *buf, size_t len, int eof,
		    const struct csv_limits *lim, struct arena *a,
		    struct csv_row *row, size_t *used, size_t *lines,
		    const char **why);

#endif
