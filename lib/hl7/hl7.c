/*
 * HL7 v2: framing, parsing with limits, field access and escapes
 * (hl7.h). One pass over a message's bytes into an arena copy; fields
 * stay escaped until asked for, and every escape is checked at the
 * parse, so a message either parses whole or is refused.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "civil.h"
#include "hl7.h"
#include "valid.h"

static int
is_sep_char(unsigned char c)
{
	return c > 0x20 && c < 0x7f && !isalnum(c);
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * Unescapes s[0..n) into out (when not NULL; cleared first). 0, or -1
 * for an escape this reader refuses (hl7.h). Hex escapes are decoded
 * into scratch to check them when out is NULL.
 */
static int
unescape(const struct hl7_enc *e, const char *s, size_t n, struct buf *out,
    struct buf *scratch)
{
	struct buf	*hex;
	const char	*end;
	size_t		 i, j, k, hexstart;
	int		 hi, lo;

	hex = out != NULL ? out : scratch;
	if (out != NULL)
		out->b_len = 0;
	for (i = 0; i < n; i++) {
		if (s[i] != e->esc) {
			if (out != NULL)
				buf_putc(out, s[i]);
			continue;
		}
		if ((end = memchr(s + i + 1, e->esc, n - i - 1)) == NULL)
			return -1;
		j = (size_t)(end - s);
		k = j - i - 1;		/* the sequence's length */
		if (k == 1 && out != NULL) {
			switch (s[i + 1]) {
			case 'F': buf_putc(out, e->field); break;
			case 'S': buf_putc(out, e->comp); break;
			case 'T': buf_putc(out, e->sub); break;
			case 'R': buf_putc(out, e->rep); break;
			case 'E': buf_putc(out, e->esc); break;
			case 'H': case 'N': break;
			default: return -1;
			}
		} else if (k == 1) {
			if (strchr("FSTREHN", s[i + 1]) == NULL || s[i + 1] == '\0')
				return -1;
		} else if (s[i + 1] == 'X' && k >= 3 && k % 2 == 1) {
			hexstart = hex->b_len;
			for (k = i + 2; k < j; k += 2) {
				if ((hi = hexval(s[k])) < 0 ||
				    (lo = hexval(s[k + 1])) < 0)
					return -1;
				buf_putc(hex, (char)(hi << 4 | lo));
			}
			if (!valid_utf8(hex->b_data + hexstart,
			    hex->b_len - hexstart, 0))
				return -1;
			if (out == NULL)
				hex->b_len = 0;
		} else
			return -1;
		i = j;
	}
	return 0;
}

static int
seg_name_ok(const char *s, size_t n)
{
	return n >= 3 && isupper((unsigned char)s[0]) &&
	    (isupper((unsigned char)s[1]) || isdigit((unsigned char)s[1])) &&
	    (isupper((unsigned char)s[2]) || isdigit((unsigned char)s[2]));
}

/* Splits one segment's line (NUL-ended, in the arena) into fields. */
static int
segment(struct arena *a, const struct hl7_enc *e, char *line, size_t n,
    struct hl7_seg *sg, size_t segno, struct buf *scratch, char *why,
    size_t whysz)
{
	const char	**f;
	size_t		  nf = 0, cap = 0, first;
	char		 *p, *q;

	if (!seg_name_ok(line, n) || (n > 3 && line[3] != e->field))
		return hl7_refuse(why, whysz, "segment %zu: not a segment name "
		    "(three letters or digits, then the field separator)",
		    segno);
	memcpy(sg->name, line, 3);
	sg->name[3] = '\0';
	line[3] = '\0';
	f = NULL;
	*(const char **)arena_push(a, (void **)&f, &nf, &cap,
	    sizeof(*f)) = sg->name;
	first = 1;
	if (strcmp(sg->name, "MSH") == 0) {
		/* MSH-1 is the separator itself. */
		*(const char **)arena_push(a, (void **)&f, &nf, &cap,
		    sizeof(*f)) = arena_strndup(a, &e->field, 1);
		first = 3;
	}
	for (p = n > 3 ? line + 4 : NULL; p != NULL; p = q) {
		if ((q = strchr(p, e->field)) != NULL)
			*q++ = '\0';
		if (nf >= HL7_MAX_FIELDS)
			return hl7_refuse(why, whysz, "%s (segment %zu): more than %d "
			    "fields", sg->name, segno, HL7_MAX_FIELDS);
		if (strlen(p) > HL7_MAX_FIELD)
			return hl7_refuse(why, whysz, "%s-%zu: longer than %d bytes",
			    sg->name, nf, HL7_MAX_FIELD);
		if (nf >= first && unescape(e, p, strlen(p), NULL, scratch) == -1)
			return hl7_refuse(why, whysz, "%s-%zu: an escape sequence this "
			    "portal does not take", sg->name, nf);
		*(const char **)arena_push(a, (void **)&f, &nf, &cap,
		    sizeof(*f)) = p;
	}
	sg->field = f;
	sg->nfield = nf;
	return 0;
}

