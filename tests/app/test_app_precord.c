/*
 * The provider's record view and the family's "who has seen" as
 * operations (lib/app/precord.h, lib/app/viewers.h; issue 12.6, 12.8):
 * a 15-year-old's record with a confidential visit, a Gynecology note
 * (sensitive), a discharge summary and an HIV test; providers who see it
 * through the parent's share (clinical scope), the teen's own share
 * (patient scope) and as the PCP; a sponsored nurse of the first, a
 * nurse of a revoked sponsor, a stranger. Each ground and scope shows
 * the right items, refusals give one answer, every view and refusal
 * leaves its row, the parent sees the views made through the grants they
 * see, and a revoke ends the provider's access at the next call.
 */
#include <inttypes.h>

#include "app_test.h"
#include "audit.h"
#include "db.h"
#include "grant.h"
#include "precord.h"
#include "store_access.h"
#include "store_accounts.h"
#include "store_apply.h"
#include "store_audit.h"
#include "store_import.h"
#include "store_patients.h"
#include "store_provider.h"
#include "store_staff.h"
#include "viewers.h"

#define NOW	1768478400	/* 2026-01-15 12:00 UTC */

static struct portal	*P;
static int64_t		 teen, other, parent, teen_self;
static int64_t		 ann, ben, cal, dee, fay, nia, ola;	/* accounts */
static int64_t		 ann_dir, ben_dir, cal_dir, fay_dir;	/* entries */
static int64_t		 ann_grant, ben_grant;

enum { Q_LINK, Q_PCP, Q_NO_PCP, Q_SPONSORED, Q_STATUS, Q__MAX };
static const struct db_sql q[Q__MAX] = {
	[Q_LINK] = { "link", "UPDATE provider_accounts SET provider_id = ? "
	    "WHERE id = ?" },
	[Q_PCP] = { "pcp", "UPDATE patients SET pcp_id = ? WHERE id = ?" },
	[Q_NO_PCP] = { "no_pcp", "UPDATE patients SET pcp_id = NULL "
	    "WHERE id = ?" },
	[Q_SPONSORED] = { "sponsored", "UPDATE provider_accounts SET "
	    "kind = 'sponsored', sponsor_id = ?, staff_kind = 'nurse' "
	    "WHERE id = ?" },
	[Q_STATUS] = { "status", "UPDATE provider_accounts SET status = ? "
	    "WHERE id = ?" },
};
static const struct db_sqltab test_sql = DB_SQLTAB("test_precord", q);

/* ---- The audit log's newest row ---- */

static struct {
	int64_t	 n, patient;
	char	 actor[64], action[64], detail[300];
} last;

static int
keep(const struct audit_row *r, void *arg)
{
	(void)arg;
	last.n++;
	last.patient = r->patient_id;
	snprintf(last.actor, sizeof(last.actor), "%s", r->actor);
	snprintf(last.action, sizeof(last.action), "%s", r->action);
	snprintf(last.detail, sizeof(last.detail), "%s", r->detail ?
	    r->detail : "");
	return 0;
}

static int64_t
rows(void)
{
	struct arena	*a = arena_new();

	memset(&last, 0, sizeof(last));
	T_OK(store_audit_each(P->db, a, keep, NULL) == 0, "read the audit");
	arena_free(a);
	return last.n;
}

static void
row_is(int64_t before, const char *actor, const char *action,
    int64_t patient, const char *detail, const char *what)
{
	char	 m[200];

	snprintf(m, sizeof(m), "%s: one row", what);
	T_INT(rows(), before + 1, m);
	snprintf(m, sizeof(m), "%s: actor", what);
	T_STR(last.actor, actor, m);
	snprintf(m, sizeof(m), "%s: action", what);
	T_STR(last.action, action, m);
	snprintf(m, sizeof(m), "%s: patient", what);
	T_INT(last.patient, patient, m);
	snprintf(m, sizeof(m), "%s: detail", what);
	T_STR(last.detail, detail, m);
}

/* ---- The scratch hospital ---- */



