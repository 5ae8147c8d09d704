/*
 * Insurance (lib/app/insurance.h, issue 14.2) without a web server: the
 * summary of every patient an account sees, another family's patient
 * answered as a missing one (audited, nothing shown), a teen's own
 * account seeing but not reporting, a reported change checked by the
 * shared rules (an HTML file as a card, an oversized photo, a
 * relationship not on the list, another patient's coverage) and stored
 * pending, never applied; and the billing system's CSV import (rows
 * refused with their reasons, a second run changing nothing). Runs on
 * both engines (make check).
 */
#include <inttypes.h>

#include "app_test.h"
#include "db.h"
#include "insurance.h"
#include "store_audit.h"

#define NOW	1772636400	/* Wednesday 2026-03-04 15:00 UTC */
#define DAY	86400

static struct portal	*P;
static int64_t		 parent, other_acct, teen_acct, child, teen, other;

/* Tests only: SQL stays in lib/store for the portal. */
enum { Q_COUNT_CHANGES, Q_COUNT_COVERAGES, Q_COUNT_AUDIT, Q_CDA, Q_ACTIVE,
    Q_CHANGE_RANK, Q__MAX };
static const struct db_sql q[Q__MAX] = {
	[Q_COUNT_CHANGES] = { "n_changes", "SELECT count(*) FROM "
	    "insurance_changes WHERE patient_id = ? AND status = 'pending' "
	    "AND visit_id IS NULL" },
	[Q_COUNT_COVERAGES] = { "n_coverages", "SELECT count(*) FROM "
	    "coverages WHERE patient_id = ? AND source = 'billing'" },
	[Q_COUNT_AUDIT] = { "n_audit", "SELECT count(*) FROM audit "
	    "WHERE action = ? AND detail = ?" },
	[Q_CDA] = { "cda", "INSERT INTO coverages (patient_id, payer, "
	    "member_id, rank, source, updated) VALUES (?, 'Old Health', "
	    "'OH-1', 1, 'cda', 1) RETURNING id" },
	[Q_ACTIVE] = { "n_active", "SELECT count(*) FROM coverages WHERE "
	    "patient_id = ? AND active = 1" },
	[Q_CHANGE_RANK] = { "change_rank", "SELECT rank FROM "
	    "insurance_changes WHERE id = ?" },
};
static const struct db_sqltab test_sql = DB_SQLTAB("test_insurance", q);

static const unsigned char png[] = {
	0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
	0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 2,
	0, 0, 0, 0x90, 0x77, 0x53, 0xde,
	0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82 };

static int64_t
n_of(int k, int64_t i)
{
	int64_t	 n = -1;

	T_OK(db_int(P->db, &q[k], &n, "i", i) == 1, "count");
	return n;
}

static int64_t
n_audit(const char *action, const char *detail)
{
	int64_t	 n = -1;

	T_OK(db_int(P->db, &q[Q_COUNT_AUDIT], &n, "tt", action, detail) == 1,
	    "count");
	return n;
}

static void
setup(void)
{
	char	 err[256];

	P = t_portal();
	if (db_prepare(P->db, &test_sql, err, sizeof(err)) == -1) {
		fprintf(stderr, "test statements: %s\n", err);
		exit(1);
	}
	child = t_patient(P, "C1", "Ava", "2018-03-01", NOW - DAY);
	teen = t_patient(P, "T1", "Tess", "2010-06-01", NOW - DAY);
	other = t_patient(P, "O1", "Olga", "2017-01-01", NOW - DAY);
	parent = t_account(P, "parent@example.org", "Paula", NOW - DAY);
	other_acct = t_account(P, "other@example.org", "Otto", NOW - DAY);
	teen_acct = t_account(P, "tess@example.org", "Tess", NOW - DAY);
	t_hold(P, parent, child, "parent", NOW - DAY);
	t_hold(P, parent, teen, "parent", NOW - DAY);
	t_hold(P, other_acct, other, "parent", NOW - DAY);
	t_hold(P, teen_acct, teen, "self", NOW - DAY);
}

