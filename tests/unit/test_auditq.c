/*
 * lib/app/auditq: the privacy office's filter (issue 16.1) as tables of
 * good and bad actors, actions, dates and pages, in the hospital's zone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "auditq.h"
#include "valid.h"
#include "t.h"

#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))

static const struct {
	const char	*in;
	int		 ok;
	const char	*actor;		/* exact, or NULL */
	const char	*kind;		/* prefix, or NULL */
} actors[] = {
	{ "family:12", 1, "family:12", NULL },
	{ "staff:3", 1, "staff:3", NULL },
	{ "provider:5", 1, "provider:5", NULL },
	{ "sponsored:2", 1, "sponsored:2", NULL },
	{ "cli", 1, "cli", NULL },
	{ "portalctl", 1, "portalctl", NULL },
	{ "anonymous", 1, "anonymous", NULL },
	{ "family", 1, NULL, "family:" },
	{ "staff", 1, NULL, "staff:" },
	{ "provider", 1, NULL, "provider:" },
	{ "sponsored", 1, NULL, "sponsored:" },
	{ "family:", 0, NULL, NULL },
	{ "family:0", 0, NULL, NULL },
	{ "family:012", 0, NULL, NULL },
	{ "family:12x", 0, NULL, NULL },
	{ "family:-1", 0, NULL, NULL },
	{ "family:1234567890123456789", 0, NULL, NULL },
	{ "Family:12", 0, NULL, NULL },
	{ "families", 0, NULL, NULL },
	{ "root", 0, NULL, NULL },
	{ "family:12' OR 1=1", 0, NULL, NULL },
	/* As a person knows them, resolved by the application. */
	{ "staff:pria", 1, "staff:pria", NULL },
	{ "staff:p.ria-2", 1, "staff:p.ria-2", NULL },
	{ "staff:p ria", 0, NULL, NULL },
	{ "staff:x", 0, NULL, NULL },		/* a user name has two */
	{ "staff:pria'--", 0, NULL, NULL },
	{ "Pat.Parent@Example.org", 1, "pat.parent@example.org", NULL },
	{ "pat@", 0, NULL, NULL },
	{ "@example.org", 0, NULL, NULL },
	{ "pat @example.org", 0, NULL, NULL },
	{ "", 0, NULL, NULL },
};

