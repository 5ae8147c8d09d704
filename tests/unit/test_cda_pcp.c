/*
 * The PCP of a C-CDA document (cda_pcp, issue 12.1) on documents of the
 * real corpus (../shared/ccda): the performer with functionCode PCP and
 * a valid NPI, none where the NPI does not check out or no PCP is named;
 * on small documents written here, a header participant marked PCP. Then
 * the import: a corpus document puts its PCP on file (a directory entry
 * of source 'cda', made once), and a second document naming another PCP
 * leaves the one on file. Tests run from the project root.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "arena.h"
#include "audit.h"
#include "cda.h"
#include "conf.h"
#include "pcpreq.h"
#include "db.h"
#include "db_sqlite.h"
#include "store_dirload.h"
#include "t.h"

#define CORPUS	"../shared/ccda/ccda-samples/"
#define NOW	1700000000

static int	 corpus;	/* the corpus is there (as tests/import/run.py,
				 * its checks are skipped without it) */

static const struct {
	const char	*path;
	const char	*npi;		/* NULL: no PCP taken */
	const char	*given, *family;
} docs[] = {
	{ CORPUS "Agastha/TransitionOfCare_CCD_R21_Sample1_Susan_Turner.xml",
	    "1316976707", "Albert", "Davis" },
	{ CORPUS "Netsmart myEvolv/Continuity_of_Care_Document_20170327_"
	    "190317_58_2.xml", "1342352022", "CHRISTINA", "VALDEZ" },
	{ CORPUS "Amrita/Duro_Paula_109500_CCD_201709180916.xml",
	    "1891724563", "Thomas", "Branson" },
	{ CORPUS "Amrita/Hocking_Spencer_808085_CCD_201709180916.xml",
	    "1841569555", "Ivy", "Stuart" },
	/* functionCode PCP, but the NPI 1234567890 does not check out. */
	{ CORPUS "MedConnect/CCDA6_MYERS_SCOTT_44.xml", NULL, NULL, NULL },
};

#define HEAD "<ClinicalDocument xmlns=\"urn:hl7-org:v3\">"
static const struct {
	const char	*xml;
	const char	*npi;
} small[] = {
	{ HEAD "<participant typeCode=\"IND\"><functionCode code=\"PCP\" "
	    "codeSystem=\"2.16.840.1.113883.5.88\"/><associatedEntity>"
	    "<id root=\"2.16.840.1.113883.4.6\" extension=\"1987654328\"/>"
	    "<associatedPerson><name><given>Linh</given><family>Nguyen"
	    "</family></name></associatedPerson></associatedEntity>"
	    "</participant></ClinicalDocument>", "1987654328" },
	/* Marked PCP but no NPI (the corpus's caregivers): not taken. */
	{ HEAD "<participant typeCode=\"IND\"><functionCode code=\"PCP\"/>"
	    "<associatedEntity><associatedPerson><name><given>A</given>"
	    "<family>B</family></name></associatedPerson></associatedEntity>"
	    "</participant></ClinicalDocument>", NULL },
	/* A performer that is not the PCP. */
	{ HEAD "<documentationOf><serviceEvent><performer typeCode=\"PRF\">"
	    "<functionCode code=\"ATTPHYS\"/><assignedEntity><id root=\"2.16."
	    "840.1.113883.4.6\" extension=\"1987654328\"/><assignedPerson>"
	    "<name><given>L</given><family>N</family></name>"
	    "</assignedPerson></assignedEntity></performer></serviceEvent>"
	    "</documentationOf></ClinicalDocument>", NULL },
	/* PCP of another code system: not ParticipationFunction's. */
	{ HEAD "<documentationOf><serviceEvent><performer typeCode=\"PRF\">"
	    "<functionCode code=\"PCP\" codeSystem=\"1.2.3\"/><assignedEntity>"
	    "<id root=\"2.16.840.1.113883.4.6\" extension=\"1987654328\"/>"
	    "<assignedPerson><name><given>L</given><family>N</family></name>"
	    "</assignedPerson></assignedEntity></performer></serviceEvent>"
	    "</documentationOf></ClinicalDocument>", NULL },
};

static void
test_parse(void)
{
	struct arena		*a = arena_new();
	struct dir_entry	 e;
	xmlDoc			*d;
	size_t			 i;
	int			 rc;

	for (i = 0; corpus && i < sizeof(docs) / sizeof(docs[0]); i++) {
		if ((d = xmlReadFile(docs[i].path, NULL, XML_PARSE_NONET)) ==
		    NULL) {
			T_OK(0, "%s: cannot read", docs[i].path);
			continue;
		}
		rc = cda_pcp(a, xmlDocGetRootElement(d), &e);
		T_INT(rc, docs[i].npi != NULL, docs[i].path);
		if (rc == 1 && docs[i].npi != NULL) {
			T_STR(e.npi, docs[i].npi, docs[i].path);
			T_STR(e.given, docs[i].given, docs[i].path);
			T_STR(e.family, docs[i].family, docs[i].path);
		}
		xmlFreeDoc(d);
	}
	for (i = 0; i < sizeof(small) / sizeof(small[0]); i++) {
		d = xmlReadMemory(small[i].xml, (int)strlen(small[i].xml), "x",
		    NULL, XML_PARSE_NONET);
		rc = cda_pcp(a, xmlDocGetRootElement(d), &e);
		T_INT(rc, small[i].npi != NULL, small[i].xml);
		if (rc == 1)
			T_STR(e.npi, small[i].npi, small[i].xml);
		xmlFreeDoc(d);
	}
	arena_free(a);
}

