/*
 * The clinic's visit queue and billing's insurance review (lib/app/
 * svisits.h, insreview.h; issue 13.4, 13.6, 14.2) without a web server:
 * the status moves as a table; a move from a status the request has left
 * refused (two staff at once: one wins); another clinic's request and a
 * member without the clinic role refused; an approved change updating
 * the coverage it names, or adding one, with source 'family'; a change
 * naming another patient's coverage refused with nothing changed; a
 * reject without a reason invalid; a decided change not decided twice;
 * markup stored as a card photo never served. Audit rows counted.
 */
#include <inttypes.h>

#include "app_test.h"
#include "db.h"
#include "insreview.h"
#include "store_clinics.h"
#include "store_staff.h"
#include "svisits.h"

#define NOW	1767268800	/* 2026-01-01 12:00 UTC */

static struct portal	*P;
static struct arena	*arenas[64];
static size_t		 narenas;
static int64_t		 carer, carer_other, biller, clinic, other, pt, pt2,
			 family_acct;

enum { Q_AUDIT, Q_REQ, Q_COV, Q_CHANGE, Q_PAYER, Q_SOURCE, Q_COUNT_COV,
    Q__MAX };
static const struct db_sql q[Q__MAX] = {
	[Q_AUDIT] = { "audit", "SELECT count(*) FROM audit WHERE action = ?" },
	[Q_REQ] = { "req", "INSERT INTO visit_requests (patient_id, account_id, "
	    "clinic_id, reason, preferred, phone, created, updated) VALUES "
	    "(?, ?, ?, 'r', 'p', '617-555-0100', ?, ?) RETURNING id" },
	[Q_COV] = { "cov", "INSERT INTO coverages (patient_id, payer, rank, "
	    "source, updated) VALUES (?, 'Old', 1, 'billing', 0) RETURNING id" },
	[Q_CHANGE] = { "change", "INSERT INTO insurance_changes (patient_id, "
	    "account_id, coverage_id, payer, member_id, subscriber, "
	    "relationship, front, front_mime, created) VALUES (?, ?, "
	    "NULLIF(CAST(? AS BIGINT), 0), ?, "
	    "'M1', 'S', 'child', ?, 'image/png', 0) RETURNING id" },
	[Q_PAYER] = { "payer", "SELECT count(*) FROM coverages WHERE id = ? "
	    "AND payer = ?" },
	[Q_SOURCE] = { "source", "SELECT count(*) FROM coverages WHERE "
	    "patient_id = ? AND source = 'family'" },
	[Q_COUNT_COV] = { "count_cov", "SELECT count(*) FROM coverages" },
};
static const struct db_sqltab test_sql = DB_SQLTAB("test_staffvisits", q);

static int64_t
audits(const char *action)
{
	int64_t	 n = -1;

	db_int(P->db, &q[Q_AUDIT], &n, "t", action);
	return n;
}

static struct call
as(int64_t who)
{
	struct call	 c = t_call(P, ACTOR_STAFF, who, NOW);

	if (narenas < sizeof(arenas) / sizeof(arenas[0]))
		arenas[narenas++] = c.a;
	return c;
}

static int64_t
staff(const char *name, const char *role, int64_t in)
{
	int64_t	 id = store_staff_create(P->db, name, "x", name, NULL, NOW);

	T_INT(store_staff_role_add(P->db, id, role), 0, "role");
	if (in != 0)
		T_INT(store_clinic_add_staff(P->db, id, in), 0, "member");
	return id;
}

static void
setup(void)
{
	char	 err[256];

	P = t_portal();
	if (db_prepare(P->db, &test_sql, err, sizeof(err)) == -1) {
		fprintf(stderr, "%s\n", err);
		exit(1);
	}
	clinic = store_clinic_ensure(P->db, "Cardiology");
	other = store_clinic_ensure(P->db, "Neurology");
	carer = staff("cara", "clinic", clinic);
	carer_other = staff("nico", "clinic", other);
	biller = staff("bill", "billing", 0);
	pt = t_patient(P, "MRN1", "Ann", "2015-01-01", NOW);
	pt2 = t_patient(P, "MRN2", "Ben", "2016-01-01", NOW);
	family_acct = t_account(P, "parent@example.org", "Pat", NOW);
}

static void
test_moves(void)
{
	static const struct {
		const char	*was, *to;
		int		 ok;
	} rows[] = {
		{ "new", "contacted", 1 }, { "new", "scheduled", 1 },
		{ "new", "closed", 1 }, { "contacted", "scheduled", 1 },
		{ "contacted", "closed", 1 }, { "contacted", "new", 0 },
		{ "contacted", "contacted", 0 }, { "scheduled", "closed", 0 },
		{ "closed", "new", 0 }, { "new", "new", 0 },
		{ "new", "Closed", 0 }, { NULL, "closed", 0 }, { "new", NULL, 0 },
	};
	size_t	 i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		T_INT(sv_status_moves(rows[i].was, rows[i].to), rows[i].ok,
		    rows[i].to ? rows[i].to : "(null)");
}

