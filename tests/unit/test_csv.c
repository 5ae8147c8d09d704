/*
 * lib/base/csv against a table: each input read through csv_read (from a
 * memory stream, with small limits) gives a transcript of rows
 * ("line:field|field") and skipped rows ("line!"), which must equal the
 * table's: quoting, line breaks, faults and the limits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "csv.h"
#include "t.h"

struct ccase {
	const char	*in;
	size_t		 len;
	const char	*want;
};

#define C(in, want)	{ in, sizeof(in) - 1, want }

static const struct ccase cases[] = {
	C("", ""),
	C("a,b,c\n", "1:a|b|c;"),
	C("a,b,c", "1:a|b|c;"),
	C("a,b\r\nc,d\r\n", "1:a|b;2:c|d;"),
	C("a,,\n", "1:a||;"),
	C(",\n", "1:|;"),
	C("\"a,b\",c\n", "1:a,b|c;"),
	C("\"say \"\"hi\"\"\",x\n", "1:say \"hi\"|x;"),
	C("\"two\nlines\",x\ny\n", "1:two\nlines|x;3:y;"),
	C("\"\"\n", "1:;"),
	C("\"\",\"\"\n", "1:|;"),
	/* Faults: the row is skipped, reading goes on at the next line. */
	C("a\"b,c\nd\n", "1!;2:d;"),
	C("\"a\"b,c\nd\n", "1!;2:d;"),
	C("\"open,c\n", "1!;"),
	C("a\rb\nc\n", "1!;2:c;"),
	C("a,\0b\nc\n", "1!;2:c;"),
	/* Limits: 40 bytes a row, 4 fields. */
	C("1,2,3,4\n1,2,3,4,5\nok\n", "1:1|2|3|4;2!;3:ok;"),
	C("0123456789012345678901234567890123456789012345678901234567890123456789"
	    "0123456789012345678901234567890123456789\nok\n", "1!;2:ok;"),
	C("\"0123456789012345678901234567890123456789012345678901234567890\"\n"
	    "ok\n", "1!;2:ok;"),
	C("a\n\nb\n", "1:a;2:;3:b;"),
};

static const struct csv_limits lim = { 40, 4 };

static char *
transcript(const char *in, size_t len, struct arena *a)
{
	struct buf	 out;
	struct csv_row	 row;
	struct csv	*c;
	const char	*why;
	enum csv_rc	 rc;
	FILE		*f;
	size_t		 i;
	char		*copy = malloc(len + 1);

	memcpy(copy, in, len);
	buf_init(&out, a);
	if ((f = fmemopen(copy, len, "r")) == NULL && len > 0)
		abort();
	if (len == 0)
		f = fopen("/dev/null", "r");
	c = csv_open(f, &lim);
	while ((rc = csv_read(c, a, &row, &why)) != CSV_END) {
		if (rc == CSV_ERROR) {
			buf_puts(&out, "ERROR;");
			break;
		}
		if (rc == CSV_BAD) {
			T_OK(why != NULL && why[0] != '\0', "a reason");
			buf_printf(&out, "%zu!;", row.line);
			continue;
		}
		buf_printf(&out, "%zu:", row.line);
		for (i = 0; i < row.n; i++)
			buf_printf(&out, "%s%s", i ? "|" : "", row.field[i]);
		buf_puts(&out, ";");
	}
	csv_close(c);
	fclose(f);
	free(copy);
	return out.b_data;
}

int
main(void)
{
	struct arena	*a = arena_new();
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		T_STR(transcript(cases[i].in, cases[i].len, a), cases[i].want,
		    cases[i].in);
	arena_free(a);
	return t_done("csv");
}
