/*
 * portalctl's provider directory commands (directory_ctl.h): the PCP on
 * file of a patient, and the directory loaded from the public NPPES NPI
 * registry file (a CSV: lib/base/csv.h reads it).
 */
#include <sys/stat.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "audit.h"
#include "call.h"
#include "csv.h"
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

/*
 * The NPPES file: the columns read, by their header names (any order;
 * the file's other 300-odd columns are ignored).
 */
enum col {
	COL_NPI, COL_TYPE, COL_FAMILY, COL_GIVEN, COL_CREDENTIAL, COL_ORG,
	COL_ADDRESS, COL_CITY, COL_STATE, COL_POSTAL, COL_PHONE, COL_TAXONOMY,
	COL__MAX
};

static const struct {
	const char	*name;
	int		 required;
} cols[COL__MAX] = {
	[COL_NPI] = { "NPI", 1 },
	[COL_TYPE] = { "Entity Type Code", 1 },
	[COL_FAMILY] = { "Provider Last Name (Legal Name)", 1 },
	[COL_GIVEN] = { "Provider First Name", 1 },
	[COL_CREDENTIAL] = { "Provider Credential Text", 0 },
	[COL_ORG] = { "Provider Organization Name (Legal Business Name)", 0 },
	[COL_ADDRESS] = { "Provider First Line Business Practice Location "
	    "Address", 0 },
	[COL_CITY] = { "Provider Business Practice Location Address City "
	    "Name", 0 },
	[COL_STATE] = { "Provider Business Practice Location Address State "
	    "Name", 0 },
	[COL_POSTAL] = { "Provider Business Practice Location Address Postal "
	    "Code", 0 },
	[COL_PHONE] = { "Provider Business Practice Location Address "
	    "Telephone Number", 0 },
	[COL_TAXONOMY] = { "Healthcare Provider Taxonomy Code_1", 0 },
};

/* Common NUCC taxonomy codes (taxonomy.nucc.org) as families read them;
 * another code is kept as the code. */
static const struct {
	const char	*code;
	const char	*name;
} taxonomy[] = {
	{ "208000000X", "Pediatrics" },
	{ "2080A0000X", "Adolescent Medicine" },
	{ "2080N0001X", "Neonatology" },
	{ "2080P0201X", "Pediatric Allergy and Immunology" },
	{ "2080P0202X", "Pediatric Cardiology" },
	{ "2080P0203X", "Pediatric Critical Care" },
	{ "2080P0204X", "Pediatric Emergency Medicine" },
	{ "2080P0205X", "Pediatric Endocrinology" },
	{ "2080P0206X", "Pediatric Gastroenterology" },
	{ "2080P0207X", "Pediatric Hematology-Oncology" },
	{ "2080P0208X", "Pediatric Infectious Diseases" },
	{ "2080P0210X", "Pediatric Nephrology" },
	{ "2080P0214X", "Pediatric Pulmonology" },
	{ "2080P0216X", "Pediatric Rheumatology" },
	{ "2084N0402X", "Child Neurology" },
	{ "2084P0804X", "Child and Adolescent Psychiatry" },
	{ "2086S0120X", "Pediatric Surgery" },
	{ "207Q00000X", "Family Medicine" },
	{ "207R00000X", "Internal Medicine" },
	{ "208D00000X", "General Practice" },
	{ "207P00000X", "Emergency Medicine" },
	{ "207K00000X", "Allergy and Immunology" },
	{ "207N00000X", "Dermatology" },
	{ "207V00000X", "Obstetrics and Gynecology" },
	{ "207W00000X", "Ophthalmology" },
	{ "207X00000X", "Orthopaedic Surgery" },
	{ "207Y00000X", "Otolaryngology" },
	{ "363LP0200X", "Nurse Practitioner, Pediatrics" },
	{ "363LF0000X", "Nurse Practitioner, Family" },
	{ "363A00000X", "Physician Assistant" },
	{ "1223P0221X", "Pediatric Dentistry" },
	{ "103T00000X", "Psychology" },
	{ "235Z00000X", "Speech-Language Pathology" },
};

