/*
 * The importer as tests/import/run.py drives it, built with ASan and
 * UBSan: creates or migrates DB from SQLDIR, then imports each FILE
 * (files, folders, "-") as `portalctl import` does and prints its
 * summary. The configuration is $PORTAL_CONF if set, else the defaults.
 *
 *	cda_import DB SQLDIR FILE...
 */
#include <stdio.h>
#include <time.h>
#include <stdlib.h>

#include "audit.h"
#include "cda.h"
#include "conf.h"
#include "db.h"
#include "pcpreq.h"

int
main(int argc, char *argv[])
{
	struct conf	 cf;
	struct db	*db;
	const char	*cpath = getenv("PORTAL_CONF");
	char		 err[512];
	int		 rc;

	if (argc < 4) {
		fprintf(stderr, "usage: cda_import DB SQLDIR FILE...\n");
		return 2;
	}
	if (conf_load(&cf, cpath != NULL ? cpath : "/dev/null", err,
	    sizeof(err)) == -1) {
		fprintf(stderr, "cda_import: %s\n", err);
		conf_free(&cf);
		return 2;
	}
	conf_apply_tz(&cf);
	/* The import audits the PCP it puts on file: a test key. */
	audit_key_set((const unsigned char *)"tests/tools/cda_import test key");
	cda_on_pcp(pcpreq_import_audit);
	if ((db = db_open(argv[1], 1, err, sizeof(err))) == NULL ||
	    db_migrate(db, argv[2], err, sizeof(err)) == -1 ||
	    audit_start(db, time(NULL), err, sizeof(err)) == -1) {
		fprintf(stderr, "cda_import: %s\n", err);
		db_close(db);
		conf_free(&cf);
		return 2;
	}
	rc = cda_import_paths(db, &cf, argv + 3, argc - 3, time(NULL), stdout);
	db_close(db);
	conf_free(&cf);
	return rc;
}
