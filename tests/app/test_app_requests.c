/*
 * Providers' access requests decided (issue 12.3; P-ACCESS 2) as
 * operations, on both engines: a parent who may share approves a 'share'
 * request (a grant how=request of the parent's scope, the request
 * approved with it, the provider e-mailed), the second answer is refused
 * as decided and changes nothing, another family's account gets the
 * answer for none; staff with the provisioning role make a provider the
 * PCP on file (paccess then says PROVIDER_PCP), a verifier may not. Each
 * leaves its audit row.
 */
#include <inttypes.h>

#include "app_test.h"
#include "arequest.h"
#include "db.h"
#include "paccess.h"
#include "pcpreq.h"
#include "store_accounts.h"
#include "store_apply.h"
#include "store_dirload.h"
#include "store_patients.h"
#include "store_provider.h"
#include "store_staff.h"

#define NOW	1772636400	/* Wednesday 2026-03-04 15:00 UTC */

static struct portal	*P;

static void
ctl(const char *args)
{
	char	 cmd[1024];

	snprintf(cmd, sizeof(cmd), "bin/portalctl %s >> %s/ctl.out 2>&1",
	    args, t_dir);
	T_OK(system(cmd) == 0, "portalctl %s", args);
}

static int64_t
clinician(const char *email, const char *npi)
{
	struct provider_account	 pa;
	int64_t			 id, entry = 0;

	memset(&pa, 0, sizeof(pa));
	pa.kind = "provider";
	pa.status = "approved";
	pa.email = email;
	pa.given = "Test";
	pa.family = "Clinician";
	pa.npi = npi;
	pa.credential = "MD";
	id = store_provider_create(P->db, &pa, NOW);
	T_INT(store_dir_by_npi(P->db, npi, &entry), 1, npi);
	T_INT(store_dir_link_account(P->db, id, entry, 0), 0, "link");
	return id;
}

/* A parent's family account holding patient. */
static int64_t
parent(const char *email, int64_t patient)
{
	struct relation	 r;
	int64_t		 acct, rel;

	acct = store_account_create(P->db, email, "x", "Pat", "Test", NOW - 86400);
	memset(&r, 0, sizeof(r));
	r.patient_id = patient;
	r.kind = "parent";
	r.given = "Pat";
	r.family = "Test";
	rel = store_relation_add(P->db, &r);
	T_INT(store_holding_set(P->db, acct, patient, "parent", rel, "active",
	    NOW - 86400), 0, "holding");
	return acct;
}

static int64_t
patient(struct arena *a, const char *mrn)
{
	struct patient	 pt;
	char		 args[256];

	snprintf(args, sizeof(args), "patient add --mrn %s --given Ada "
	    "--family Test --dob 2018-05-01", mrn);
	ctl(args);
	T_INT(store_patient_by_mrn(P->db, a, mrn, &pt), 1, mrn);
	return pt.id;
}

/* A request row as the provider pages make it (no operation of this
 * branch makes one). */
static int64_t
request(int64_t pt, int64_t account, const char *kind)
{
	static const struct db_sql	 q = { "t.ask", "INSERT INTO "
	    "access_requests (patient_id, account_id, provider_id, kind, "
	    "created) SELECT ?, id, provider_id, ?, ? FROM provider_accounts "
	    "WHERE id = ? RETURNING id", NULL };
	static const struct db_sql	 tab[] = { q };
	static const struct db_sqltab	 t = DB_SQLTAB("t", tab);
	char				 err[256];
	int64_t				 id;

	if (db_prepare(P->db, &t, err, sizeof(err)) == -1) {
		T_OK(0, "%s", err);
		return -1;
	}
	id = db_insert(P->db, &tab[0], "itii", pt, kind, (int64_t)NOW, account);
	T_OK(id > 0, "request made");
	return id;
}

static long long
count(const char *what, int64_t id)
{
	static const struct db_sql	 tab[] = {
		{ "t.grants", "SELECT count(*) FROM patient_shares s JOIN "
		    "access_requests r ON r.share_id = s.id WHERE r.id = ? AND "
		    "r.status = 'approved' AND s.how = 'request' AND "
		    "s.scope = 'clinical'", NULL },
		{ "t.declined", "SELECT count(*) FROM access_requests WHERE "
		    "id = ? AND status = 'declined'", NULL },
		{ "t.pending", "SELECT count(*) FROM access_requests WHERE "
		    "id = ? AND status = 'pending'", NULL },
		{ "t.mails", "SELECT count(*) FROM outbox WHERE CAST(? AS "
		    "BIGINT) > 0", NULL },
		{ "t.audit", "SELECT count(*) FROM audit WHERE patient_id = ?",
		    NULL },
	};
	static const struct db_sqltab	 t = DB_SQLTAB("t2", tab);
	static int			 ready;
	char				 err[256];
	int64_t				 n = -1;
	size_t				 i;

	if (!ready && db_prepare(P->db, &t, err, sizeof(err)) == -1)
		T_OK(0, "%s", err);
	ready = 1;
	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strcmp(tab[i].name + 2, what) == 0)
			db_int(P->db, &tab[i], &n, "i", id);
	return n;
}