/* Hard limits: the full NPPES file is some 10 GB of rows of about 330
 * fields; a field of the directory is at most FIELD_MAX bytes. */
static const struct csv_limits nppes_limits = { 32768, 512 };
#define FILE_MAX	(64LL * 1024 * 1024 * 1024)
#define FIELD_MAX	200
#define REASONS_MAX	100	/* skipped rows named on err; then counted */
#define BATCH		1000	/* rows a transaction */

struct load {
	FILE		*err;
	int		 at[COL__MAX];	/* the column's index, -1 if absent */
	size_t		 added, updated, unchanged, filled;
	size_t		 orgs, inactive, faulty, reasons;
};

static void
skip(struct load *l, size_t line, const char *why)
{
	l->faulty++;
	if (l->reasons++ < REASONS_MAX)
		fprintf(l->err, "portalctl: line %zu skipped: %s\n", line, why);
	else if (l->reasons == REASONS_MAX + 1)
		fputs("portalctl: further skipped lines are only counted\n",
		    l->err);
}

/* Words with a capital first letter ("SMITH-JONES" "Smith-Jones"): the
 * registry writes names and cities in capitals. */
static char *
title(struct arena *a, const char *s)
{
	char	*t = arena_strdup(a, s);
	size_t	 i;
	int	 start = 1;

	for (i = 0; t[i] != '\0'; i++) {
		if (t[i] >= 'A' && t[i] <= 'Z' && !start)
			t[i] = (char)(t[i] - 'A' + 'a');
		else if (t[i] >= 'a' && t[i] <= 'z' && start)
			t[i] = (char)(t[i] - 'a' + 'A');
		start = strchr(" -'.\"(/", t[i]) != NULL;
	}
	return t;
}

/* 10 digits as (617) 555-0100, 9-digit ZIP codes as 02115-5737; other
 * values as given. */
static const char *
shape(struct arena *a, const char *s, enum col c)
{
	size_t	 n = strlen(s);

	if (strspn(s, "0123456789") != n)
		return s;
	if (c == COL_PHONE && n == 10)
		return arena_printf(a, "(%.3s) %.3s-%.4s", s, s + 3, s + 6);
	if (c == COL_POSTAL && n == 9)
		return arena_printf(a, "%.5s-%.4s", s, s + 5);
	return s;
}

/* The field of column c, trimmed, or NULL if absent or empty. */
static const char *
field(struct arena *a, const struct load *l, const struct csv_row *r,
    enum col c)
{
	const char	*s;
	size_t		 n;

	if (l->at[c] < 0 || (size_t)l->at[c] >= r->n)
		return NULL;
	s = r->field[l->at[c]];
	while (*s == ' ')
		s++;
	n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	return n == 0 ? NULL : arena_strndup(a, s, n);
}

/* One data row into e: NULL, or why it is skipped ("" to skip it
 * without a reason on err: an organization, a deactivated NPI). */
static const char *
row_entry(struct arena *a, struct load *l, const struct csv_row *r,
    struct dir_entry *e)
{
	const char	*v[COL__MAX], *npi;
	size_t		 i;
	int		 c;

