/*
 * portalctl's provider directory commands (directory_ctl.h): the PCP on
 * file of a patient, and the directory loaded from the public NPPES NPI
 * registry file (a CSV: lib/base/csv.h reads it).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "audit.h"
#include "call.h"
#include "db.h"
#include "directory_ctl.h"
#include "portal.h"
#include "store_dirload.h"
#include "store_patients.h"
#include "valid.h"

static const char pcp_usage[] =
    "usage: portalctl patient pcp MRN --npi NPI\n"
    "       portalctl patient pcp MRN --none\n"
    "  NPI: a directory entry's (portalctl providers import, an approved\n"
    "  provider account, or a C-CDA document's PCP)\n";

int
ctl_patient_pcp(int argc, char **argv, FILE *out, FILE *err)
{
	struct patient	 pt;
	struct call	 c;
	const char	*mrn, *npi = NULL, *msg;
	int64_t		 prov = 0, was = 0;
	int		 none = 0, rc = 1, found;

	if (argc == 3 && strcmp(argv[2], "--none") == 0)
		none = 1;
	else if (argc != 4 || strcmp(argv[2], "--npi") != 0) {
		fputs(pcp_usage, err);
		return 2;
	}
	memset(&c, 0, sizeof(c));
	c.a = arena_new();
	if ((msg = valid_mrn(c.a, argv[1], strlen(argv[1]), &mrn)) != NULL ||
	    (!none && (msg = valid_npi(c.a, argv[3], strlen(argv[3]),
	    &npi)) != NULL)) {
		fprintf(err, "portalctl: %s\n", msg);
		arena_free(c.a);
		return 2;
	}
	c.p = portal_open(0);
	c.who.kind = ACTOR_CLI;
	c.now = time(NULL);
	if (db_begin(c.p->db) == -1)
		goto done;
	if ((found = store_patient_by_mrn(c.p->db, c.a, mrn, &pt)) != 1) {
		fprintf(err, "portalctl: %s\n", found == 0 ? "no such patient" :
		    "database error");
		goto done;
	}
	if (!none && (found = store_dir_by_npi(c.p->db, npi, &prov)) != 1) {
		fprintf(err, "portalctl: %s\n", found == 0 ? "no directory "
		    "entry has that NPI (portalctl providers import)" :
		    "database error");
		goto done;
	}
	if (store_pcp_get(c.p->db, pt.id, &was) != 1 ||
	    store_pcp_set(c.p->db, pt.id, prov) != 1 ||
	    audit_call(&c, "pcp.set", pt.id, arena_printf(c.a,
	    "provider:%" PRId64 " was:%" PRId64, prov, was)) == -1 ||
	    db_commit(c.p->db) == -1) {
		fputs("portalctl: database error\n", err);
		goto done;
	}
	fprintf(out, "patient %s: PCP %s\n", mrn, none ? "none" : npi);
	rc = 0;
done:
	if (rc != 0)
		db_rollback(c.p->db);
	portal_close(c.p);
	arena_free(c.a);
	return rc;
}

int
ctl_providers(int argc, char **argv, FILE *out, FILE *err)
{
	(void)argc;
	(void)argv;
	(void)out;
	fputs("usage: portalctl providers import FILE\n", err);
	return 2;
}