/* MSH-1 and MSH-2 into *e. */
static int
encoding(const char *buf, size_t len, struct hl7_enc *e, char *why,
    size_t whysz)
{
	const char	*p;
	size_t		 n, i, j;
	char		 all[5];

	if (len < 8 || memcmp(buf, "MSH", 3) != 0)
		return hl7_refuse(why, whysz, "no MSH segment first");
	e->field = buf[3];
	p = buf + 4;
	for (n = 0; 4 + n < len && p[n] != e->field && p[n] != '\r' &&
	    p[n] != '\n'; n++)
		;
	if (n < 4 || n > 5 || 4 + n >= len || p[n] != e->field)
		return hl7_refuse(why, whysz, "MSH-2: not four encoding characters");
	e->comp = p[0];
	e->rep = p[1];
	e->esc = p[2];
	e->sub = p[3];
	all[0] = e->field;
	memcpy(all + 1, p, 4);
	for (i = 0; i < 5; i++) {
		if (!is_sep_char((unsigned char)all[i]))
			return hl7_refuse(why, whysz, "MSH-1, MSH-2: a separator that "
			    "is a letter, digit, space or control character");
		for (j = 0; j < i; j++)
			if (all[i] == all[j])
				return hl7_refuse(why, whysz, "MSH-1, MSH-2: the same "
				    "character for two separators");
	}
	if (n == 5 && (!is_sep_char((unsigned char)p[4]) ||
	    memchr(all, p[4], 5) != NULL))
		return hl7_refuse(why, whysz, "MSH-2: a bad truncation character");
	return 0;
}

int
hl7_parse(struct arena *a, const char *buf, size_t len, struct hl7_msg *out,
    char *why, size_t whysz)
{
	struct buf	 scratch;
	size_t		 nseg = 0, cap = 0, n;
	char		*copy, *p, *end, *eol;
	struct hl7_seg	*sg;

	memset(out, 0, sizeof(*out));
	if (len > HL7_MAX_MESSAGE)
		return hl7_refuse(why, whysz, "larger than %d bytes",
		    HL7_MAX_MESSAGE);
	if (encoding(buf, len, &out->enc, why, whysz) == -1)
		return -1;
	if (!valid_utf8(buf, len, 1))
		return hl7_refuse(why, whysz, "a NUL, control character or bytes "
		    "that are not UTF-8");
	copy = arena_strndup(a, buf, len);
	buf_init(&scratch, a);
	end = copy + len;
	for (p = copy; p < end; p = eol + 1) {
		for (eol = p; eol < end && *eol != '\r' && *eol != '\n'; eol++)
			;
		*eol = '\0';
		if ((n = (size_t)(eol - p)) == 0)
			continue;
		if (nseg >= HL7_MAX_SEGMENTS)
			return hl7_refuse(why, whysz, "more than %d segments",
			    HL7_MAX_SEGMENTS);
		if (nseg > 0 && strncmp(p, "MSH", 3) == 0)
			return hl7_refuse(why, whysz, "a second MSH segment in one "
			    "message");
		sg = arena_push(a, (void **)&out->seg, &nseg, &cap, sizeof(*sg));
		if (segment(a, &out->enc, p, n, sg, nseg, &scratch, why,
		    whysz) == -1)
			return -1;
		if (nseg == 1 && strcmp(sg->name, "MSH") != 0)
			return hl7_refuse(why, whysz, "no MSH segment first");
	}
	out->nseg = nseg;
	if (nseg == 0 || out->seg[0].nfield < 3)
		return hl7_refuse(why, whysz, "no MSH segment first");
	return 0;
}