	if (r->n <= (size_t)l->at[COL_GIVEN] || r->n <= (size_t)l->at[COL_NPI])
		return "fewer fields than the header names";
	for (c = 0; c < COL__MAX; c++) {
		v[c] = field(a, l, r, c);
		if (v[c] == NULL)
			continue;
		if (strlen(v[c]) > FIELD_MAX)
			return arena_printf(a, "\"%s\" is longer than %d bytes",
			    cols[c].name, FIELD_MAX);
		if (!valid_utf8(v[c], strlen(v[c]), 0))
			return arena_printf(a, "\"%s\" is not text",
			    cols[c].name);
	}
	if (v[COL_TYPE] == NULL) {
		l->inactive++;
		return "";
	}
	if (strcmp(v[COL_TYPE], "2") == 0) {
		l->orgs++;
		return "";
	}
	if (strcmp(v[COL_TYPE], "1") != 0)
		return "the entity type is neither 1 nor 2";
	if (v[COL_NPI] == NULL || valid_npi(a, v[COL_NPI], strlen(v[COL_NPI]),
	    &npi) != NULL)
		return "the NPI does not check out";
	if (v[COL_FAMILY] == NULL || v[COL_GIVEN] == NULL)
		return "no last or first name";
	memset(e, 0, sizeof(*e));
	e->npi = npi;
	e->family = title(a, v[COL_FAMILY]);
	e->given = title(a, v[COL_GIVEN]);
	e->credential = v[COL_CREDENTIAL];
	e->organization = v[COL_ORG] != NULL ? title(a, v[COL_ORG]) : NULL;
	e->address = v[COL_ADDRESS] != NULL ? title(a, v[COL_ADDRESS]) : NULL;
	e->city = v[COL_CITY] != NULL ? title(a, v[COL_CITY]) : NULL;
	e->state = v[COL_STATE];
	e->postal = v[COL_POSTAL] != NULL ? shape(a, v[COL_POSTAL],
	    COL_POSTAL) : NULL;
	e->phone = v[COL_PHONE] != NULL ? shape(a, v[COL_PHONE], COL_PHONE) :
	    NULL;
	e->specialty = v[COL_TAXONOMY];
	for (i = 0; v[COL_TAXONOMY] != NULL &&
	    i < sizeof(taxonomy) / sizeof(taxonomy[0]); i++)
		if (strcmp(taxonomy[i].code, v[COL_TAXONOMY]) == 0)
			e->specialty = taxonomy[i].name;
	return NULL;
}

/* The header row: every column's index. 0, or -1 after saying which
 * required column is missing. */
static int
header(struct load *l, const struct csv_row *r)
{
	size_t	 i;
	int	 c, rc = 0;

	for (c = 0; c < COL__MAX; c++) {
		l->at[c] = -1;
		for (i = 0; i < r->n; i++)
			if (strcmp(r->field[i], cols[c].name) == 0 ||
			    (i == 0 && strncmp(r->field[i], "\xef\xbb\xbf", 3)
			    == 0 && strcmp(r->field[i] + 3, cols[c].name) == 0))
				l->at[c] = (int)i;
		if (l->at[c] == -1 && cols[c].required) {
			fprintf(l->err, "portalctl: the header has no column "
			    "\"%s\": is this the NPPES NPI file?\n",
			    cols[c].name);
			rc = -1;
		}
	}
	return rc;
}

/*
 * Reads the file row by row, BATCH rows a transaction. An entry that
 * came from the registry (or from a C-CDA document) takes the file's
 * values; one the hospital made (an approved provider account) keeps its
 * own and gets only what it lacks (store_dir_upsert).
 */
