/*
 * A unit of measure as a family reads it. Lab results come with their
 * units as coded (UCUM, the documents' unit attribute): "10*3/uL",
 * "mm[Hg]", "Cel", "[lb_av]". Shown as they came, a parent reads
 * "10*3/uL" as arithmetic. Here a table of whole codes ("Cel" is "°C")
 * and three rules for the rest: a power of ten ("10*3", "10^3", "10+3",
 * "x10E3") is "×10³", a micro prefix ("uL", "ug", "umol") is "µ", and a
 * UCUM annotation's braces ("{cells}/uL") are dropped. Anything else is
 * shown as it came. Rows in tests/unit/test_units.c.
 */
#ifndef PORTAL_UNITS_H
#define PORTAL_UNITS_H

#include <stddef.h>

/* Room for any unit this writes (a longer one is shown as it came). */
#define UNITS_LEN	64

/* unit (NULL: "") as a family reads it, in out; returns out. */
const char	*units_words(const char *unit, char out[UNITS_LEN]);

#endif
