/*
 * The demo's billing statements (demo.h demo_bills): one for Maria
 * Rivera (Lily's visits, a balance to pay online) and one for Wei Chen
 * whose second line is Sofia's confidential care (a parent does not see
 * it while bill_hide_confidential is yes), through the import of the
 * application layer as `portalctl statements import` takes them.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "bill.h"
#include "call.h"
#include "demo.h"
#include "portal.h"

struct demo_line {
	const char	*statement, *account, *name, *email, *mrn, *desc;
	long		 charges, insurance, adjust, due, balance;
	int		 confidential, days;	/* service: days before */
};

static const struct demo_line lines[] = {
	{ "DEMO-S1001", "G-DEMO-1", "Maria Rivera", "maria.rivera@example.org",
	    "DEMO1001", "Office visit, established patient", 28500, 21000, 0,
	    7500, 18250, 0, 40 },
	{ "DEMO-S1001", "G-DEMO-1", "Maria Rivera", "maria.rivera@example.org",
	    "DEMO1001", "Echocardiogram, complete", 145000, 128000, 6250,
	    10750, 18250, 0, 40 },
	{ "DEMO-S2001", "G-DEMO-2", "Wei Chen", "wei.chen@example.org",
	    "DEMO1003", "Sports physical", 19000, 15000, 0, 4000, 10000, 0, 30 },
	{ "DEMO-S2001", "G-DEMO-2", "Wei Chen", "wei.chen@example.org",
	    "DEMO1003", "Adolescent medicine visit", 26000, 20000, 0, 6000,
	    10000, 1, 25 },
};

static const char *
ymd(struct arena *a, time_t t)
{
	struct tm	 tm;

	if (localtime_r(&t, &tm) == NULL)
		memset(&tm, 0, sizeof(tm));
	return arena_printf(a, "%04d-%02d-%02d", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday);
}

int
demo_bills(struct portal *p, time_t now, FILE *out)
{
	struct call		 c;
	struct bill_row		 rows[4];
	struct bill_import_in	 in;
	struct bill_import_out	 res;
	size_t			 i, n = 0, first = 0;
	int			 rc = 0;

	memset(&c, 0, sizeof(c));
	c.p = p;
	c.a = arena_new();
	c.now = now;
	c.who.kind = ACTOR_CLI;
	for (i = 0; i <= sizeof(lines) / sizeof(lines[0]); i++) {
		if (i == sizeof(lines) / sizeof(lines[0]) ||
		    (i > first && strcmp(lines[i].statement,
		    lines[first].statement) != 0)) {
			in.rows = rows;
			in.n = n;
			if (app_bill_import(&c, &in, &res) != APP_OK ||
			    res.result == BILL_REFUSED) {
				fprintf(out, "demo: statement %s refused: %s\n",
				    lines[first].statement, res.why != NULL ?
				    res.why : "database error");
				rc = -1;
			} else
				fprintf(out, "Statement %s for %s (%s)\n",
				    lines[first].statement, lines[first].name,
				    lines[first].email);
			if (i == sizeof(lines) / sizeof(lines[0]))
				break;
			first = i;
			n = 0;
		}
		memset(&rows[n], 0, sizeof(rows[n]));
		rows[n].statement = lines[i].statement;
		rows[n].guarantor = lines[i].account;
		rows[n].gname = lines[i].name;
		rows[n].gemail = lines[i].email;
		rows[n].date = ymd(c.a, now - 10 * 86400);
		rows[n].due = ymd(c.a, now + 20 * 86400);
		rows[n].balance = lines[i].balance;
		rows[n].mrn = lines[i].mrn;
		rows[n].service = ymd(c.a, now - lines[i].days * 86400);
		rows[n].desc = lines[i].desc;
		rows[n].charges = lines[i].charges;
		rows[n].insurance = lines[i].insurance;
		rows[n].adjust = lines[i].adjust;
		rows[n].patient_due = lines[i].due;
		rows[n].confidential = lines[i].confidential;
		n++;
	}
	arena_free(c.a);
	return rc;
}