static void
change(struct insurance_report_in *in, int64_t patient)
{
	memset(in, 0, sizeof(*in));
	in->patient = patient;
	in->ins.payer = "Harbor Health";
	in->ins.member_id = "HH-1";
	in->ins.subscriber = "Paula Test";
	in->ins.relationship = "parent";
	in->ins.front = png;
	in->ins.front_len = sizeof(png);
	in->ins.back = png;
	in->ins.back_len = sizeof(png);
}

static void
test_view(void)
{
	struct call			 c = t_call(P, ACTOR_FAMILY, parent, NOW);
	struct insurance_view_in	 in = { 0 };
	struct insurance_view_out	 out;
	char				 detail[64];

	T_INT(app_insurance_view(&c, &in, &out), APP_OK, "every patient");
	T_INT(out.n, 2, "the child and the teen");
	T_INT(out.p[0].right, INS_CHANGE, "parent: reports");
	T_INT(out.p[1].right, INS_CHANGE, "a teen's parent: reports too");
	in.patient = child;
	T_INT(app_insurance_view(&c, &in, &out), APP_OK, "one patient");
	T_INT(out.n, 1, "one");
	in.patient = other;
	T_INT(app_insurance_view(&c, &in, &out), APP_REFUSED,
	    "another family's patient");
	snprintf(detail, sizeof(detail), "asked p=%" PRId64 " right=none",
	    other);
	T_INT(n_audit("insurance.refused", detail), 1, "audited");
	in.patient = 999999;
	T_INT(app_insurance_view(&c, &in, &out), APP_REFUSED,
	    "no such patient: the same answer");
	arena_free(c.a);

	c = t_call(P, ACTOR_FAMILY, teen_acct, NOW);
	in.patient = teen;
	T_INT(app_insurance_view(&c, &in, &out), APP_OK, "the teen's own");
	T_INT(out.p[0].right, INS_SEE, "sees, does not report");
	arena_free(c.a);
}

static void
test_report(void)
{
	struct call			 c = t_call(P, ACTOR_FAMILY, parent, NOW);
	struct insurance_report_in	 in;
	struct insurance_report_out	 out;
	static const unsigned char	 html[] =
	    "<html><body><script>alert(1)</script></body></html>";
	unsigned char			*big;
	char				 detail[64];

	change(&in, child);
	in.ins.front = html;
	in.ins.front_len = sizeof(html) - 1;
	T_INT(app_insurance_report(&c, &in, &out), APP_INVALID, "html card");
	T_STR(out.field, "front", "html card: field");

	big = calloc(1, INSURANCE_PHOTO_BYTES + 1);
	memcpy(big, png, sizeof(png));
	change(&in, child);
	in.ins.back = big;
	in.ins.back_len = INSURANCE_PHOTO_BYTES + 1;
	T_INT(app_insurance_report(&c, &in, &out), APP_INVALID, "oversized");
	T_STR(out.field, "back", "oversized: field");
	free(big);

	change(&in, child);
	in.ins.relationship = "cousin";
	T_INT(app_insurance_report(&c, &in, &out), APP_INVALID, "relationship");
	T_STR(out.field, "relationship", "relationship: field");
	change(&in, child);
	in.ins.member_id = "";
	T_INT(app_insurance_report(&c, &in, &out), APP_INVALID, "no member id");
	T_STR(out.field, "member_id", "member id: field");
	T_INT(n_of(Q_COUNT_CHANGES, child), 0, "nothing stored");

	change(&in, other);
	T_INT(app_insurance_report(&c, &in, &out), APP_REFUSED,
	    "another family's patient");
	T_INT(n_of(Q_COUNT_CHANGES, other), 0, "nothing stored for it");

	change(&in, child);
	T_INT(app_insurance_report(&c, &in, &out), APP_OK, "reported");
	T_INT(n_of(Q_COUNT_CHANGES, child), 1, "pending, not from a visit");
	snprintf(detail, sizeof(detail), "change=%" PRId64 " coverage=0",
	    out.id);
	T_INT(n_audit("insurance.report", detail), 1, "audited");
	T_INT(n_of(Q_COUNT_COVERAGES, child), 0, "never applied");
	change(&in, teen);
	T_INT(app_insurance_report(&c, &in, &out), APP_OK, "a teen's parent");
	arena_free(c.a);

	c = t_call(P, ACTOR_FAMILY, teen_acct, NOW);
	change(&in, teen);
	T_INT(app_insurance_report(&c, &in, &out), APP_INVALID,
	    "the teen's own account");
	T_STR(out.field, "patient", "the teen: why");
	T_INT(n_of(Q_COUNT_CHANGES, teen), 1, "only the parent's");
	arena_free(c.a);
}