static int64_t
provider(const char *email, const char *given, const char *family,
    int64_t entry)
{
	struct provider_account	 n;
	int64_t			 id;

	memset(&n, 0, sizeof(n));
	n.kind = "provider";
	n.status = "approved";
	n.email = email;
	n.given = given;
	n.family = family;
	n.pw_hash = "x";
	n.credential = "MD";
	n.sponsor_asked = n.sponsor_granted = 1;
	id = store_provider_create(P->db, &n, NOW - 86400);
	T_OK(id > 0, "provider %s", email);
	if (entry > 0)
		T_INT(db_changes(P->db, &q[Q_LINK], "ii", entry, id), 1, "link");
	return id;
}

static int64_t
nurse(const char *email, const char *given, int64_t sponsor)
{
	struct provider_account	 n;
	int64_t			 id;

	memset(&n, 0, sizeof(n));
	n.kind = "provider";
	n.status = "approved";
	n.email = email;
	n.given = given;
	n.family = "Nurse";
	n.pw_hash = "x";
	id = store_provider_create(P->db, &n, NOW - 86400);
	T_INT(db_changes(P->db, &q[Q_SPONSORED], "ii", sponsor, id), 1,
	    "sponsored");
	return id;
}

static void
setup(void)
{
	struct imp_owner	 o;
	struct imp_document	 d;
	struct imp_encounter	 e;
	struct imp_note		 nt;
	struct imp_result	 r;
	char			 err[256];
	int64_t			 stay, secret;

	P = t_portal();
	T_INT(db_prepare(P->db, &test_sql, err, sizeof(err)), 0, err);
	teen = t_patient(P, "T1", "Tess", "2010-06-01", NOW - 86400);	/* 15 */
	other = t_patient(P, "O1", "Olga", "2017-01-01", NOW - 86400);
	parent = store_account_create(P->db, "parent@example.org", "x", "Paula",
	    "Test", NOW - 86400);
	teen_self = store_account_create(P->db, "tess@example.org", "x", "Tess",
	    "Test", NOW - 86400);
	t_hold(P, parent, teen, "parent", NOW - 86400);
	t_hold(P, teen_self, teen, "self", NOW - 86400);

	memset(&d, 0, sizeof(d));
	d.sha256 = "0000000000000000000000000000000000000000000000000000000000000001";
	d.patient_id = teen;
	d.title = "Summary";
	d.imported = NOW - 3600;
	memset(&o, 0, sizeof(o));
	o.patient_id = teen;
	o.document_id = store_import_document(P->db, &d);
	o.outside = 0;
	memset(&e, 0, sizeof(e));
	e.date = "2025-12-01";
	e.kind = "outpatient";
	e.status = "completed";
	e.title = "Clinic visit";
	e.provider = "Rae Doctor";
	e.provider_contact = "555-0100";
	T_OK(store_import_encounter(P->db, &o, &e) > 0, "clinic visit");
	e.title = "Confidential consult";
	e.confidential = 1;
	T_OK((secret = store_import_encounter(P->db, &o, &e)) > 0, "secret");
	e.title = "Hospital stay";
	e.kind = "inpatient";
	e.confidential = 0;
	T_OK((stay = store_import_encounter(P->db, &o, &e)) > 0, "stay");
	memset(&nt, 0, sizeof(nt));
	nt.note_type = "clinic";
	nt.title = "Routine note";
	nt.body = "ROUTINE";
	nt.completed = NOW - 5 * 86400;
	T_OK(store_import_note(P->db, &o, &nt) > 0, "routine note");
	nt.title = "Gynecology note";
	nt.department = "Gynecology";
	nt.body = "GYN";
	T_OK(store_import_note(P->db, &o, &nt) > 0, "gyn note");
	nt.title = "Confidential note";
	nt.department = NULL;
	nt.encounter_id = secret;
	nt.body = "SECRET";
	T_OK(store_import_note(P->db, &o, &nt) > 0, "secret note");
	nt.title = "Discharge summary";
	nt.note_type = "discharge_summary";
	nt.encounter_id = stay;
	nt.body = "DISCHARGE";
	T_OK(store_import_note(P->db, &o, &nt) > 0, "discharge");
	memset(&r, 0, sizeof(r));
	r.kind = "lab";
	r.code = "718-7";
	r.name = "Hemoglobin";
	r.value = "13.1";
	r.resulted = NOW - 3 * 86400;
	T_OK(store_import_result(P->db, &o, &r) > 0, "hemoglobin");
	r.code = "56888-1";
	r.name = "HIV 1+2 Ab";
	T_OK(store_import_result(P->db, &o, &r) > 0, "hiv");

	ann_dir = store_directory_create(P->db, NULL, "Ann", "Sharer", "MD", 0,
	    NULL, NULL);
	ben_dir = store_directory_create(P->db, NULL, "Ben", "Teen", "MD", 0,
	    NULL, NULL);
	cal_dir = store_directory_create(P->db, NULL, "Cal", "Primary", "MD", 0,
	    NULL, NULL);
	fay_dir = store_directory_create(P->db, NULL, "Fay", "Gone", "MD", 0,
	    NULL, NULL);
	ann = provider("ann@example.org", "Ann", "Sharer", ann_dir);
	ben = provider("ben@example.org", "Ben", "Teen", ben_dir);
	cal = provider("cal@example.org", "Cal", "Primary", cal_dir);
	dee = provider("dee@example.org", "Dee", "Stranger", 0);
	fay = provider("fay@example.org", "Fay", "Gone", fay_dir);
	nia = nurse("nia@example.org", "Nia", ann);
	ola = nurse("ola@example.org", "Ola", fay);
	ann_grant = store_grant_create(P->db, teen, ann_dir, "share", "clinical",
	    parent, 0, NOW - 86400);
	ben_grant = store_grant_create(P->db, teen, ben_dir, "share", "patient",
	    teen_self, 0, NOW - 86400);
	T_OK(store_grant_create(P->db, teen, fay_dir, "share", "clinical",
	    parent, 0, NOW - 86400) > 0, "fay's grant");
	T_INT(db_changes(P->db, &q[Q_PCP], "ii", cal_dir, teen), 1, "pcp");
	T_INT(db_changes(P->db, &q[Q_STATUS], "ti", "revoked", fay), 1,
	    "fay revoked");
	T_OK(ann_grant > 0 && ben_grant > 0 && nia > 0 && ola > 0, "made");
}

