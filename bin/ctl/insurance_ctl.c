/*
 * portalctl insurance import (insurance_ctl.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "call.h"
#include "insurance.h"
#include "insurance_ctl.h"
#include "portal.h"

int
ctl_insurance(int argc, char **argv, FILE *out, FILE *err)
{
	struct insurance_import_out	 o;
	struct call			 c;
	FILE				*f;
	int				 rc;

	if (argc != 2 || strcmp(argv[0], "import") != 0) {
		fputs("usage: portalctl insurance import FILE|-\n"
		    "  FILE: the billing system's coverages as CSV with a header "
		    "row naming\n  mrn, rank, payer, plan, member_id, group_no, "
		    "subscriber, relationship\n  (any order); a patient's "
		    "coverage of the same rank is replaced, so a\n  second load "
		    "changes nothing\n", err);
		return 2;
	}
	if (strcmp(argv[1], "-") == 0)
		f = stdin;
	else if ((f = fopen(argv[1], "r")) == NULL) {
		fprintf(err, "portalctl: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	memset(&c, 0, sizeof(c));
	c.a = arena_new();
	c.p = portal_open(0);
	c.who.kind = ACTOR_CLI;
	c.now = time(NULL);
	rc = insurance_import(&c, f, err, err, &o);
	if (rc == 0)
		fprintf(out, "insurance import: %zu added, %zu updated, %zu "
		    "refused\n", o.added, o.updated, o.refused);
	portal_close(c.p);
	arena_free(c.a);
	if (f != stdin)
		fclose(f);
	return rc == 0 && o.refused == 0 ? 0 : 1;
}
