/*
 * lib/base/export: CSV fields (RFC 4180, formula injection neutralised)
 * and JSON strings, as a table of hostile values and what comes out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "export.h"
#include "t.h"

#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))

static const struct {
	const char	*in;
	const char	*csv;
	const char	*json;
} cells[] = {
	{ "plain", "plain", "\"plain\"" },
	{ "", "", "\"\"" },
	/* A spreadsheet would run these: a ' makes them text. */
	{ "=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0",
	    "\"=cmd|' /C calc'!A0\"" },
	{ "+1", "'+1", "\"+1\"" },
	{ "-1", "'-1", "\"-1\"" },
	{ "@x", "'@x", "\"@x\"" },
	{ "\tx", "'\tx", "\"\\tx\"" },
	{ "\rx", "\"'\rx\"", "\"\\rx\"" },
	{ "=1,2", "\"'=1,2\"", "\"=1,2\"" },
	/* Not at the start: nothing to neutralise. */
	{ "a=b", "a=b", "\"a=b\"" },
	{ "x-1", "x-1", "\"x-1\"" },
	/* Quoting. */
	{ "a,b", "\"a,b\"", "\"a,b\"" },
	{ "say \"hi\"", "\"say \"\"hi\"\"\"", "\"say \\\"hi\\\"\"" },
	{ "line\r\nnext", "\"line\r\nnext\"", "\"line\\r\\nnext\"" },
	{ "lf\n", "\"lf\n\"", "\"lf\\n\"" },
	{ "back\\slash", "back\\slash", "\"back\\\\slash\"" },
	{ "bell\a", "bell\a", "\"bell\\u0007\"" },
	/* Non-ASCII stays as it is (UTF-8). */
	{ "Zoë Ñúñez 日本", "Zoë Ñúñez 日本", "\"Zoë Ñúñez 日本\"" },
	/* Bytes that are not UTF-8 (a stray Latin-1 byte, a cut sequence,
	 * an overlong '/', a surrogate): a JSON line must stay JSON, and a
	 * CSV file UTF-8, so each bad byte is U+FFFD in both. */
#define R	"\xef\xbf\xbd"	/* U+FFFD in UTF-8 */
	{ "Zo\xeb", "Zo" R, "\"Zo\\ufffd\"" },
	{ "a\xe6\x97" "b", "a" R R "b", "\"a\\ufffd\\ufffdb\"" },
	{ "\xc0\xaf", R R, "\"\\ufffd\\ufffd\"" },
	{ "\xed\xa0\x80", R R R, "\"\\ufffd\\ufffd\\ufffd\"" },
	{ "\xf4\x90\x80\x80", R R R R,
	    "\"\\ufffd\\ufffd\\ufffd\\ufffd\"" },
	{ "end\xe6", "end" R, "\"end\\ufffd\"" },
	{ "\"\xeb,", "\"\"\"" R ",\"", "\"\\\"\\ufffd,\"" },
};

static void
test_cells(void)
{
	struct arena	*a = arena_new();
	struct buf	 b;
	size_t		 i;

	for (i = 0; i < NELEM(cells); i++) {
		buf_init(&b, a);
		export_csv_field(&b, cells[i].in);
		T_STR(b.b_data, cells[i].csv, cells[i].in);
		buf_init(&b, a);
		export_json_str(&b, cells[i].in);
		T_STR(b.b_data, cells[i].json, cells[i].in);
	}
	buf_init(&b, a);
	export_csv_field(&b, NULL);
	T_STR(b.b_data, "", "NULL csv");
	buf_init(&b, a);
	export_json_str(&b, NULL);
	T_STR(b.b_data, "null", "NULL json");
	arena_free(a);
}

static void
test_rows(void)
{
	static const char *const row[] = { "1", "=2+3", "a,b", NULL, "z" };
	struct arena	*a = arena_new();
	struct buf	 b;
	char		*big;
	size_t		 n = 100000;

	buf_init(&b, a);
	export_csv_row(&b, row, NELEM(row));
	T_STR(b.b_data, "1,'=2+3,\"a,b\",,z\r\n", "row");
	/* A long value (no NUL inside) comes out whole. */
	big = malloc(n + 1);
	memset(big, 'x', n);
	big[0] = '-';
	big[n] = '\0';
	buf_init(&b, a);
	export_csv_field(&b, big);
	T_INT(b.b_len, n + 1, "long value");
	T_OK(b.b_data[0] == '\'' && b.b_data[1] == '-', "long value's lead");
	buf_init(&b, a);
	export_json_str(&b, big);
	T_INT(b.b_len, n + 2, "long json");
	free(big);
	arena_free(a);
}

int
main(void)
{
	test_cells();
	test_rows();
	return t_done("test_export");
}