int
main(void)
{
	struct arequest_decide_in	 in;
	struct arequest_decide_out	 out;
	struct arequest_list_out	 list;
	struct pcpreq_decide_in		 pin;
	struct areq			 r;
	enum pcpreq_why			 why;
	struct pviewer			 v;
	struct paccess			 pa;
	struct arena			*a;
	struct call			 c;
	int64_t				 pt, other_pt, mum, stranger, nguyen;
	int64_t				 walsh, r1, r2, r3, prov, verifier;
	long long			 mails;
	size_t				 n;

	P = t_portal();
	a = arena_new();
	ctl("providers import tests/import/nppes_sample.csv");
	pt = patient(a, "REQ0001");
	other_pt = patient(a, "REQ0002");
	mum = parent("mum@example.org", pt);
	stranger = parent("stranger@example.org", other_pt);
	nguyen = clinician("nguyen@clinic.example.org", "1987654328");
	walsh = clinician("walsh@clinic.example.org", "1543210987");
	r1 = request(pt, nguyen, "share");
	r2 = request(pt, walsh, "share");

	/* The family sees both; the stranger neither. */
	c = t_call(P, ACTOR_FAMILY, mum, NOW);
	T_INT(app_arequest_list(&c, &list), APP_OK, "list");
	T_INT(list.n, 2, "both requests");
	T_INT(app_arequest_count(&c, &n), APP_OK, "count");
	T_INT(n, 2, "count");
	arena_free(c.a);
	c = t_call(P, ACTOR_FAMILY, stranger, NOW);
	T_INT(app_arequest_list(&c, &list), APP_OK, "stranger's list");
	T_INT(list.n, 0, "none of another patient's");
	memset(&in, 0, sizeof(in));
	in.id = r1;
	in.approve = 1;
	T_INT(app_arequest_decide(&c, &in, &out), APP_REFUSED, "stranger");
	T_INT(out.why, AREQUEST_NONE, "the answer for none");
	T_INT(count("pending", r1), 1, "still pending");
	arena_free(c.a);

	/* Approve: a grant, the request approved, an e-mail, a row. */
	mails = count("mails", 1);
	c = t_call(P, ACTOR_FAMILY, mum, NOW);
	T_INT(app_arequest_decide(&c, &in, &out), APP_OK, "approve");
	T_INT(count("grants", r1), 1, "grant how=request, clinical");
	T_INT(count("mails", 1), mails + 1, "the provider e-mailed");
	/* Twice: refused as decided, nothing more. */
	in.approve = 0;
	T_INT(app_arequest_decide(&c, &in, &out), APP_REFUSED, "again");
	T_INT(out.why, AREQUEST_DECIDED, "decided already");
	T_INT(count("grants", r1), 1, "still approved");
	in.id = r2;
	T_INT(app_arequest_decide(&c, &in, &out), APP_OK, "decline");
	T_INT(count("declined", r2), 1, "declined");
	in.id = 999999;
	T_INT(app_arequest_decide(&c, &in, &out), APP_REFUSED, "no such");
	T_INT(out.why, AREQUEST_NONE, "no such");
	arena_free(c.a);

	/* Nguyen now sees the patient through the grant. */
	c = t_call(P, ACTOR_PROVIDER, nguyen, NOW);
	T_INT(paccess_viewer(&c, &v), 1, "viewer");
	T_INT(paccess_patient(&c, &v, pt, &pa), 1, "access by the grant");
	T_INT(pa.ground, PROVIDER_SHARE, "share");
	arena_free(c.a);

	/* Staff and a PCP request. */
	prov = store_staff_create(P->db, "prov", "x", "Pat Prov", NULL, NOW);
	T_OK(store_staff_role_add(P->db, prov, "provisioning") == 0, "role");
	verifier = store_staff_create(P->db, "veri", "x", "Vera Veri", NULL, NOW);
	T_OK(store_staff_role_add(P->db, verifier, "verifier") == 0, "role");
	r3 = request(pt, walsh, "pcp");
	memset(&pin, 0, sizeof(pin));
	pin.id = r3;
	pin.approve = 1;
	c = t_call(P, ACTOR_STAFF, verifier, NOW);
	T_INT(app_pcpreq_decide(&c, &pin, &r, &why), APP_REFUSED, "verifier");
	T_INT(why, PCPREQ_ROLE, "role");
	arena_free(c.a);
	c = t_call(P, ACTOR_STAFF, prov, NOW);
	pin.id = r1;
	T_INT(app_pcpreq_decide(&c, &pin, &r, &why), APP_REFUSED, "a share id");
	T_INT(why, PCPREQ_NONE, "not a PCP request");
	pin.id = r3;
	T_INT(app_pcpreq_decide(&c, &pin, &r, &why), APP_OK, "make PCP");
	T_INT(app_pcpreq_decide(&c, &pin, &r, &why), APP_REFUSED, "twice");
	T_INT(why, PCPREQ_DECIDED, "decided");
	arena_free(c.a);
	c = t_call(P, ACTOR_PROVIDER, walsh, NOW);
	T_INT(paccess_viewer(&c, &v), 1, "viewer");
	T_INT(paccess_patient(&c, &v, pt, &pa), 1, "access as PCP");
	T_INT(pa.ground, PROVIDER_PCP, "the PCP");
	arena_free(c.a);
	T_OK(count("audit", pt) >= 4, "audit rows on the patient");

	arena_free(a);
	portal_close(P);
	t_portal_remove();
	return t_done("test_app_requests");
}