const struct hl7_seg *
hl7_seg(const struct hl7_msg *m, const char *name, size_t nth)
{
	size_t	 i;

	for (i = 0; i < m->nseg; i++)
		if (strcmp(m->seg[i].name, name) == 0 && nth-- == 0)
			return &m->seg[i];
	return NULL;
}

size_t
hl7_count(const struct hl7_msg *m, const char *name)
{
	size_t	 i, n = 0;

	for (i = 0; i < m->nseg; i++)
		n += strcmp(m->seg[i].name, name) == 0;
	return n;
}

/* The nth piece of s[0..n) cut at sep: *start, *len; 0 if none. */
static int
piece(const char *s, size_t n, char sep, size_t nth, const char **start,
    size_t *plen)
{
	const char	*p = s, *end = s + n, *q;

	for (;;) {
		q = memchr(p, sep, (size_t)(end - p));
		if (nth == 0) {
			*start = p;
			*plen = (size_t)((q != NULL ? q : end) - p);
			return 1;
		}
		if (q == NULL)
			return 0;
		p = q + 1;
		nth--;
	}
}

static int
is_msh2(const struct hl7_seg *s, size_t f)
{
	return f == 2 && strcmp(s->name, "MSH") == 0;
}

size_t
hl7_reps(const struct hl7_msg *m, const struct hl7_seg *s, size_t f)
{
	const char	*t;
	size_t		 n = 1;

	if (s == NULL || f >= s->nfield || *(t = s->field[f]) == '\0')
		return 0;
	if (is_msh2(s, f) || f == 0)
		return 1;
	for (; *t != '\0'; t++)
		n += *t == m->enc.rep;
	return n;
}

const char *
hl7_get(struct arena *a, const struct hl7_msg *m, const struct hl7_seg *s,
    size_t f, size_t rep, size_t c, size_t sub)
{
	struct buf	 out;
	const char	*t, *p;
	size_t		 n;

	if (s == NULL || f >= s->nfield)
		return "";
	t = s->field[f];
	if (f == 0 || is_msh2(s, f) || (f == 1 && strcmp(s->name, "MSH") == 0))
		return rep == 0 && c <= 1 && sub <= 1 ? t : "";
	if (!piece(t, strlen(t), m->enc.rep, rep, &p, &n))
		return "";
	if (c > 0 && (!piece(p, n, m->enc.comp, c - 1, &p, &n) ||
	    (sub > 0 && !piece(p, n, m->enc.sub, sub - 1, &p, &n))))
		return "";
	/* "" is HL7's "delete the value": empty here. */
	if (n == 0 || (n == 2 && p[0] == '"' && p[1] == '"'))
		return "";
	buf_init(&out, a);
	if (unescape(&m->enc, p, n, &out, NULL) == -1)
		return "";	/* not reached: checked at the parse */
	buf_putc(&out, '\0');
	return out.b_data;
}

/* ---- Framing ---- */

#define MLLP_START	0x0b
#define MLLP_END	0x1c

void
hl7_stream_init(struct hl7_stream *st, const char *buf, size_t len)
{
	memset(st, 0, sizeof(*st));
	st->buf = buf;
	st->len = len;
	st->mllp = -1;
}

static int
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int
batch_seg(const char *p, size_t n)
{
	return n >= 3 && (memcmp(p, "FHS", 3) == 0 || memcmp(p, "BHS", 3) == 0 ||
	    memcmp(p, "BTS", 3) == 0 || memcmp(p, "FTS", 3) == 0);
}

/* The end of the line at p (CR or LF), or end. */
static const char *
line_end(const char *p, const char *end)
{
	while (p < end && *p != '\r' && *p != '\n')
		p++;
	return p;
}

static const char *
skip_ws(const char *p, const char *end)
{
	while (p < end && is_ws(*p))
		p++;
	return p;
}

static void
next_mllp(struct hl7_stream *st, const char *p, const char *end,
    struct hl7_frame *fr)
{
	const char	*q;

