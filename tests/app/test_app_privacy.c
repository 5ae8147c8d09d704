/*
 * The privacy office (lib/app/privacy.h, issue 16.1) without a web
 * server: only the privacy role searches (admin and the care team are
 * refused, and the refusal is a row); a search by MRN, actor (one or a
 * kind), action (one or a family) and time, 50 rows a page, newest
 * first, with the next page's flag; an unknown MRN said so, nothing
 * written; the export of the same filter, oldest first, its own row
 * audit.export written before it (so it is in it); a patient's
 * accounting of disclosures (a provider's views and a family's share, not
 * a refusal nor the family's own views). Runs on both engines.
 */
#include <inttypes.h>

#include "app_test.h"
#include "audit.h"
#include "db.h"
#include "privacy.h"
#include "store_audit.h"
#include "store_staff.h"

#define NOW	1772636400	/* Wednesday 2026-03-04 15:00 UTC */
#define DAY	86400

static struct portal	*P;
static int64_t		 child, other, parent, officer, admin, carer;
static struct arena	*A;	/* the planted rows' texts, for the run */

/* Tests only: SQL stays in lib/store for the portal. */
enum { Q_COUNT_AUDIT, Q_PROVIDER, Q__MAX };
static const struct db_sql tq[Q__MAX] = {
	[Q_COUNT_AUDIT] = { "n_audit", "SELECT count(*) FROM audit "
	    "WHERE action = ?" },
	[Q_PROVIDER] = { "provider", "INSERT INTO provider_accounts (id, kind, "
	    "email, given, family, status, created) VALUES (?, ?, ?, "
	    "'Dee', 'Doc', 'approved', 1)" },
};
static const struct db_sqltab test_sql = DB_SQLTAB("test_privacy", tq);

static int64_t
n_rows(const char *action)
{
	int64_t	 n = -1;

	T_OK(db_int(P->db, &tq[Q_COUNT_AUDIT], &n, "t", action) == 1, "count");
	return n;
}

static int64_t
staff(const char *name, const char *role)
{
	int64_t	 id = store_staff_create(P->db, name, "x", name, NULL, NOW);

	T_INT(store_staff_role_add(P->db, id, role), 0, "role");
	return id;
}

static void
plant(time_t at, const char *actor, const char *action, int64_t pt,
    const char *detail)
{
	T_INT(audit_write(P->db, at, actor, action, pt, "192.0.2.9", detail),
	    0, action);
}

static void
setup(void)
{
	char	 err[256];
	int	 i;

	P = t_portal();
	A = arena_new();
	if (db_prepare(P->db, &test_sql, err, sizeof(err)) == -1) {
		fprintf(stderr, "test statements: %s\n", err);
		exit(1);
	}
	child = t_patient(P, "C100", "Ava", "2018-03-01", NOW - 30 * DAY);
	other = t_patient(P, "O100", "Olga", "2017-01-01", NOW - 30 * DAY);
	parent = t_account(P, "parent@example.org", "Paula", NOW - 30 * DAY);
	(void)t_account(P, "both@example.org", "Bo", NOW - 30 * DAY);
	T_INT(db_exec(P->db, &tq[Q_PROVIDER], "itt", (int64_t)8, "sponsored",
	    "sue8@example.org"), 0, "sponsored user 8");
	T_INT(db_exec(P->db, &tq[Q_PROVIDER], "itt", (int64_t)20, "provider",
	    "both@example.org"), 0, "provider 20");
	officer = staff("pria", "privacy");
	admin = staff("adam", "admin");
	carer = staff("cara", "clinic");
	/* 60 views by the parent over the days before, and the others. */
	for (i = 0; i < 60; i++)
		plant(NOW - 20 * DAY + i * 3600, arena_printf(A,
		    "family:%" PRId64, parent), "record.view.labs", child, NULL);
	plant(NOW - 5 * DAY, "provider:7", "precord.view.labs", child,
	    "share clinical");
	plant(NOW - 5 * DAY + 60, "provider:7", "precord.refused", child, "none");
	plant(NOW - 4 * DAY, "sponsored:8", "precord.view.summary", child,
	    "share clinical");
	plant(NOW - 3 * DAY, arena_printf(A, "family:%" PRId64, parent),
	    "share.invite", child, "grant=1 entry=2 clinical");
	plant(NOW - 3 * DAY, arena_printf(A, "staff:%" PRId64, carer),
	    "insurance.view", child, "change=1");
	plant(NOW - 2 * DAY, "provider:7", "precord.view.labs", other,
	    "=cmd|' /C calc'!A0");
}