static unsigned char *
slurp(const char *path, size_t *len)
{
	FILE		*f = fopen(path, "rb");
	unsigned char	*b;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	rewind(f);
	b = malloc(*len);
	if (fread(b, 1, *len, f) != *len)
		*len = 0;
	fclose(f);
	return b;
}

/* Raw query: one integer, or -1. */
static long long
q(struct db *db, const char *sql)
{
	sqlite3_stmt	*st;
	long long	 v = -1;

	if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void
test_import(void)
{
	struct cda_result	 res;
	struct conf		 cf;
	struct db		*db;
	unsigned char		*b;
	char			 err[256], path[] = "/tmp/test_cda_pcp.XXXXXX";
	const char		*ids[] = { docs[2].path, docs[3].path };
	size_t			 len, i;
	int			 fd;

	if (conf_load(&cf, "/dev/null", err, sizeof(err)) == -1 ||
	    (fd = mkstemp(path)) == -1) {
		T_OK(0, "setup: %s", err);
		return;
	}
	close(fd);
	unlink(path);
	audit_key_set((const unsigned char *)"test_cda_pcp: a key of 32 bytes");
	cda_on_pcp(pcpreq_import_audit);
	free(cf.mrn_root);
	cf.mrn_root = strdup("2.16.840.1.113883.3.3619.2");	/* Amrita's */
	if ((db = db_open(path, DB_CREATE, err, sizeof(err))) == NULL ||
	    db_migrate(db, "sql", err, sizeof(err)) == -1 ||
	    audit_start(db, NOW, err, sizeof(err)) == -1) {
		T_OK(0, "%s", err);
		return;
	}
	/* Duro (MRN 65) names Branson; Hocking names Stuart. */
	for (i = 0; i < 2; i++) {
		if ((b = slurp(ids[i], &len)) == NULL) {
			T_OK(0, "%s: cannot read", ids[i]);
			continue;
		}
		cda_import_buffer_at(db, &cf, ids[i], b, len, NOW, &res);
		T_INT(res.status, CDA_IMPORTED, ids[i]);
		T_INT(res.pcp, 1, "the PCP put on file");
		free(b);
	}
	T_INT(q(db, "SELECT count(*) FROM patients p JOIN providers d ON "
	    "d.id = p.pcp_id WHERE p.mrn = '65' AND d.npi = '1891724563' AND "
	    "d.source = 'cda' AND d.family_key = 'branson'"), 1,
	    "patients.pcp_id: Branson's entry");
	T_INT(q(db, "SELECT count(*) FROM providers"), 2, "one entry each");
	/* An access change: each PCP put on file has its audit row. */
	T_INT(q(db, "SELECT count(*) FROM audit WHERE action = 'pcp.set' "
	    "AND actor = 'cli' AND patient_id IS NOT NULL"), 2,
	    "the PCP set by the import is audited");
	/* Another document of MRN 65 naming another PCP: the one on file
	 * stays. */
	T_INT(q(db, "UPDATE providers SET npi = '1987654328' WHERE "
	    "npi = '1891724563' RETURNING 1"), 1, "setup: the entry's NPI");
	if ((b = slurp(ids[0], &len)) != NULL) {
		/* The same bytes would be a duplicate: one byte of the
		 * title changed makes them another document. */
		unsigned char	*t = (unsigned char *)strstr((char *)b, "<title>");

		if (t != NULL && len > 0)
			t[7] = t[7] == 'X' ? 'Y' : 'X';
		cda_import_buffer_at(db, &cf, ids[0], b, len, NOW, &res);
		T_INT(res.status, CDA_IMPORTED, res.reason);
		T_INT(res.pcp, 2, "another PCP on file: kept");
		free(b);
	}
	T_INT(q(db, "SELECT count(*) FROM patients p JOIN providers d ON "
	    "d.id = p.pcp_id WHERE p.mrn = '65' AND d.npi = '1987654328'"), 1,
	    "the PCP on file is unchanged");
	db_close(db);
	unlink(path);
	for (i = 0; i < 3; i++) {
		char	 side[64];

		snprintf(side, sizeof(side), "%s%s", path, (const char *[]){
		    "-wal", "-shm", "-journal" }[i]);
		unlink(side);
	}
	conf_free(&cf);
}

int
main(void)
{
	setenv("TZ", "America/New_York", 1);
	if (!(corpus = access(CORPUS, R_OK) == 0))
		printf("test_cda_pcp: skipped the corpus checks: %s not found\n",
		    CORPUS);
	test_parse();
	if (corpus)
		test_import();
	return t_done("test_cda_pcp");
}