/* ---- Calls ---- */

static char	 actor_buf[64];

static const char *
actor(const char *kind, int64_t id)
{
	snprintf(actor_buf, sizeof(actor_buf), "%s:%" PRId64, kind, id);
	return actor_buf;
}

/* One view by a provider-portal account (kind) of p (raw as given). */
static enum app_rc
view(enum actor_kind kind, int64_t who, const char *raw, int64_t p,
    enum pview v, struct precord_out *out, struct call *c)
{
	struct precord_in	 in;

	*c = t_call(P, kind, who, NOW);
	in.p.id = p;
	in.p.raw = raw;
	in.view = v;
	return app_precord_view(c, &in, out);
}

/* 1 if a row named name is among the view's rows. */
static int
has(const struct precord_out *o, enum pview v, const char *name)
{
	size_t	 i;

	for (i = 0; i < o->n[v]; i++)
		if (o->rows[v][i].name != NULL &&
		    strcmp(o->rows[v][i].name, name) == 0)
			return 1;
	return 0;
}

static void
test_clinical_scope(void)
{
	struct precord_out	 o;
	struct call		 c;
	int64_t			 n = rows();

	T_INT(view(ACTOR_PROVIDER, ann, "1", teen, PV_SUMMARY, &o, &c), APP_OK,
	    "ann: summary");
	T_INT(o.pa.ground, PROVIDER_SHARE, "ann: share");
	T_INT(o.pa.scope, SCOPE_CLINICAL, "ann: clinical");
	T_INT(o.count[PV_VISITS], 1, "ann: one outpatient visit counted");
	T_INT(o.count[PV_ADMISSIONS], 1, "ann: the stay counted");
	T_INT(o.count[PV_NOTES], 2, "ann: routine and discharge");
	T_INT(o.count[PV_LABS], 1, "ann: hemoglobin");
	row_is(n, actor("provider", ann), "precord.view.summary", teen,
	    "share clinical", "ann: summary row");
	arena_free(c.a);
	T_INT(view(ACTOR_PROVIDER, ann, "1", teen, PV_NOTES, &o, &c), APP_OK,
	    "ann: notes");
	T_OK(has(&o, PV_NOTES, "Routine note"), "ann: routine note");
	T_OK(has(&o, PV_NOTES, "Discharge summary"), "ann: discharge summary");
	T_OK(!has(&o, PV_NOTES, "Gynecology note"), "ann: no gyn note");
	T_OK(!has(&o, PV_NOTES, "Confidential note"), "ann: no secret note");
	arena_free(c.a);
	T_INT(view(ACTOR_PROVIDER, ann, "1", teen, PV_VISITS, &o, &c), APP_OK,
	    "ann: visits");
	T_OK(has(&o, PV_VISITS, "Clinic visit"), "ann: clinic visit");
	T_OK(!has(&o, PV_VISITS, "Confidential consult"), "ann: no secret");
	T_OK(!has(&o, PV_VISITS, "Hospital stay"), "ann: the stay elsewhere");
	T_STR(o.n[PV_VISITS] ? o.rows[PV_VISITS][0].detail[2] : NULL,
	    "555-0100", "ann: the care provider's contact");
	arena_free(c.a);
	T_INT(view(ACTOR_PROVIDER, ann, "1", teen, PV_ADMISSIONS, &o, &c),
	    APP_OK, "ann: admissions");
	T_OK(has(&o, PV_ADMISSIONS, "Hospital stay"), "ann: the stay");
	T_INT(o.n[PV_ADMISSIONS], 1, "ann: admissions only");
	arena_free(c.a);
	T_INT(view(ACTOR_PROVIDER, ann, "1", teen, PV_LABS, &o, &c), APP_OK,
	    "ann: labs");
	T_OK(has(&o, PV_LABS, "Hemoglobin") && !has(&o, PV_LABS, "HIV 1+2 Ab"),
	    "ann: no excluded lab");
	arena_free(c.a);
	T_INT(view(ACTOR_PROVIDER, ann, "1", teen, PV_PRINT, &o, &c), APP_OK,
	    "ann: print");
	T_OK(has(&o, PV_NOTES, "Routine note") &&
	    !has(&o, PV_NOTES, "Gynecology note") &&
	    !has(&o, PV_VISITS, "Confidential consult") &&
	    !has(&o, PV_LABS, "HIV 1+2 Ab"), "ann: print holds the same");
	rows();
	T_STR(last.action, "precord.view.print", "ann: print row");
	arena_free(c.a);
	/* The PCP: clinical. */
	T_INT(view(ACTOR_PROVIDER, cal, "1", teen, PV_NOTES, &o, &c), APP_OK,
	    "cal: notes");
	T_INT(o.pa.ground, PROVIDER_PCP, "cal: pcp");
	T_OK(!has(&o, PV_NOTES, "Gynecology note"), "cal: no gyn note");
	rows();
	T_STR(last.detail, "pcp clinical", "cal: detail");
	arena_free(c.a);
}