	if (*p != MLLP_START) {
		q = memchr(p, MLLP_START, (size_t)(end - p));
		fr->buf = p;
		fr->len = (size_t)((q != NULL ? q : end) - p);
		fr->why = "bytes outside an MLLP frame";
		st->pos = (size_t)((q != NULL ? q : end) - st->buf);
		return;
	}
	for (q = ++p; q < end && *q != MLLP_END && *q != MLLP_START; q++)
		;
	fr->buf = p;
	fr->len = (size_t)(q - p);
	if (q == end || *q == MLLP_START) {
		fr->why = "an MLLP frame not ended (truncated)";
		st->pos = (size_t)(q - st->buf);
		return;
	}
	if (++q < end && *q == '\r')
		q++;
	st->pos = (size_t)(q - st->buf);
	if (fr->len > HL7_MAX_MESSAGE)
		fr->why = "larger than 1 MiB";
}

static void
next_plain(struct hl7_stream *st, const char *p, const char *end,
    struct hl7_frame *fr)
{
	const char	*q = p, *e;
	int		 msh = end - p >= 3 && memcmp(p, "MSH", 3) == 0;

	/* The message (or the text before one) runs to the next line
	 * starting with MSH or a batch segment. */
	for (;;) {
		e = line_end(q, end);
		q = skip_ws(e, end);
		if (q == end || (end - q >= 3 && memcmp(q, "MSH", 3) == 0) ||
		    batch_seg(q, (size_t)(end - q)))
			break;
	}
	fr->buf = p;
	fr->len = (size_t)(e - p);
	st->pos = (size_t)(q - st->buf);
	if (!msh)
		fr->why = "text that is not an HL7 message (no MSH)";
	else if (fr->len > HL7_MAX_MESSAGE)
		fr->why = "larger than 1 MiB";
}

int
hl7_next(struct hl7_stream *st, struct hl7_frame *fr)
{
	const char	*p, *end = st->buf + st->len;

	memset(fr, 0, sizeof(*fr));
	for (;;) {
		p = skip_ws(st->buf + st->pos, end);
		st->pos = (size_t)(p - st->buf);
		if (p == end)
			return 0;
		if (st->mllp == -1)
			st->mllp = *p == MLLP_START;
		if (st->mllp || !batch_seg(p, (size_t)(end - p)))
			break;
		st->pos = (size_t)(line_end(p, end) - st->buf);
	}
	if (st->mllp)
		next_mllp(st, p, end, fr);
	else
		next_plain(st, p, end, fr);
	fr->index = ++st->index;
	return 1;
}

/* ---- Time stamps ---- */

static int
digits(const char *s, int n, int *out)
{
	int	 i, v = 0;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int
hl7_refuse(char *why, size_t whysz, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(why, whysz, fmt, ap);
	va_end(ap);
	return -1;
}

int
hl7_ts(const char *s, long long *out)
{
	const char	*p;
	int		 y, mo, d, h, mi, se = 0, oh, om, sign = 0, n;
	time_t		 t;

	for (n = 0; isdigit((unsigned char)s[n]); n++)
		;
	if ((n != 12 && n != 14) || digits(s, 4, &y) == -1 ||
	    digits(s + 4, 2, &mo) == -1 || digits(s + 6, 2, &d) == -1 ||
	    digits(s + 8, 2, &h) == -1 || digits(s + 10, 2, &mi) == -1 ||
	    (n == 14 && digits(s + 12, 2, &se) == -1))
		return -1;
	if (!civil_valid(y, mo, d) || y < 1900 || h > 23 || mi > 59 || se > 59)
		return -1;
	p = s + n;
	if (*p == '.') {
		for (p++, n = 0; isdigit((unsigned char)*p) && n < 4; p++, n++)
			;
		if (n == 0)
			return -1;
	}
	if (*p == '+' || *p == '-') {
		sign = *p == '-' ? -1 : 1;
		if (digits(p + 1, 2, &oh) == -1 || digits(p + 3, 2, &om) == -1 ||
		    oh > 14 || om > 59)
			return -1;
		p += 5;
	}
	if (*p != '\0')
		return -1;
	if (sign != 0) {
		*out = (long long)civil_days(y, mo, d) * 86400 + h * 3600 +
		    mi * 60 + se - sign * (oh * 3600 + om * 60);
		return 0;
	}
	/* The hospital's local time: one that the clocks skip is refused. */
	if (civil_local(y, mo, d, h, mi, se, &t) == -1)
		return -1;
	*out = (long long)t;
	return 0;
}