static struct call
as(int64_t who)
{
	return t_call(P, ACTOR_STAFF, who, NOW);
}

static void
filter(struct privacy_q *q, const char *mrn, const char *actor,
    const char *action, const char *since, const char *until, int64_t page)
{
	struct arena	*a = A;

	memset(q, 0, sizeof(*q));
	q->mrn = mrn;
	q->page = page;
	q->actor = actor;
	q->action = action;
	q->since = since;
	q->until = until;
	if (*actor != '\0')
		T_OK(auditq_actor(a, actor, &q->f) == NULL, "actor %s", actor);
	if (*action != '\0')
		T_OK(auditq_action(a, action, &q->f) == NULL, "action %s", action);
	if (*since != '\0')
		T_OK(auditq_when(since, 0, &q->f.since) == NULL, "since");
	if (*until != '\0')
		T_OK(auditq_when(until, 1, &q->f.until) == NULL, "until");
}

static void
test_role(void)
{
	static const char *const roles[] = { "admin", "clinic" };
	struct privacy_q	 q;
	struct privacy_row	*r;
	struct call		 c;
	enum privacy_why	 why;
	size_t			 n, i;
	int			 more;
	int64_t			 who[] = { admin, carer }, before;

	filter(&q, "C100", "", "", "", "", 1);
	for (i = 0; i < 2; i++) {
		before = n_rows("staff.refused");
		c = as(who[i]);
		T_INT(app_privacy_search(&c, &q, &r, &n, &more, &why),
		    APP_REFUSED, roles[i]);
		T_INT(why, PRIVACY_ROLE, "why");
		T_INT(n_rows("staff.refused"), before + 1, "refusal audited");
		arena_free(c.a);
	}
	c = t_call(P, ACTOR_FAMILY, parent, NOW);
	T_INT(app_privacy_disclosures(&c, "C100", &r, &n, &why), APP_REFUSED,
	    "a family account");
	arena_free(c.a);
}

static int
put_none(const char *s, size_t len, void *arg)
{
	(void)s;
	(void)len;
	(void)arg;
	return 1;
}