static void
test_patient_scope(void)
{
	struct precord_out	 o;
	struct call		 c;

	T_INT(view(ACTOR_PROVIDER, ben, "1", teen, PV_NOTES, &o, &c), APP_OK,
	    "ben: notes");
	T_INT(o.pa.scope, SCOPE_PATIENT, "ben: patient scope");
	T_OK(has(&o, PV_NOTES, "Gynecology note"), "ben: gyn note");
	rows();
	T_STR(last.detail, "share patient", "ben: detail");
	arena_free(c.a);
	T_INT(view(ACTOR_PROVIDER, ben, "1", teen, PV_VISITS, &o, &c), APP_OK,
	    "ben: visits");
	T_OK(has(&o, PV_VISITS, "Confidential consult"), "ben: the consult");
	arena_free(c.a);
	T_INT(view(ACTOR_PROVIDER, ben, "1", teen, PV_LABS, &o, &c), APP_OK,
	    "ben: labs");
	T_OK(has(&o, PV_LABS, "HIV 1+2 Ab"), "ben: the excluded lab");
	arena_free(c.a);
}

static void
test_refusals(void)
{
	struct precord_out	 o;
	struct call		 c;
	int64_t			 n = rows();
	char			 want[100];

	T_INT(view(ACTOR_PROVIDER, dee, "1", teen, PV_SUMMARY, &o, &c),
	    APP_REFUSED, "dee: refused");
	T_INT(o.why, PRECORD_NOT_SEEN, "dee: not seen");
	T_OK(o.pa.patient.given == NULL, "dee: nothing of the patient");
	snprintf(want, sizeof(want), "not authorized: asked p=%" PRId64, teen);
	row_is(n, actor("provider", dee), "precord.refused", teen, want,
	    "dee: row");
	arena_free(c.a);
	T_INT(view(ACTOR_PROVIDER, dee, "999999", 999999, PV_NOTES, &o, &c),
	    APP_REFUSED, "missing: refused");
	row_is(n + 1, actor("provider", dee), "precord.refused", 999999,
	    "no such patient: asked p=999999", "missing: row");
	arena_free(c.a);
	T_INT(view(ACTOR_PROVIDER, ann, "1 OR 1", 0, PV_NOTES, &o, &c),
	    APP_REFUSED, "malformed: refused");
	row_is(n + 2, actor("provider", ann), "precord.refused", 0,
	    "malformed patient id: asked p=malformed (6 bytes)", "malformed");
	arena_free(c.a);
	T_INT(view(ACTOR_PROVIDER, ann, NULL, 0, PV_NOTES, &o, &c),
	    APP_REFUSED, "no p: refused");
	row_is(n + 3, actor("provider", ann), "precord.refused", 0,
	    "no patient asked: no p", "no p");
	arena_free(c.a);
	T_INT(view(ACTOR_PROVIDER, ann, "1", other, PV_NOTES, &o, &c),
	    APP_REFUSED, "ann: another patient");
	arena_free(c.a);
	/* A family account is no provider. */
	T_INT(view(ACTOR_FAMILY, parent, "1", teen, PV_NOTES, &o, &c),
	    APP_REFUSED, "a family account");
	arena_free(c.a);
	T_INT(view(ACTOR_PROVIDER, ann, "1", teen, PV__MAX, &o, &c),
	    APP_INVALID, "a view out of range");
	arena_free(c.a);
}

