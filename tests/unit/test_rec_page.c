/*
 * The record pages' shared words (issue 15.2, lib/web/rec_page.h), as
 * tables: a lab flag in words with its mark (never colour alone), the
 * name a person understands, and the download's file name (only
 * [A-Za-z0-9-], the day in the hospital's zone).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "civil.h"
#include "rec_page.h"
#include "store_patients.h"
#include "t.h"

#define N(x)	(sizeof(x) / sizeof((x)[0]))

int
main(void)
{
	static const struct {
		const char	*flag, *words, *mark;
	} flags[] = {
		{ "H", "High", "\u25b2" }, { "L", "Low", "\u25bc" },
		{ "HH", "Critically high", "\u25b2\u25b2" },
		{ "LL", "Critically low", "\u25bc\u25bc" },
		{ "A", "Abnormal", "\u25c6" }, { "N", "Normal", "" },
		{ "High", "High", "\u25b2" }, { "Low", "Low", "\u25bc" },
		{ "Weird", "Weird", "" }, { NULL, NULL, "" },
	};
	static const struct {
		const char	*given, *family, *want;
	} names[] = {
		{ "Ana", "Rivera", "health-record-Ana-Rivera-2026-12-01.xml" },
		{ "Ana Maria", "O'Brien Rivera",
		    "health-record-Ana-Maria-OBrien-Rivera-2026-12-01.xml" },
		{ "Jos\u00e9", "N\u00fa\u00f1ez", "health-record-Jos-Nez-2026-12-01.xml" },
		{ " Ana ", "-Rivera-", "health-record-Ana-Rivera-2026-12-01.xml" },
		{ "../../etc", "x\r\nSet-Cookie: a=b", "health-record-etc-xSet-Cookie-ab-2026-12-01.xml" },
		{ "", "", "health-record-2026-12-01.xml" },
		{ NULL, NULL, "health-record-2026-12-01.xml" },
	};
	struct rec_row	 r;
	struct patient	 p;
	struct arena	*a = arena_new();
	const char	*mark, *w;
	size_t		 i;
	/* 2026-12-01 04:00 UTC is still 30 November in New York. */
	time_t		 late = (time_t)civil_days(2026, 12, 1) * 86400 + 4 * 3600;
	time_t		 noon = (time_t)civil_days(2026, 12, 1) * 86400 + 17 * 3600;

	setenv("TZ", "America/New_York", 1);
	tzset();
	for (i = 0; i < N(flags); i++) {
		w = rec_flag_words(flags[i].flag, &mark);
		T_STR(w, flags[i].words, flags[i].flag ? flags[i].flag : "NULL");
		T_STR(mark, flags[i].mark, flags[i].flag ? flags[i].flag : "NULL");
	}
	memset(&r, 0, sizeof(r));
	T_STR(rec_name(&r), "", "no name");
	r.name = "Hemoglobin [Mass/volume] in Blood";
	T_STR(rec_name(&r), r.name, "coded name alone");
	r.display = "";
	T_STR(rec_name(&r), r.name, "empty display name");
	r.display = "Hemoglobin";
	T_STR(rec_name(&r), "Hemoglobin", "display name first");
	for (i = 0; i < N(names); i++) {
		memset(&p, 0, sizeof(p));
		p.given = names[i].given;
		p.family = names[i].family;
		T_STR(rec_page_filename(a, &p, noon), names[i].want, names[i].want);
	}
	p.given = "Ana";
	p.family = "Rivera";
	T_STR(rec_page_filename(a, &p, late),
	    "health-record-Ana-Rivera-2026-11-30.xml", "the hospital's day");
	arena_free(a);
	return t_done("test_rec_page");
}
