/*
 * libFuzzer harness for lib/base/words: the bytes as an ISO date text and
 * as a birth date. A text read as a date always gives words that fit
 * WORDS_LEN; a refused one gives NULL; words_iso_time reads every text
 * words_iso does; an age is never negative. The bytes as a unit of
 * measure too (lib/base/units): the words fit UNITS_LEN or are the unit
 * as it came, and a unit in UTF-8 gives words in UTF-8.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "units.h"
#include "valid.h"
#include "words.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	char	 text[64], out[WORDS_LEN], unit[UNITS_LEN];
	const char *u;
	char	*w;
	time_t	 t;

	if (len >= sizeof(text))
		return 0;
	memcpy(text, data, len);
	text[len] = '\0';
	memset(out, 0x7f, sizeof(out));
	if ((w = words_iso(text, out)) != NULL &&
	    (w != out || memchr(out, '\0', sizeof(out)) == NULL || out[0] == '\0'))
		abort();
	/* (A moment near year 1 or 9999 has a time but no words.) */
	if (w != NULL && words_iso_time(text, &t) != 1)
		abort();
	if ((w = words_age(text, (time_t)1796083200, out)) != NULL &&
	    (words_years(text, (time_t)1796083200) < 0 || out[0] == '\0'))
		abort();
	u = units_words(text, unit);
	if (u != text && strnlen(u, UNITS_LEN) == UNITS_LEN)
		abort();
	if (valid_utf8(text, len, 0) && !valid_utf8(u, strlen(u), 0))
		abort();
	return 0;
}