static void
test_sponsored(void)
{
	struct precord_out	 o;
	struct call		 c;

	T_INT(view(ACTOR_SPONSORED, nia, "1", teen, PV_NOTES, &o, &c), APP_OK,
	    "nia: her sponsor's patient");
	T_OK(o.viewer.base.sponsored, "nia: sponsored");
	T_OK(has(&o, PV_NOTES, "Routine note") &&
	    !has(&o, PV_NOTES, "Gynecology note"), "nia: the sponsor's scope");
	rows();
	T_STR(last.actor, actor("sponsored", nia), "nia: actor");
	T_STR(last.detail, "share clinical", "nia: detail");
	arena_free(c.a);
	T_INT(view(ACTOR_SPONSORED, nia, "1", other, PV_NOTES, &o, &c),
	    APP_REFUSED, "nia: not another patient");
	arena_free(c.a);
	/* Fay's account is revoked: her grant holds, her nurse sees none. */
	T_INT(view(ACTOR_SPONSORED, ola, "1", teen, PV_SUMMARY, &o, &c),
	    APP_REFUSED, "ola: a revoked sponsor's user");
	rows();
	T_STR(last.action, "precord.refused", "ola: row");
	arena_free(c.a);
	T_INT(view(ACTOR_PROVIDER, fay, "1", teen, PV_SUMMARY, &o, &c),
	    APP_REFUSED, "fay: revoked");
	arena_free(c.a);
}

/* 1 if a view by who is on the page. */
static int
shown(const struct viewers_out *o, const char *who)
{
	size_t	 i;

	for (i = 0; i < o->n; i++)
		if (strncmp(o->v[i].who, who, strlen(who)) == 0)
			return 1;
	return 0;
}