static void
test_search(void)
{
	static const struct {
		const char	*mrn, *actor, *action, *since, *until;
		int64_t		 page;
		size_t		 n;
		int		 more;
		const char	*first;		/* the newest row's action */
	} rows[] = {
		/* 60 + 6 of the child's, 1 of the other patient's. */
		{ "C100", "", "", "", "", 1, 50, 1, "insurance.view" },
		{ "C100", "", "", "", "", 2, 16, 0, "record.view.labs" },
		{ "C100", "", "", "", "", 3, 0, 0, NULL },
		{ "", "provider", "", "", "", 1, 3, 0, "precord.view.labs" },
		{ "", "provider:7", "precord.view.*", "", "", 1, 2, 0,
		    "precord.view.labs" },
		{ "", "sponsored", "", "", "", 1, 1, 0, "precord.view.summary" },
		{ "C100", "", "share.*", "", "", 1, 1, 0, "share.invite" },
		{ "", "family", "record.view.labs", "", "", 1, 50, 1,
		    "record.view.labs" },
		{ "O100", "", "", "", "", 1, 1, 0, "precord.view.labs" },
		/* The first view is 2026-02-12 15:00 UTC, 10:00 in the
		 * hospital's zone (America/New_York): 14 views that day. */
		{ "C100", "", "", "2026-02-12", "2026-02-12", 1, 14, 0,
		    "record.view.labs" },
		{ "C100", "", "", "2026-02-12T10:00", "2026-02-12T10:00", 1,
		    1, 0, "record.view.labs" },
		{ "", "", "record.view.labs", "2026-03-05", "", 1, 0, 0, NULL },
		/* Who as the office knows them: the parent's 60 views and
		 * share, the clinic's user name, a provider by e-mail. */
		{ "", "parent@example.org", "", "", "", 1, 50, 1,
		    "staff.refused" },	/* test_role's try */
		{ "", "PARENT@Example.org", "record.view.labs", "", "", 2, 10,
		    0, "record.view.labs" },
		{ "", "staff:cara", "insurance.*", "", "", 1, 1, 0,
		    "insurance.view" },
		{ "", "sue8@example.org", "", "", "", 1, 1, 0,
		    "precord.view.summary" },
	};
	struct privacy_q	 q;
	struct privacy_row	*r;
	struct call		 c;
	enum privacy_why	 why;
	size_t			 n, i, j;
	int			 more;
	int64_t			 before;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		filter(&q, rows[i].mrn, rows[i].actor, rows[i].action,
		    rows[i].since, rows[i].until, rows[i].page);
		before = n_rows("audit.search");
		c = as(officer);
		T_INT(app_privacy_search(&c, &q, &r, &n, &more, &why), APP_OK,
		    "search");
		T_INT(n, rows[i].n, arena_printf(c.a, "rows of case %zu", i));
		T_INT(more, rows[i].more, arena_printf(c.a, "more, case %zu", i));
		if (rows[i].first != NULL && n > 0)
			T_STR(r[0].found.r.action, rows[i].first, "newest");
		for (j = 1; j < n; j++)
			T_OK(r[j].found.r.id < r[j - 1].found.r.id, "newest first");
		T_INT(n_rows("audit.search"), before + 1, "search audited");
		arena_free(c.a);
	}
	/* The actor in words, the patient's name. */
	filter(&q, "C100", "family", "", "", "", 1);
	c = as(officer);
	T_INT(app_privacy_search(&c, &q, &r, &n, &more, &why), APP_OK, "words");
	T_OK(n > 0, "rows");
	T_STR(r[0].who, "Paula Test <parent@example.org>", "family in words");
	T_STR(r[0].patient, "Ava Test", "patient");
	T_STR(r[0].found.mrn, "C100", "mrn");
	arena_free(c.a);
	/* An unknown MRN: said so, no row. */
	filter(&q, "NOPE1", "", "", "", "", 1);
	before = n_rows("audit.search");
	c = as(officer);
	T_INT(app_privacy_search(&c, &q, &r, &n, &more, &why), APP_INVALID,
	    "unknown MRN");
	T_INT(why, PRIVACY_NO_MRN, "why");
	T_INT(n_rows("audit.search"), before, "nothing written");
	arena_free(c.a);
	/* Nobody by that name, or two accounts by that address: said so,
	 * nothing written, as an unknown MRN. */
	static const struct {
		const char		*who;
		enum privacy_why	 why;
	} unknown[] = {
		{ "nobody@example.org", PRIVACY_NO_ACTOR },
		{ "staff:nobody", PRIVACY_NO_ACTOR },
		{ "both@example.org", PRIVACY_TWO_ACTORS },
	};
	for (i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		filter(&q, "", unknown[i].who, "", "", "", 1);
		before = n_rows("audit.search");
		c = as(officer);
		T_INT(app_privacy_search(&c, &q, &r, &n, &more, &why),
		    APP_INVALID, unknown[i].who);
		T_INT(why, unknown[i].why, unknown[i].who);
		T_INT(app_privacy_export(&c, &q, PRIVACY_CSV, put_none, NULL,
		    &why), APP_INVALID, unknown[i].who);
		T_INT(n_rows("audit.search"), before, "nothing written");
		arena_free(c.a);
	}
}

static int
put(const char *s, size_t len, void *arg)
{
	buf_put(arg, s, len);
	return 0;
}

static size_t
lines(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++)
		n += *s == '\n';
	return n;
}

