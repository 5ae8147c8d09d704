/*
 * libFuzzer harness for the statements import's checks (lib/app/bill.h):
 * the bytes read as a statements CSV whose header is the format's, each
 * row checked by bill_row_check, and the amounts parsers. A good row
 * adds up (charges - insurance - adjustments = patient due) within the
 * limit; a refusal has a reason; a typed amount is never more than due
 * when taken, and the amounts round-trip through cents.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "bill.h"
#include "csv.h"
#include "payment.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char header[] = "statement,guarantor_account,guarantor_name,"
    "guarantor_email,statement_date,due_date,balance,mrn,service_date,"
    "description,charges,insurance_paid,adjustments,patient_due,"
    "confidential\n";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static const struct csv_limits lim = { 4096, 32 };
	struct arena	*a;
	struct csv	*c;
	struct csv_row	 row;
	struct bill_row	 br;
	const char	*why;
	char		*buf, *s;
	FILE		*f;
	int		 map[BC__MAX];
	long		 cents, v;

	if ((buf = malloc(sizeof(header) + len)) == NULL)
		return 0;
	memcpy(buf, header, sizeof(header) - 1);
	memcpy(buf + sizeof(header) - 1, data, len);
	if ((f = fmemopen(buf, sizeof(header) - 1 + len, "r")) == NULL) {
		free(buf);
		return 0;
	}
	a = arena_new();
	if ((c = csv_open(f, &lim)) == NULL ||
	    csv_read(c, a, &row, &why) != CSV_ROW ||
	    bill_columns(row.field, row.n, map) != NULL)
		abort();
	while (csv_read(c, a, &row, &why) != CSV_END) {
		if (row.n == 0)
			continue;
		why = bill_row_check(a, row.field, row.n, map, &br);
		if (why != NULL) {
			if (*why == '\0')
				abort();
			continue;
		}
		if (br.charges - br.insurance - br.adjust != br.patient_due ||
		    br.charges > BILL_CENTS_MAX || br.charges < -BILL_CENTS_MAX)
			abort();
	}
	csv_close(c);
	fclose(f);
	/* The amount parsers on the raw bytes as one string. */
	s = arena_strndup(a, (const char *)data, len);
	if (bill_money(s, 1, &cents) == 0 && (cents > BILL_CENTS_MAX ||
	    cents < -BILL_CENTS_MAX))
		abort();
	if (pay_typed_amount(s, 5000, &v) == PAY_AMOUNT_OK &&
	    (v < 1 || v > 5000))
		abort();
	arena_free(a);
	free(buf);
	return 0;
}