static const struct {
	const char	*in;
	int		 ok;
	const char	*action;
	const char	*family;
} actions[] = {
	{ "record.view.labs", 1, "record.view.labs", NULL },
	{ "staff_login.ok", 1, "staff_login.ok", NULL },
	{ "record.*", 1, NULL, "record." },
	{ "precord.view.*", 1, NULL, "precord.view." },
	{ "audit", 1, "audit", NULL },
	{ "*", 0, NULL, NULL },
	{ ".*", 0, NULL, NULL },
	{ "record.%", 0, NULL, NULL },
	{ "record*", 0, NULL, NULL },
	{ "record..view", 0, NULL, NULL },
	{ "Record.view", 0, NULL, NULL },
	{ "record view", 0, NULL, NULL },
	{ "record.*.labs", 0, NULL, NULL },
	{ "", 0, NULL, NULL },
	{ "a.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	    0, NULL, NULL },
};

/* Moments in America/New_York (EST -5, EDT -4 from 2026-03-08). */
static const struct {
	const char	*in;
	int		 until;
	int		 ok;
	int64_t		 at;
} whens[] = {
	{ "2026-12-01", 0, 1, 1796101200 },		/* 05:00 UTC */
	{ "2026-12-01", 1, 1, 1796101200 + 86400 },	/* the next midnight */
	{ "2026-12-01T09:30", 0, 1, 1796101200 + 9 * 3600 + 1800 },
	{ "2026-12-01 09:30", 0, 1, 1796101200 + 9 * 3600 + 1800 },
	{ "2026-12-01T09:30", 1, 1, 1796101200 + 9 * 3600 + 1860 },
	{ "2026-12-31", 1, 1, 1798779600 },		/* 2027-01-01 05:00 UTC */
	{ "2026-03-08T02:30", 0, 0, 0 },		/* the spring gap */
	{ "2026-02-30", 0, 0, 0 },
	{ "2026-13-01", 0, 0, 0 },
	{ "2026-12-01T24:00", 0, 0, 0 },
	{ "2026-12-01T09:60", 0, 0, 0 },
	{ "12/01/2026", 0, 0, 0 },
	{ "2026-12-1", 0, 0, 0 },
	{ "2026-12-01T9:30", 0, 0, 0 },
	{ "1969-12-31", 0, 0, 0 },
	{ "yesterday", 0, 0, 0 },
	{ "", 0, 0, 0 },
};

static const struct {
	const char	*in;
	int		 ok;
	int64_t		 page;
} pages[] = {
	{ "1", 1, 1 }, { "2", 1, 2 }, { "1000000", 1, 1000000 },
	{ "0", 0, 0 }, { "01", 0, 0 }, { "-1", 0, 0 }, { "1000001", 0, 0 },
	{ "99999999", 0, 0 }, { "2x", 0, 0 }, { "", 0, 0 },
};

static void
test_actors(void)
{
	struct arena			*a = arena_new();
	struct store_audit_filter	 f;
	size_t				 i;

	for (i = 0; i < NELEM(actors); i++) {
		memset(&f, 0, sizeof(f));
		T_INT(auditq_actor(a, actors[i].in, &f) == NULL, actors[i].ok,
		    actors[i].in);
		T_STR(f.actor, actors[i].actor, actors[i].in);
		T_STR(f.actor_kind, actors[i].kind, actors[i].in);
	}
	arena_free(a);
}

static void
test_actions(void)
{
	struct arena			*a = arena_new();
	struct store_audit_filter	 f;
	size_t				 i;

	for (i = 0; i < NELEM(actions); i++) {
		memset(&f, 0, sizeof(f));
		T_INT(auditq_action(a, actions[i].in, &f) == NULL,
		    actions[i].ok, actions[i].in);
		T_STR(f.action, actions[i].action, actions[i].in);
		T_STR(f.action_family, actions[i].family, actions[i].in);
	}
	arena_free(a);
}

static void
test_whens(void)
{
	int64_t	 t;
	size_t	 i;

	setenv("TZ", "America/New_York", 1);
	tzset();
	for (i = 0; i < NELEM(whens); i++) {
		t = 0;
		T_INT(auditq_when(whens[i].in, whens[i].until, &t) == NULL,
		    whens[i].ok, whens[i].in);
		if (whens[i].ok)
			T_INT(t, whens[i].at, whens[i].in);
	}
	/* Where the clocks go forward at midnight (Havana, 2026-03-08 00:00
	 * is 01:00 CDT), "through 2026-03-07" ends at the next day's first
	 * moment, 01:00; the form's field says so too, rather than passing
	 * the date and then dropping the end from the filter. */
	setenv("TZ", "America/Havana", 1);
	tzset();
	t = 0;
	T_INT(auditq_when("2026-03-07", 1, &t) == NULL, 1, "Havana until");
	T_INT(t, 1772946000, "Havana until");
	T_INT(auditq_when("2026-03-08T00:30", 1, &t) == NULL, 0, "in the gap");
	setenv("TZ", "America/New_York", 1);
	tzset();
}

static void
test_pages(void)
{
	int64_t	 n;
	size_t	 i;

	for (i = 0; i < NELEM(pages); i++) {
		n = 0;
		T_INT(auditq_page(pages[i].in, &n) == NULL, pages[i].ok,
		    pages[i].in);
		if (pages[i].ok)
			T_INT(n, pages[i].page, pages[i].in);
	}
}

/* The field validators: the value as typed, and a NUL inside refused. */
static void
test_valid(void)
{
	static const struct {
		valid_fn	 fn;
		const char	*in;
		size_t		 len;
		int		 ok;
	} rows[] = {
		{ auditq_valid_actor, "family:12", 9, 1 },
		{ auditq_valid_actor, "family:1\0", 9, 0 },
		{ auditq_valid_actor, "family:12x", 9, 1 },	/* len cuts the x */
		{ auditq_valid_action, "record.*", 8, 1 },
		{ auditq_valid_action, "record\0.*", 9, 0 },
		{ auditq_valid_when, "2026-12-01", 10, 1 },
		{ auditq_valid_when, "2026-12-0\0", 10, 0 },
		{ auditq_valid_until, "2026-12-01", 10, 1 },
		{ auditq_valid_until, "2026-12-01T10:00", 16, 1 },
		{ auditq_valid_until, "2026-02-30", 10, 0 },
		{ auditq_valid_page, "3", 1, 1 },
		{ auditq_valid_page, "0", 1, 0 },
	};
	struct arena	*a = arena_new();
	const char	*out;
	size_t		 i;

	for (i = 0; i < NELEM(rows); i++) {
		out = NULL;
		T_INT(rows[i].fn(a, rows[i].in, rows[i].len, &out) == NULL,
		    rows[i].ok, rows[i].in);
		if (rows[i].ok)
			T_OK(out != NULL && strlen(out) == rows[i].len &&
			    memcmp(out, rows[i].in, rows[i].len) == 0, "typed");
	}
	arena_free(a);
}

int
main(void)
{
	test_actors();
	test_actions();
	test_whens();
	test_pages();
	test_valid();
	return t_done("test_auditq");
}