static void
test_viewers(void)
{
	struct viewers_in	 in;
	struct viewers_out	 o;
	struct call		 c;
	int64_t			 n, staff;

	/* A clinic's staff member reads a message about the teen. */
	staff = store_staff_create(P->db, "sam", "x", "Sam Staff",
	    "sam@example.org", NOW - 86400);
	c = t_call(P, ACTOR_STAFF, staff, NOW);
	T_INT(audit_call(&c, "inbox.read", teen, "thread=1"), 0, "staff read");
	arena_free(c.a);
	memset(&in, 0, sizeof(in));
	in.p.id = teen;
	in.p.raw = "1";
	c = t_call(P, ACTOR_FAMILY, parent, NOW);
	n = rows();
	T_INT(app_viewers(&c, &in, &o), APP_OK, "parent: viewers");
	T_OK(shown(&o, "Ann Sharer, MD"), "parent: ann");
	T_OK(shown(&o, "Cal Primary, MD"), "parent: cal");
	T_OK(shown(&o, "Nia Nurse, staff of Ann Sharer, MD"), "parent: nia");
	T_OK(!shown(&o, "Ben Teen"), "parent: not through the teen's share");
	T_OK(!shown(&o, "Dee"), "parent: no refusal");
	T_OK(!shown(&o, "Sam Staff"), "parent of a teen: no staff message view");
	T_STR(o.n ? o.v[0].who : NULL, "Nia Nurse, staff of Ann Sharer, MD",
	    "parent: newest first");
	T_STR(o.n ? o.v[0].what : NULL, "Notes", "parent: the section");
	T_INT(o.ngrants, 1, "parent: one grant to remove");
	T_INT(o.ngrants ? o.grants[0].id : 0, ann_grant, "parent: ann's");
	T_INT(rows(), n + 1, "parent: one row");
	T_STR(last.action, "viewers.view", "parent: viewers.view");
	arena_free(c.a);
	c = t_call(P, ACTOR_FAMILY, teen_self, NOW);
	T_INT(app_viewers(&c, &in, &o), APP_OK, "teen: viewers");
	T_OK(shown(&o, "Ben Teen") && shown(&o, "Ann Sharer"), "teen: all");
	/* Staff reading messages are not views of the record, and a thread
	 * may be the parent's (F-PROXY 2): shown to nobody. */
	T_OK(!shown(&o, "Sam Staff"), "teen: no staff message view");
	T_INT(o.ngrants, 2, "teen: both grants");
	arena_free(c.a);
	in.p.id = other;
	c = t_call(P, ACTOR_FAMILY, parent, NOW);
	T_INT(app_viewers(&c, &in, &o), APP_REFUSED, "parent: not theirs");
	T_INT(o.n, 0, "parent: nothing of it");
	rows();
	T_STR(last.action, "viewers.refused", "viewers.refused");
	arena_free(c.a);
}

static void
test_revoke(void)
{
	struct grant_revoke_in	 in;
	struct grant_revoke_out	 out;
	struct precord_out	 o;
	struct call		 c;

	c = t_call(P, ACTOR_FAMILY, parent, NOW);
	in.patient = teen;
	in.grant = ben_grant;
	T_INT(app_grant_revoke(&c, &in, &out), APP_REFUSED,
	    "parent: not the teen's grant");
	in.grant = ann_grant;
	T_INT(app_grant_revoke(&c, &in, &out), APP_OK, "parent: ann's grant");
	arena_free(c.a);
	T_INT(view(ACTOR_PROVIDER, ann, "1", teen, PV_NOTES, &o, &c),
	    APP_REFUSED, "ann: refused at the next call");
	arena_free(c.a);
	T_INT(view(ACTOR_SPONSORED, nia, "1", teen, PV_NOTES, &o, &c),
	    APP_REFUSED, "nia: and her nurse");
	arena_free(c.a);
	T_INT(db_changes(P->db, &q[Q_NO_PCP], "i", teen), 1, "pcp gone");
	T_INT(view(ACTOR_PROVIDER, cal, "1", teen, PV_NOTES, &o, &c),
	    APP_REFUSED, "cal: no longer the PCP");
	arena_free(c.a);
	T_INT(view(ACTOR_PROVIDER, ben, "1", teen, PV_NOTES, &o, &c), APP_OK,
	    "ben: the teen's grant stands");
	arena_free(c.a);
}

int
main(void)
{
	setup();
	test_clinical_scope();
	test_patient_scope();
	test_refusals();
	test_sponsored();
	test_viewers();
	test_revoke();
	portal_close(P);
	t_portal_remove();
	return t_done("app_precord");
}