static void
test_requests(void)
{
	struct vreq	 r, *list;
	struct call	 c = as(carer);
	enum sv_why	 why;
	int64_t		 mine, theirs;
	size_t		 n;

	T_OK(db_int(P->db, &q[Q_REQ], &mine, "iiiii", pt, family_acct, clinic,
	    (int64_t)NOW, (int64_t)NOW) == 1, "request");
	T_OK(db_int(P->db, &q[Q_REQ], &theirs, "iiiii", pt, family_acct, other,
	    (int64_t)NOW, (int64_t)NOW) == 1, "request");
	T_INT(app_sv_requests(&c, &list, &n, &why), APP_OK, "list");
	T_INT(n, 1, "own clinic's only");
	T_INT(app_sv_request(&c, theirs, &r, &why), APP_REFUSED, "another's");
	T_INT(why, SV_NONE, "as missing");
	T_INT(app_sv_request_status(&c, theirs, "closed", &r, &why), APP_REFUSED,
	    "another's move");
	T_INT(app_sv_request_status(&c, mine, "contacted", &r, &why), APP_OK,
	    "move");
	/* A second member who read it as new: "new -> contacted" again. */
	T_INT(app_sv_request_status(&c, mine, "contacted", &r, &why),
	    APP_REFUSED, "stale");
	T_INT(why, SV_STALE, "stale");
	T_INT(app_sv_request_status(&c, mine, "scheduled", &r, &why), APP_OK,
	    "then scheduled");
	c = as(biller);
	T_INT(app_sv_requests(&c, &list, &n, &why), APP_REFUSED, "billing");
	T_INT(why, SV_ROLE, "no clinic role");
	c = as(carer_other);
	T_INT(app_sv_request_status(&c, mine, "closed", &r, &why), APP_REFUSED,
	    "other clinic's member");
	T_INT(why, SV_NONE, "as missing");
	T_INT(audits("visitreq.status"), 2, "moves audited");
	T_INT(audits("visitreq.refused"), 4, "refusals audited");
}

static void
test_insurance(void)
{
	static const unsigned char png[] = {
		0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d,
		0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0,
		0x1f, 0x15, 0xc4, 0x89, 0, 0, 0, 0x0d, 0x49, 0x44, 0x41, 0x54,
		0x78, 0x9c, 0x63, 0x60, 0, 0, 0, 2, 0, 1, 0xe5, 0x27, 0xde, 0xfc,
		0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82 };
	static const char html[] = "<html><script>x</script></html>";
	struct ir_decide_in	 in;
	struct ir_photo		 ph;
	struct ir_detail	 d;
	struct call		 c = as(biller);
	const char		*msg;
	enum ir_why		 why;
	int64_t			 cov, cov2, upd, add, wrong, bad, n, before;

	T_OK(db_int(P->db, &q[Q_COV], &cov, "i", pt) == 1, "coverage");
	T_OK(db_int(P->db, &q[Q_COV], &cov2, "i", pt2) == 1, "other's");
	T_OK(db_int(P->db, &q[Q_CHANGE], &upd, "iiitb", pt, family_acct, cov, "Blue",
	    png, sizeof(png)) == 1, "change");
	T_OK(db_int(P->db, &q[Q_CHANGE], &add, "iiitb", pt, family_acct, (int64_t)0,
	    "Green", png, sizeof(png)) == 1, "new");
	T_OK(db_int(P->db, &q[Q_CHANGE], &wrong, "iiitb", pt, family_acct, cov2, "Red",
	    png, sizeof(png)) == 1, "another patient's coverage");
	T_OK(db_int(P->db, &q[Q_CHANGE], &bad, "iiitb", pt, family_acct, (int64_t)0,
	    "Markup", html, sizeof(html) - 1) == 1, "markup");

	T_INT(app_ir_get(&c, upd, &d, &why), APP_OK, "detail");
	T_INT(d.has_was, 1, "the coverage replaced");
	T_STR(d.was.f.payer, "Old", "on file");
	T_INT(app_ir_photo(&c, upd, 0, &ph, &why), APP_OK, "photo");
	T_STR(ph.mime, "image/png", "mime");
	T_INT(app_ir_photo(&c, upd, 1, &ph, &why), APP_REFUSED, "no back");
	T_INT(app_ir_photo(&c, bad, 0, &ph, &why), APP_REFUSED, "markup");

	memset(&in, 0, sizeof(in));
	in.id = add;
	T_INT(app_ir_decide(&c, &in, &msg, &why), APP_INVALID, "no reason");
	in.approve = 1;
	T_INT(app_ir_decide(&c, &in, &msg, &why), APP_OK, "add");
	T_OK(db_int(P->db, &q[Q_SOURCE], &n, "i", pt) == 1, "source");
	T_INT(n, 1, "a family coverage added");
	in.id = upd;
	T_INT(app_ir_decide(&c, &in, &msg, &why), APP_OK, "update");
	T_OK(db_int(P->db, &q[Q_PAYER], &n, "it", cov, "Blue") == 1, "payer");
	T_INT(n, 1, "updated in place");
	T_INT(app_ir_decide(&c, &in, &msg, &why), APP_REFUSED, "twice");
	T_INT(why, IR_DECIDED, "decided");
	db_int(P->db, &q[Q_COUNT_COV], &before, "");
	in.id = wrong;
	T_INT(app_ir_decide(&c, &in, &msg, &why), APP_REFUSED, "other's cov");
	T_INT(why, IR_GONE, "not the patient's");
	T_OK(db_int(P->db, &q[Q_PAYER], &n, "it", cov2, "Old") == 1, "payer");
	T_INT(n, 1, "the other patient's coverage untouched");
	db_int(P->db, &q[Q_COUNT_COV], &n, "");
	T_INT(n, before, "nothing added");
	c = as(carer);
	T_INT(app_ir_get(&c, upd, &d, &why), APP_REFUSED, "care team");
	T_INT(why, IR_ROLE, "role");
	T_INT(audits("insurance.approve"), 2, "audited");
	T_INT(audits("insurance.photo"), 1, "photo audited");
}

int
main(void)
{
	setup();
	test_moves();
	test_requests();
	test_insurance();
	while (narenas > 0)
		arena_free(arenas[--narenas]);
	portal_close(P);
	t_portal_remove();
	return t_done("app_staffvisits");
}