static void
test_export(void)
{
	struct privacy_q	 q;
	struct call		 c;
	struct buf		 b;
	enum privacy_why	 why;
	int64_t			 before = n_rows("audit.export");

	filter(&q, "O100", "", "", "", "", 1);
	c = as(officer);
	buf_init(&b, c.a);
	T_INT(app_privacy_export(&c, &q, PRIVACY_CSV, put, &b, &why), APP_OK,
	    "export");
	T_INT(n_rows("audit.export"), before + 1, "export audited");
	/* The header, the provider's view, the search of this patient
	 * above, the export's own row (written first). */
	T_INT(lines(b.b_data), 4, "csv lines");
	T_OK(strncmp(b.b_data, "id,time,at,actor,actor_name,action,mrn,"
	    "patient,address,detail\r\n", 62) == 0, "header: %s", b.b_data);
	T_OK(strstr(b.b_data, ",'=cmd|' /C calc'!A0\r\n") != NULL,
	    "formula neutralised: %s", b.b_data);
	T_OK(strstr(b.b_data, "audit.export") != NULL, "own row");
	arena_free(c.a);

	filter(&q, "C100", "", "record.*", "", "", 1);
	c = as(officer);
	buf_init(&b, c.a);
	T_INT(app_privacy_export(&c, &q, PRIVACY_JSONL, put, &b, &why), APP_OK,
	    "jsonl");
	T_INT(lines(b.b_data), 60, "jsonl lines: every row, not a page");
	T_OK(strncmp(b.b_data, "{\"id\":", 6) == 0, "json: %s", b.b_data);
	arena_free(c.a);

	c = as(admin);
	buf_init(&b, c.a);
	T_INT(app_privacy_export(&c, &q, PRIVACY_CSV, put, &b, &why),
	    APP_REFUSED, "admin export");
	T_INT(b.b_len, 0, "nothing sent");
	arena_free(c.a);
}

static void
test_disclosures(void)
{
	struct privacy_row	*r;
	struct call		 c;
	enum privacy_why	 why;
	size_t			 n;

	c = as(officer);
	T_INT(app_privacy_disclosures(&c, "C100", &r, &n, &why), APP_OK,
	    "disclosures");
	/* Two views by providers and the share; not the refusal, not the
	 * parent's own views, not the care team's. */
	T_INT(n, 3, "disclosures");
	if (n == 3) {
		T_STR(r[0].found.r.action, "precord.view.labs", "first");
		T_STR(r[0].what, "Lab results", "what");
		T_STR(r[0].recipient, "provider:7", "to whom (no account)");
		T_STR(r[1].what, "Record summary", "summary");
		T_STR(r[2].found.r.action, "share.invite", "share");
	}
	T_INT(n_rows("audit.disclosures"), 1, "audited");
	T_INT(app_privacy_disclosures(&c, "NOPE1", &r, &n, &why), APP_INVALID,
	    "unknown MRN");
	arena_free(c.a);
}

/*
 * An export longer than the store's page (500 rows after the last id
 * seen): every row once, in id order, across pages, for the search and
 * the accounting; 1,000 disclosures fill two pages exactly, and the
 * search's 1,001 rows (with its own) spill one into a third.
 */
static void
test_pages(void)
{
	struct privacy_q	 q;
	struct call		 c;
	struct buf		 b;
	enum privacy_why	 why;
	const char		*s, *line;
	int64_t			 id, last = 0, pt;
	size_t			 n = 0;
	int			 i, ordered = 1;

	pt = t_patient(P, "P100", "Pia", "2016-05-01", NOW - 30 * DAY);
	for (i = 0; i < 1000; i++)
		plant(NOW - 10 * DAY + i, "provider:9", "precord.view.labs", pt,
		    "share clinical");
	filter(&q, "P100", "", "", "", "", 1);
	c = as(officer);
	buf_init(&b, c.a);
	T_INT(app_privacy_export(&c, &q, PRIVACY_JSONL, put, &b, &why), APP_OK,
	    "a long export");
	T_INT(lines(b.b_data), 1001, "every row once, the export's own too");
	for (line = b.b_data; line != NULL && *line != '\0'; n++) {
		if (sscanf(line, "{\"id\":%" SCNd64, &id) != 1 || id <= last)
			ordered = 0;
		last = id;
		line = (s = strchr(line, '\n')) != NULL ? s + 1 : NULL;
	}
	T_OK(ordered && n == 1001, "in id order across the pages (%zu)", n);
	arena_free(c.a);

	c = as(officer);
	buf_init(&b, c.a);
	T_INT(app_privacy_disclosures_export(&c, "P100", PRIVACY_CSV, put, &b,
	    &why), APP_OK, "a long accounting");
	T_INT(lines(b.b_data), 1001, "the header and 1,000 disclosures");
	arena_free(c.a);
}

int
main(void)
{
	setup();
	test_role();
	test_search();
	test_export();
	test_disclosures();
	test_pages();
	arena_free(A);
	t_portal_remove();
	return t_done("test_app_privacy");
}
