/*
 * A provider's patients (store_ppatients.h). The name search compares
 * prefixes with substr on lower-cased names, never LIKE: a '%' or '_'
 * typed is a character like any other, and PostgreSQL's nondeterministic
 * collations do not refuse it. The date of birth comes first in every
 * name search, so the patients_dob index keeps it to a few rows.
 */
#include "arena.h"
#include "db.h"
#include "store.h"
#include "store_ppatients.h"

enum { Q_NAME, Q_NAME_GIVEN, Q_HOLDERS, Q_PENDING, Q_CREATE, Q_MINE,
    Q_SHARED, Q_SEEN, Q__MAX };

#define PAT_COLS "SELECT p.id, p.mrn, p.given, p.family, p.dob, p.sex, " \
    "p.foster, p.guardianship, p.email FROM patients p "

static const struct db_sql q[Q__MAX] = {
	[Q_NAME] = { "name", PAT_COLS
	    "WHERE p.dob = ? AND substr(lower(p.family), 1, ?) = ? "
	    "ORDER BY p.family, p.given, p.id LIMIT ?" },
	[Q_NAME_GIVEN] = { "name_given", PAT_COLS
	    "WHERE p.dob = ? AND substr(lower(p.family), 1, ?) = ? "
	    "AND substr(lower(p.given), 1, ?) = ? "
	    "ORDER BY p.family, p.given, p.id LIMIT ?" },
	[Q_HOLDERS] = { "holders",
	    "SELECT ap.account_id, a.email, ap.role, "
	    "CASE WHEN r.id IS NULL THEN 0 ELSE 1 END "
	    "FROM account_patients ap JOIN accounts a ON a.id = ap.account_id "
	    "LEFT JOIN relations r ON r.id = ap.relation_id "
	    "AND r.patient_id = ap.patient_id "
	    "WHERE ap.patient_id = ? AND ap.status = 'active' "
	    "AND a.disabled = 0 ORDER BY ap.account_id" },
	[Q_PENDING] = { "pending",
	    "SELECT id FROM access_requests WHERE patient_id = ? "
	    "AND provider_id = ? AND kind = ? AND status = 'pending'" },
	[Q_CREATE] = { "create",
	    "INSERT INTO access_requests (patient_id, account_id, provider_id, "
	    "kind, created) VALUES (?, ?, ?, ?, ?) "
	    "ON CONFLICT DO NOTHING RETURNING id" },
	[Q_MINE] = { "mine",
	    "SELECT r.id, r.patient_id, r.kind, r.status, r.created, "
	    "COALESCE(r.decided, 0), p.given, p.family, p.dob "
	    "FROM access_requests r JOIN patients p ON p.id = r.patient_id "
	    "WHERE r.account_id = ? ORDER BY r.created DESC, r.id DESC" },
	[Q_SHARED] = { "shared",
	    "SELECT s.patient_id, s.how, s.created, p.given, p.family, p.dob "
	    "FROM patient_shares s JOIN patients p ON p.id = s.patient_id "
	    "WHERE s.provider_id = ? AND s.revoked IS NULL "
	    "ORDER BY p.family, p.given, p.id, s.created, s.id" },
	/* The patient's rows from the first of the window on, by
	 * audit_patient_id (patient_id, id); that first id by audit_at. */
	[Q_SEEN] = { "seen",
	    "SELECT count(*) FROM audit WHERE patient_id = ?1 AND id >= "
	    "(SELECT id FROM audit WHERE at >= ?2 ORDER BY at, id LIMIT 1) "
	    "AND at >= ?2 AND actor = ?3 AND action = ?4" },
};
const struct db_sqltab store_ppatients_sql = DB_SQLTAB("ppatients", q);

static void
patient_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct patient	*p = row;

	p->id = db_col_int(st, 0);
	p->mrn = db_col_text(a, st, 1);
	p->given = db_col_text(a, st, 2);
	p->family = db_col_text(a, st, 3);
	p->dob = db_col_text(a, st, 4);
	p->sex = db_col_text(a, st, 5);
	p->foster = db_col_int(st, 6) != 0;
	p->guardianship = db_col_int(st, 7) != 0;
	p->email = db_col_text(a, st, 8);
}

