/*
 * libFuzzer: the input is a C-CDA document, imported into an in-memory
 * database migrated once at start (and afresh every FUZZ_RENEW inputs, so
 * memory stays flat). Beyond ASan and UBSan, the oracles of the import's
 * contract: a refused or failed document changes no row; an imported one
 * is a duplicate the second time and changes nothing then; a reason is
 * one printable line. The schema is read from $PORTAL_SQL, else "sql"
 * (mk/run-fuzz runs from the project root). The configuration is the
 * defaults: the hospital's MRN root is 2.16.840.1.113883.19.5, the root
 * of the seeds' MRNs (and of the dictionary's; it has another system's
 * too).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "audit.h"
#include "cda.h"
#include "conf.h"
#include "db.h"
#include "db_sqlite.h"
#include "pcpreq.h"

#define FUZZ_RENEW	5000

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct db	*db;
static struct conf	 cf;
static long		 runs;

static void
fresh_db(void)
{
	const char	*sql = getenv("PORTAL_SQL");
	char		 err[512];

	db_close(db);
	if ((db = db_open(":memory:", 1, err, sizeof(err))) == NULL ||
	    db_migrate(db, sql != NULL ? sql : "sql", err, sizeof(err)) == -1 ||
	    audit_start(db, 1700000000, err, sizeof(err)) == -1) {
		fprintf(stderr, "fuzz_cda: %s\n", err);
		abort();
	}
}

/* All rows of the tables an import writes. */
static long long
rows(void)
{
	static const char	 sql[] =
	    "SELECT (SELECT count(*) FROM patients) + (SELECT count(*) FROM "
	    "documents) + (SELECT count(*) FROM encounters) + (SELECT count(*) "
	    "FROM notes) + (SELECT count(*) FROM results) + (SELECT count(*) "
	    "FROM medications) + (SELECT count(*) FROM allergies) + (SELECT "
	    "count(*) FROM problems) + (SELECT count(*) FROM immunizations) + "
	    "(SELECT count(*) FROM vitals) + (SELECT count(*) FROM narratives)";
	sqlite3_stmt		*st;
	long long		 n = -1;

	if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) != SQLITE_OK)
		abort();
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void
check_reason(const struct cda_result *r)
{
	const char	*s;

	for (s = r->reason; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			abort();	/* must print as one line */
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char	 err[256];

	(void)argc;
	(void)argv;
	if (conf_load(&cf, "/dev/null", err, sizeof(err)) == -1) {
		fprintf(stderr, "fuzz_cda: %s\n", err);
		abort();
	}
	setenv("TZ", "America/New_York", 1);
	/* The import audits a PCP it puts on file. */
	audit_key_set((const unsigned char *)"tests/fuzz/fuzz_cda: a test key");
	cda_on_pcp(pcpreq_import_audit);
	fresh_db();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cda_result	 r1, r2;
	long long		 before, after;
	size_t			 i;

	if (++runs % FUZZ_RENEW == 0)
		fresh_db();
	before = rows();
	if (cda_import_buffer_at(db, &cf, "fuzz", data, size, 1700000000, &r1) == -1 &&
	    r1.status != CDA_FAILED)
		abort();
	check_reason(&r1);
	after = rows();
	if (r1.status != CDA_IMPORTED) {
		if (after != before)
			abort();	/* a refusal wrote something */
		for (i = 0; i < CDA_T__MAX; i++)
			if (r1.rows[i] != 0)
				abort();
		return 0;
	}
	if (after <= before)
		abort();		/* imported: at least the document */
	if (cda_import_buffer_at(db, &cf, "fuzz", data, size, 1700000000, &r2) != 0 ||
	    r2.status != CDA_DUPLICATE || r2.document_id != r1.document_id ||
	    rows() != after)
		abort();
	return 0;
}
