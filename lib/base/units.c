/*
 * Units of measure as a family reads them (units.h).
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "units.h"

#define N(x)	(sizeof(x) / sizeof((x)[0]))

/* Whole codes. A code of three or more characters is matched in any case
 * (documents send "MM[HG]", "CEL"); a shorter one exactly ("a" is years,
 * "A" amperes). */
static const struct {
	const char	*code;
	const char	*words;
} whole[] = {
	{ "mm[Hg]", "mmHg" }, { "Cel", "\xc2\xb0" "C" },
	{ "[degF]", "\xc2\xb0" "F" }, { "[lb_av]", "lb" }, { "[oz_av]", "oz" },
	{ "[in_i]", "in" }, { "[in_us]", "in" }, { "[ft_i]", "ft" },
	{ "[pH]", "pH" }, { "kg/m2", "kg/m\xc2\xb2" }, { "m2", "m\xc2\xb2" },
	{ "1", "" },		/* a ratio: no unit */
	{ "a", "years" }, { "mo", "months" }, { "wk", "weeks" },
	{ "d", "days" }, { "h", "hours" }, { "min", "minutes" },
	{ "s", "seconds" },
};

/* The powers of ten as laboratories write them before a count. */
static const char *const tens[] = { "10*", "10^", "10+", "x10E", "X10E",
    "x10e", "x10^" };

static const char *const super[10] = {
	"\xe2\x81\xb0", "\xc2\xb9", "\xc2\xb2", "\xc2\xb3", "\xe2\x81\xb4",
	"\xe2\x81\xb5", "\xe2\x81\xb6", "\xe2\x81\xb7", "\xe2\x81\xb8",
	"\xe2\x81\xb9",
};

/* What may follow a micro prefix "u". */
static const char *const micro[] = { "L", "l", "g", "mol", "U", "m",
    "[IU]", "[iU]", "eq" };

struct out {
	char	*b;
	size_t	 n;
	int	 full;
};

static void
put(struct out *o, const char *s, size_t len)
{
	if (o->n + len >= UNITS_LEN) {
		o->full = 1;
		return;
	}
	memcpy(o->b + o->n, s, len);
	o->n += len;
	o->b[o->n] = '\0';
}

/* 1 if s starts with p. */
static int
starts(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

/* The length of the power of ten at s ("10*3": 4), its digits written
 * into o as "×10³"; 0 if none. */
static size_t
power(struct out *o, const char *s)
{
	const char	*sup;
	size_t		 i, k, d;

	for (i = 0; i < N(tens); i++)
		if (starts(s, tens[i]))
			break;
	if (i == N(tens))
		return 0;
	k = strlen(tens[i]);
	for (d = 0; d < 2 && isdigit((unsigned char)s[k + d]); d++)
		;
	if (d == 0)
		return 0;
	put(o, "\xc3\x97" "10", 4);
	for (i = 0; i < d; i++) {
		sup = super[s[k + i] - '0'];
		put(o, sup, strlen(sup));
	}
	return k + d;
}

/* An atom's start at s: its micro prefix as "µ", and a litre's l as L
 * ("ml", "dl", "ul"); the bytes of s taken. */
static size_t
atom(struct out *o, const char *s)
{
	size_t	 i, k = 0;

	if (s[0] == 'u')
		for (i = 0; i < N(micro); i++)
			if (starts(s + 1, micro[i])) {
				put(o, "\xc2\xb5", 2);
				k = 1;
				break;
			}
	/* A litre after m, d or the micro prefix: "mL", "dL", "µL". */
	if ((k == 1 || s[0] == 'm' || s[0] == 'd') && s[1] == 'l' &&
	    (s[2] == '\0' || s[2] == '/')) {
		if (k == 0)
			put(o, s, 1);
		put(o, "L", 1);
		return 2;
	}
	return k;
}

const char *
units_words(const char *unit, char out[UNITS_LEN])
{
	struct out	 o = { out, 0, 0 };
	const char	*p, *end;
	size_t		 i, k;

	out[0] = '\0';
	if (unit == NULL)
		return out;
	for (i = 0; i < N(whole); i++)
		if (strlen(whole[i].code) >= 3 ? strcasecmp(unit,
		    whole[i].code) == 0 : strcmp(unit, whole[i].code) == 0)
			return whole[i].words;
	for (p = unit; *p != '\0' && !o.full;) {
		if (p == unit && (k = power(&o, p)) > 0) {
			p += k;
			continue;
		}
		if ((p == unit || p[-1] == '/') && (k = atom(&o, p)) > 0) {
			p += k;
			continue;
		}
		if (*p == '{' && (end = strchr(p, '}')) != NULL) {
			put(&o, p + 1, (size_t)(end - p - 1));
			p = end + 1;
			continue;
		}
		if (strncasecmp(p, "[iU]", 4) == 0) {
			put(&o, "IU", 2);
			p += 4;
			continue;
		}
		put(&o, p, 1);
		p++;
	}
	return o.full ? unit : out;
}
