/*
 * libFuzzer harness for lib/base/csv: the bytes read as a file with
 * small limits. Every row keeps the limits (fields, bytes), line numbers
 * never go back, reading always ends, and a skipped row has a reason.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "csv.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static const struct csv_limits lim = { 64, 6 };
	struct arena	*a;
	struct csv	*c;
	struct csv_row	 row;
	const char	*why;
	enum csv_rc	 rc;
	FILE		*f;
	size_t		 i, bytes, last = 0, rows = 0;

	if (len == 0 || (f = fmemopen((void *)data, len, "r")) == NULL)
		return 0;
	a = arena_new();
	if ((c = csv_open(f, &lim)) == NULL)
		abort();
	while ((rc = csv_read(c, a, &row, &why)) != CSV_END) {
		if (rc == CSV_ERROR || ++rows > len + 1 || row.line < last)
			abort();
		last = row.line;
		if (rc == CSV_BAD) {
			if (why == NULL || why[0] == '\0')
				abort();
			continue;
		}
		if (row.n == 0 || row.n > lim.fields_max)
			abort();
		for (i = 0, bytes = 0; i < row.n; i++)
			bytes += strlen(row.field[i]) + 1;
		if (bytes > lim.row_max + 1)
			abort();
		arena_reset(a);
	}
	if (csv_offset(c) > len)
		abort();
	csv_close(c);
	fclose(f);
	arena_free(a);
	return 0;
}
