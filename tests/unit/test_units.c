/*
 * Units as a family reads them (lib/base/units.h), as a table: whole
 * codes, powers of ten, micro prefixes, litres, annotations, and what is
 * shown as it came.
 */
#include <string.h>

#include "t.h"
#include "units.h"

#define N(x)	(sizeof(x) / sizeof((x)[0]))

static const struct {
	const char	*unit;
	const char	*words;
} rows[] = {
	/* Whole codes, in any case when three characters or more. */
	{ "mm[Hg]", "mmHg" }, { "MM[HG]", "mmHg" },
	{ "Cel", "\xc2\xb0" "C" }, { "CEL", "\xc2\xb0" "C" },
	{ "[degF]", "\xc2\xb0" "F" }, { "[DEGF]", "\xc2\xb0" "F" },
	{ "[lb_av]", "lb" }, { "[in_i]", "in" }, { "[in_us]", "in" },
	{ "[pH]", "pH" }, { "kg/m2", "kg/m\xc2\xb2" }, { "m2", "m\xc2\xb2" },
	{ "1", "" }, { "a", "years" }, { "d", "days" }, { "h", "hours" },
	{ "wk", "weeks" }, { "mo", "months" }, { "min", "minutes" },
	{ "A", "A" },		/* amperes, not years */
	/* Powers of ten as laboratories write them. */
	{ "10*3/uL", "\xc3\x97" "10\xc2\xb3/\xc2\xb5L" },
	{ "10*3/ul", "\xc3\x97" "10\xc2\xb3/\xc2\xb5L" },
	{ "10+3/ul", "\xc3\x97" "10\xc2\xb3/\xc2\xb5L" },
	{ "10^3/ul", "\xc3\x97" "10\xc2\xb3/\xc2\xb5L" },
	{ "x10E3/uL", "\xc3\x97" "10\xc2\xb3/\xc2\xb5L" },
	{ "10*6/uL", "\xc3\x97" "10\xe2\x81\xb6/\xc2\xb5L" },
	{ "10*9/L", "\xc3\x97" "10\xe2\x81\xb9/L" },
	{ "10*12/L", "\xc3\x97" "10\xc2\xb9\xc2\xb2/L" },
	{ "10*", "10*" },	/* no exponent: as it came */
	/* Micro prefixes and litres. */
	{ "ug", "\xc2\xb5g" }, { "ug/dL", "\xc2\xb5g/dL" },
	{ "umol/L", "\xc2\xb5mol/L" }, { "u[IU]/mL", "\xc2\xb5IU/mL" },
	{ "mg/dl", "mg/dL" }, { "g/dl", "g/dL" }, { "ml/min", "mL/min" },
	{ "mL", "mL" }, { "ml", "mL" },
	/* Not a prefix: left alone. */
	{ "U/L", "U/L" }, { "mg", "mg" }, { "mcg", "mcg" }, { "meq/L", "meq/L" },
	{ "mmol/L", "mmol/L" }, { "fl", "fl" }, { "%", "%" }, { "MG", "MG" },
	/* Annotations lose their braces; [IU] is IU. */
	{ "{capsule}", "capsule" }, { "{cells}/uL", "cells/\xc2\xb5L" },
	{ "[iU]/L", "IU/L" }, { "{unclosed", "{unclosed" },
	/* Shown as they came. */
	{ "", "" }, { "tablet", "tablet" }, { "x10E3", "\xc3\x97" "10\xc2\xb3" },
	{ "mgAlb/gCre", "mgAlb/gCre" },
	{ "<b>&amp;", "<b>&amp;" },	/* the template escapes */
};

int
main(void)
{
	char		 out[UNITS_LEN], longer[200];
	size_t		 i;

	for (i = 0; i < N(rows); i++)
		T_STR(units_words(rows[i].unit, out), rows[i].words,
		    rows[i].unit);
	T_STR(units_words(NULL, out), "", "NULL");
	/* Too long to rewrite within UNITS_LEN: as it came. */
	memset(longer, 'u', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	memcpy(longer, "10*3/uL/", 8);
	T_OK(units_words(longer, out) == longer, "a long unit as it came");
	return t_done("test_units");
}
