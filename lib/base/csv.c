/*
 * RFC 4180 rows (csv.h). A row is parsed from the reader's buffer in one
 * pass; if the buffer ends first, more is read and the row parsed again
 * (rows are small). A row longer than the limit is skipped through the
 * next line break, read in pieces, never held whole.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "csv.h"

struct csv {
	FILE			*f;
	struct csv_limits	 lim;
	char			*buf;
	size_t			 cap, start, fill;
	size_t			 line;	/* the line buf[start] is on */
	size_t			 off;	/* bytes consumed */
	int			 eof;
};

/* Skips to just past the next LF from i: its index, or len if none. */
static size_t
skip_line(const char *buf, size_t len, size_t i, size_t *lines)
{
	while (i < len && buf[i] != '\n')
		i++;
	if (i < len) {
		(*lines)++;
		i++;
	}
	return i;
}

enum csv_rc
csv_parse(const char *buf, size_t len, int eof, const struct csv_limits *lim,
    struct arena *a, struct csv_row *row, size_t *used, size_t *lines,
    const char **why)
{
	struct buf	 f;
	char		**fields = NULL;
	size_t		 i = 0, n = 0, cap = 0, nl = 0;
	int		 quoted, done = 0;

	*used = 0;
	*lines = 0;
	if (len == 0)
		return CSV_END;
	while (!done) {
		if (n == lim->fields_max) {
			*why = "more fields than the limit";
			goto bad;
		}
		buf_init(&f, a);
		quoted = 0;
		if (i < len && buf[i] == '"') {
			quoted = 1;
			i++;
		}
		for (;;) {
			if (i >= lim->row_max) {
				*why = "the row is longer than the limit";
				goto bad;
			}
			if (i >= len) {
				if (!eof)
					return CSV_END;
				if (quoted) {
					*why = "a quoted field is not closed";
					goto bad;
				}
				done = 1;
				break;
			}
			if (buf[i] == '\0') {
				*why = "a NUL byte";
				goto bad;
			}
			if (quoted) {
				if (buf[i] == '"') {
					if (i + 1 >= len && !eof)
						return CSV_END;
					if (i + 1 < len && buf[i + 1] == '"') {
						buf_putc(&f, '"');
						i += 2;
						continue;
					}
					quoted = 0;
					i++;
					if (i < len && buf[i] != ',' &&
					    buf[i] != '\n' && buf[i] != '\r') {
						*why = "text after a quoted field's "
						    "closing quote";
						goto bad;
					}
					continue;
				}
				if (buf[i] == '\n')
					nl++;
				buf_putc(&f, buf[i++]);
				continue;
			}
			if (buf[i] == ',') {
				i++;
				break;
			}
			if (buf[i] == '\r' || buf[i] == '\n') {
				if (buf[i] == '\r') {
					if (i + 1 >= len && !eof)
						return CSV_END;
					if (i + 1 >= len || buf[i + 1] != '\n') {
						*why = "a carriage return not "
						    "followed by a line feed";
						goto bad;
					}
					i++;
				}
				i++;
				nl++;
				done = 1;
				break;
			}
			if (buf[i] == '"') {
				*why = "a quote inside an unquoted field";
				goto bad;
			}
			buf_putc(&f, buf[i++]);
		}
		arena_push(a, (void **)&fields, &n, &cap, sizeof(*fields));
		fields[n - 1] = f.b_data;
	}
	row->field = fields;
	row->n = n;
	*used = i;
	*lines = nl;
	return CSV_ROW;
bad:
	/* Resumes at the next line; inside quotes, that may be mid-row,
	 * and then the rest of the row is reported as its own fault. */
	*lines = nl;
	if (i < len && i < lim->row_max)
		*used = skip_line(buf, len, i, lines);
	else
		*used = i < len ? i : len;
	if (*used == 0)
		*used = 1;
	return CSV_BAD;
}

struct csv *
csv_open(FILE *f, const struct csv_limits *lim)
{
	struct csv	*c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	c->f = f;
	c->lim = *lim;
	c->cap = lim->row_max + 2;
	c->line = 1;
	if ((c->buf = malloc(c->cap)) == NULL) {
		free(c);
		return NULL;
	}
	return c;
}

void
csv_close(struct csv *c)
{
	if (c == NULL)
		return;
	free(c->buf);
	free(c);
}

size_t
csv_offset(const struct csv *c)
{
	return c->off;
}

/* Moves what is left to the buffer's start and reads more: 0, or -1. */
static int
csv_more(struct csv *c)
{
	size_t	 got;

	memmove(c->buf, c->buf + c->start, c->fill - c->start);
	c->fill -= c->start;
	c->start = 0;
	got = fread(c->buf + c->fill, 1, c->cap - c->fill, c->f);
	c->fill += got;
	if (got == 0) {
		if (ferror(c->f))
			return -1;
		c->eof = 1;
	}
	return 0;
}

/* Skips through the next line feed, reading as needed: 0, or -1. */
static int
csv_skip(struct csv *c)
{
	char	*nl;

	for (;;) {
		nl = memchr(c->buf + c->start, '\n', c->fill - c->start);
		if (nl != NULL) {
			c->off += (size_t)(nl - (c->buf + c->start)) + 1;
			c->start = (size_t)(nl - c->buf) + 1;
			c->line++;
			return 0;
		}
		c->off += c->fill - c->start;
		c->start = c->fill;
		if (c->eof)
			return 0;
		if (csv_more(c) == -1)
			return -1;
		if (c->eof && c->fill == 0)
			return 0;
	}
}

enum csv_rc
csv_read(struct csv *c, struct arena *a, struct csv_row *row,
    const char **why)
{
	enum csv_rc	 rc;
	size_t		 used, lines;
	int		 more;

	memset(row, 0, sizeof(*row));
	for (;;) {
		rc = csv_parse(c->buf + c->start, c->fill - c->start, c->eof,
		    &c->lim, a, row, &used, &lines, why);
		row->line = c->line;
		if (rc == CSV_END && c->eof && c->start == c->fill)
			return CSV_END;
		if (rc == CSV_END) {
			more = c->fill - c->start < c->cap;
			if (more && csv_more(c) == -1)
				return CSV_ERROR;
			if (!more) {
				*why = "the row is longer than the limit";
				if (csv_skip(c) == -1)
					return CSV_ERROR;
				return CSV_BAD;
			}
			continue;
		}
		c->start += used;
		c->off += used;
		c->line += lines;
		/* A fault whose line goes on past the buffer: the rest of
		 * the line too. */
		if (rc == CSV_BAD && !c->eof && c->buf[c->start - 1] != '\n' &&
		    csv_skip(c) == -1)
			return CSV_ERROR;
		return rc;
	}
}
