/*
 * gen: the bench data generator on its own, for as long as portalctl has
 * no bench-data command (tests/bench/run.py builds and uses it then):
 *
 *	gen PORTAL_CONF PATIENTS RESULTS
 *
 * Fills the configured, freshly initialised database by bench_generate.
 */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"
#include "conf.h"
#include "db.h"

int
main(int argc, char **argv)
{
	struct conf	 cf;
	struct db	*db;
	char		 err[512];
	int		 rc;

	if (argc != 4) {
		fputs("usage: gen portal.conf patients results\n", stderr);
		return 2;
	}
	if (conf_load(&cf, argv[1], err, sizeof(err)) == -1) {
		fprintf(stderr, "gen: %s\n", err);
		return 1;
	}
	if ((db = db_open(cf.database, 0, err, sizeof(err))) == NULL) {
		fprintf(stderr, "gen: %s\n", err);
		conf_free(&cf);
		return 1;
	}
	rc = bench_generate(db, &cf, strtol(argv[2], NULL, 10),
	    strtol(argv[3], NULL, 10), stdout);
	db_close(db);
	conf_free(&cf);
	return rc == 0 ? 0 : 1;
}