int
store_ppatients_by_name(struct db *db, struct arena *a, const char *family,
    size_t nfamily, const char *given, size_t ngiven, const char *dob,
    long limit, struct patient **out, size_t *n)
{
	if (given == NULL)
		return db_rows(db, a, &q[Q_NAME], patient_fill, sizeof(**out),
		    out, n, "titi", dob, (int64_t)nfamily, family,
		    (int64_t)limit);
	return db_rows(db, a, &q[Q_NAME_GIVEN], patient_fill, sizeof(**out),
	    out, n, "tititi", dob, (int64_t)nfamily, family, (int64_t)ngiven,
	    given, (int64_t)limit);
}

static void
holder_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct pholder	*h = row;

	h->account_id = db_col_int(st, 0);
	h->email = db_col_text(a, st, 1);
	h->role = db_col_text(a, st, 2);
	h->on_file = db_col_int(st, 3) != 0;
}

int
store_ppatients_holders(struct db *db, struct arena *a, int64_t patient,
    struct pholder **out, size_t *n)
{
	return db_rows(db, a, &q[Q_HOLDERS], holder_fill, sizeof(**out), out,
	    n, "i", patient);
}

int64_t
store_preq_pending(struct db *db, int64_t patient, int64_t provider,
    const char *kind)
{
	int64_t	 id;

	if (db_int(db, &q[Q_PENDING], &id, "iit", patient, provider, kind) == -1)
		return -1;
	return id;
}

int64_t
store_preq_create(struct db *db, int64_t patient, int64_t account,
    int64_t provider, const char *kind, time_t now)
{
	/* No row back: ON CONFLICT DO NOTHING met an open request (0). */
	return db_insert(db, &q[Q_CREATE], "iiiti", patient, account, provider,
	    kind, (int64_t)now);
}

static void
preq_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct preq	*r = row;

	r->id = db_col_int(st, 0);
	r->patient_id = db_col_int(st, 1);
	r->kind = db_col_text(a, st, 2);
	r->status = db_col_text(a, st, 3);
	r->created = db_col_int(st, 4);
	r->decided = db_col_int(st, 5);
	r->given = db_col_text(a, st, 6);
	r->family = db_col_text(a, st, 7);
	r->dob = db_col_text(a, st, 8);
}

int
store_preq_mine(struct db *db, struct arena *a, int64_t account,
    struct preq **out, size_t *n)
{
	return db_rows(db, a, &q[Q_MINE], preq_fill, sizeof(**out), out, n,
	    "i", account);
}

static void
shared_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct pshared	*s = row;

	s->patient_id = db_col_int(st, 0);
	s->how = db_col_text(a, st, 1);
	s->created = db_col_int(st, 2);
	s->given = db_col_text(a, st, 3);
	s->family = db_col_text(a, st, 4);
	s->dob = db_col_text(a, st, 5);
}

int
store_ppatients_shared(struct db *db, struct arena *a, int64_t provider,
    struct pshared **out, size_t *n)
{
	struct pshared	*all;
	size_t		 i, k = 0, m = 0;

	*out = NULL;
	*n = 0;
	if (db_rows(db, a, &q[Q_SHARED], shared_fill, sizeof(*all), &all, &m,
	    "i", provider) == -1)
		return -1;
	/* One row a patient: the first (oldest) of its grants. */
	for (i = 0; i < m; i++)
		if (k == 0 || all[k - 1].patient_id != all[i].patient_id)
			all[k++] = all[i];
	*out = all;
	*n = k;
	return 0;
}

int
store_ppatients_seen(struct db *db, int64_t patient, const char *actor,
    const char *action, time_t since)
{
	int64_t	 n;

	if (db_int(db, &q[Q_SEEN], &n, "iitt", patient, (int64_t)since, actor,
	    action) == -1)
		return -1;
	return n > 0;
}