static int
load(struct call *c, FILE *f, long long size, struct load *l, FILE *out)
{
	struct arena	*a = arena_new();
	struct csv	*csv;
	struct csv_row	 r;
	struct dir_entry e;
	enum dir_upsert	 what;
	const char	*why;
	enum csv_rc	 rc;
	size_t		 rows = 0, next = 100000;
	int		 ok = -1, in_txn = 0;

	if ((csv = csv_open(f, &nppes_limits)) == NULL)
		goto done;
	if ((rc = csv_read(csv, a, &r, &why)) != CSV_ROW) {
		fprintf(l->err, "portalctl: the file has no header row%s%s\n",
		    rc == CSV_BAD ? ": " : "", rc == CSV_BAD ? why : "");
		goto done;
	}
	if (header(l, &r) == -1)
		goto done;
	for (;;) {
		arena_reset(a);
		if (!in_txn && db_begin(c->p->db) == -1)
			goto dberr;
		in_txn = 1;
		if ((rc = csv_read(csv, a, &r, &why)) == CSV_END)
			break;
		if (rc == CSV_ERROR) {
			fprintf(l->err, "portalctl: reading the file failed\n");
			goto done;
		}
		rows++;
		if (rc == CSV_BAD) {
			skip(l, r.line, why);
			continue;
		}
		if ((why = row_entry(a, l, &r, &e)) != NULL) {
			if (why[0] != '\0')
				skip(l, r.line, why);
			continue;
		}
		if (store_dir_upsert(c->p->db, &e, c->now, &what) == -1)
			goto dberr;
		*(what == DIR_ADDED ? &l->added : what == DIR_UPDATED ?
		    &l->updated : what == DIR_FILLED ? &l->filled :
		    &l->unchanged) += 1;
		if (rows % BATCH == 0) {
			if (db_commit(c->p->db) == -1)
				goto dberr;
			in_txn = 0;
		}
		if (rows >= next) {
			fprintf(l->err, "portalctl: providers import: %zu rows "
			    "read (%lld%%)\n", rows, size > 0 ?
			    (long long)csv_offset(csv) * 100 / size : 100);
			next += 100000;
		}
	}
	fprintf(l->err, "portalctl: providers import: %zu rows read (100%%)\n",
	    rows);
	if (audit_call(c, "directory.import", 0, arena_printf(a,
	    "added:%zu updated:%zu unchanged:%zu filled:%zu skipped:%zu",
	    l->added, l->updated, l->unchanged, l->filled,
	    l->orgs + l->inactive + l->faulty)) == -1 ||
	    db_commit(c->p->db) == -1)
		goto dberr;
	in_txn = 0;
	fprintf(out, "providers import: %zu rows: %zu added, %zu updated, "
	    "%zu unchanged, %zu kept (entries the hospital made: only blanks "
	    "filled), %zu skipped (%zu organizations, %zu deactivated, %zu "
	    "faulty)\n", rows, l->added, l->updated, l->unchanged, l->filled,
	    l->orgs + l->inactive + l->faulty, l->orgs, l->inactive,
	    l->faulty);
	ok = 0;
	goto done;
dberr:
	fputs("portalctl: database error; the rows committed so far stay\n",
	    l->err);
done:
	if (in_txn)
		db_rollback(c->p->db);
	csv_close(csv);
	arena_free(a);
	return ok;
}

int
ctl_providers(int argc, char **argv, FILE *out, FILE *err)
{
	struct load	 l;
	struct call	 c;
	struct stat	 sb;
	FILE		*f;
	int		 rc;

	if (argc != 2 || strcmp(argv[0], "import") != 0) {
		fputs("usage: portalctl providers import FILE\n"
		    "  FILE: the NPPES NPI registry file (npidata_pfile_*.csv "
		    "from\n  download.cms.gov/nppes/NPI_Files.html), whole or "
		    "cut to some states;\n  individuals (entity type 1) are "
		    "loaded, by NPI; a second load\n  updates them\n", err);
		return 2;
	}
	if ((f = fopen(argv[1], "r")) == NULL || fstat(fileno(f), &sb) == -1) {
		fprintf(err, "portalctl: %s: %s\n", argv[1], strerror(errno));
		if (f != NULL)
			fclose(f);
		return 1;
	}
	if (!S_ISREG(sb.st_mode) || (long long)sb.st_size > FILE_MAX) {
		fprintf(err, "portalctl: %s: not a file of at most %lld GB\n",
		    argv[1], FILE_MAX >> 30);
		fclose(f);
		return 1;
	}
	memset(&l, 0, sizeof(l));
	l.err = err;
	memset(&c, 0, sizeof(c));
	c.a = arena_new();
	c.p = portal_open(0);
	c.who.kind = ACTOR_CLI;
	c.now = time(NULL);
	rc = load(&c, f, (long long)sb.st_size, &l, out);
	portal_close(c.p);
	arena_free(c.a);
	fclose(f);
	return rc == 0 ? 0 : 1;
}
