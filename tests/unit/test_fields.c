/*
 * The shared fields' checks (lib/web/fields.h) as a table: the message
 * body's one rule for the family and the care team, 20,000 characters
 * counted as characters (issue 8.6; F-MSG 1, 5); the send key of compose
 * and reply forms, exactly 32 lower-case hex digits (issue 9.4).
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "fields.h"
#include "t.h"

#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))

/* A string of n copies of unit. */
static char *
rep(struct arena *a, const char *unit, size_t n)
{
	size_t	 u = strlen(unit), i;
	char	*s = arena_alloc(a, u * n + 1);

	for (i = 0; i < n; i++)
		memcpy(s + i * u, unit, u);
	s[u * n] = '\0';
	return s;
}

static const struct {
	const char	*unit;
	size_t		 times;
	int		 good;
	const char	*what;
} bodies[] = {
	{ "a", 1, 1, "one letter" },
	{ "Line one\nline two\r\n", 3, 1, "new lines" },
	{ "a", 20000, 1, "20,000 letters" },
	{ "a", 20001, 0, "20,001 letters" },
	{ "\xc3\xa9", 20000, 1, "20,000 two-byte characters (40,000 bytes)" },
	{ "\xc3\xa9", 20001, 0, "20,001 two-byte characters" },
	{ "\xf0\x9f\x99\x82", 20000, 1, "20,000 four-byte characters" },
	{ "\xf0\x9f\x99\x82", 20001, 0, "20,001 four-byte characters" },
	{ "\xff", 1, 0, "not UTF-8" },
	{ "ok\xc3", 1, 0, "a cut character" },
};

static const struct {
	const char	*key;
	int		 good;
	const char	*what;
} keys[] = {
	{ "0123456789abcdef0123456789abcdef", 1, "32 hex digits" },
	{ "ffffffffffffffffffffffffffffffff", 1, "all f" },
	{ "0123456789abcdef0123456789abcde", 0, "31 digits" },
	{ "0123456789abcdef0123456789abcdef0", 0, "33 digits" },
	{ "0123456789ABCDEF0123456789abcdef", 0, "upper case" },
	{ "0123456789abcdeg0123456789abcdef", 0, "a g" },
	{ "0123456789abcdef 123456789abcdef", 0, "a space" },
	{ "not-a-key", 0, "words" },
	{ "", 0, "empty" },
};

int
main(void)
{
	struct arena	*a = arena_new();
	const char	*out, *err, *s;
	size_t		 i;

	for (i = 0; i < NELEM(bodies); i++) {
		s = rep(a, bodies[i].unit, bodies[i].times);
		out = NULL;
		err = fields_msg_body(a, s, strlen(s), &out);
		T_OK((err == NULL) == bodies[i].good, "%s: %s", bodies[i].what,
		    err ? err : "accepted");
		if (err == NULL)
			T_OK(out != NULL && strcmp(out, s) == 0, "%s: kept",
			    bodies[i].what);
	}
	for (i = 0; i < NELEM(keys); i++) {
		out = NULL;
		err = fields_send_key(a, keys[i].key, strlen(keys[i].key), &out);
		T_OK((err == NULL) == keys[i].good, "key %s: %s", keys[i].what,
		    err ? err : "accepted");
		if (err == NULL)
			T_OK(out != NULL && strcmp(out, keys[i].key) == 0,
			    "key %s: kept", keys[i].what);
		else
			T_OK(strcmp(err, fields_send_key_refused) == 0,
			    "key %s: said", keys[i].what);
	}
	s = rep(a, "a", 20001);
	T_STR(fields_msg_body(a, s, strlen(s), &out),
	    "A message can have at most 20,000 characters.", "too long: said");
	arena_free(a);
	return t_done("fields");
}