static int
import(const char *csv, struct insurance_import_out *o)
{
	struct call	 c = t_call(P, ACTOR_CLI, 0, NOW);
	FILE		*f = tmpfile(), *err = tmpfile();
	int		 rc;

	fputs(csv, f);
	rewind(f);
	rc = insurance_import(&c, f, NULL, err, o);
	fclose(f);
	fclose(err);
	arena_free(c.a);
	return rc;
}

static void
test_import(void)
{
	static const char csv[] =
	    "member_id,mrn,rank,payer,plan,group_no,subscriber,relationship\r\n"
	    "HH-9,C1,1,Harbor Health,Gold,G-1,Paula Test,parent\r\n"
	    "BB-2,T1,2,Bay Blue,,,Paula Test,\r\n"
	    "XX-1,NOPE,1,Harbor Health,,,,\r\n"
	    "HH-9,C1,first,Harbor Health,,,,\r\n"
	    ",C1,1,Harbor Health,,,,\r\n"
	    "HH-9,C1,1,Harbor Health,,,,cousin\r\n";
	struct call			 c = t_call(P, ACTOR_FAMILY, parent, NOW);
	struct insurance_view_in	 in = { child };
	struct insurance_view_out	 out;
	struct insurance_report_in	 r;
	struct insurance_report_out	 ro;
	struct insurance_import_out	 o;

	/* A coverage from a C-CDA document stays the C-CDA import's. */
	T_OK(db_insert(P->db, &q[Q_CDA], "i", child) > 0, "a C-CDA coverage");
	T_INT(import(csv, &o), 0, "import");
	T_INT((int)o.added, 2, "two added");
	T_INT((int)o.refused, 4, "four refused");
	T_INT(import(csv, &o), 0, "again");
	T_INT((int)o.added, 0, "nothing added twice");
	T_INT((int)o.updated, 2, "the same two");
	T_INT(n_of(Q_COUNT_COVERAGES, child), 1, "one coverage");
	T_INT(n_of(Q_ACTIVE, child), 2, "beside the C-CDA one");
	T_INT(import("mrn,rank,payer\nC1,1,X\n", &o), -1, "header short");
	T_INT(n_of(Q_COUNT_COVERAGES, child), 1, "nothing stored");

	T_INT(app_insurance_view(&c, &in, &out), APP_OK, "view");
	T_INT(out.p[0].ncov, 2, "both coverages shown");
	T_STR(out.p[0].cov[0].source, "cda", "the C-CDA one first (by id)");
	out.p[0].cov++;
	T_STR(out.p[0].cov[0].member_id, "HH-9", "member id");
	T_STR(out.p[0].cov[0].source, "billing", "from billing");
	T_STR(out.p[0].cov[0].plan, "Gold", "plan");
	T_INT(out.p[0].nchg, 1, "the change reported before");
	T_STR(out.p[0].chg[0].status, "pending", "its status");

	/* A change of a coverage on file, and of another patient's. */
	change(&r, child);
	r.ins.coverage = out.p[0].cov[0].id;
	T_INT(app_insurance_report(&c, &r, &ro), APP_OK, "change of coverage");
	T_INT(n_of(Q_CHANGE_RANK, ro.id), 1, "the primary's rank");
	change(&r, child);
	T_INT(app_insurance_report(&c, &r, &ro), APP_OK, "a new coverage");
	T_INT(n_of(Q_CHANGE_RANK, ro.id), 2, "after the two of rank 1");
	change(&r, teen);
	r.ins.coverage = out.p[0].cov[0].id;
	T_INT(app_insurance_report(&c, &r, &ro), APP_INVALID,
	    "another patient's coverage");
	T_STR(ro.field, "coverage", "coverage: field");
	arena_free(c.a);
}

int
main(void)
{
	setup();
	test_view();
	test_report();
	test_import();
	t_portal_remove();
	return t_done("test_app_insurance");
}
