/*
 * PCP and grants (store_access.h). Every read and change of a grant names
 * its patient in the WHERE clause: an id of another patient's grant
 * changes and returns nothing.
 */
#include <string.h>

#include "arena.h"
#include "db.h"
#include "store.h"
#include "store_access.h"

enum {
	Q_PCP, Q_GRANTS_TO, Q_CREATE, Q_LIST, Q_GET, Q_EQUAL, Q_REVOKE, Q__MAX
};

#define GRANT_COLS \
    "SELECT s.id, s.patient_id, s.provider_id, s.how, s.scope, " \
    "s.by_account, s.created, d.given, d.family, d.credential, " \
    "d.specialty, d.organization, d.city, d.phone " \
    "FROM patient_shares s JOIN providers d ON d.id = s.provider_id "

static const struct db_sql q[Q__MAX] = {
	/* pcp: is the entry the PCP; practice: is the PCP of the practice. */
	[Q_PCP] = { "pcp",
	    "SELECT CASE WHEN p.pcp_id = ?1 THEN 1 ELSE 0 END, "
	    "CASE WHEN d.practice_id = ?2 THEN 1 ELSE 0 END "
	    "FROM patients p LEFT JOIN providers d ON d.id = p.pcp_id "
	    "WHERE p.id = ?3" },
	[Q_GRANTS_TO] = { "grants_to", GRANT_COLS
	    "WHERE s.provider_id = ? AND s.patient_id = ? AND s.revoked IS NULL "
	    "ORDER BY s.created, s.id" },
	[Q_CREATE] = { "create",
	    "INSERT INTO patient_shares (patient_id, provider_id, how, scope, "
	    "by_account, token_id, created) "
	    "VALUES (?, ?, ?, ?, ?, NULLIF(CAST(? AS BIGINT), 0), ?) "
	    "ON CONFLICT DO NOTHING RETURNING id" },
	[Q_LIST] = { "list", GRANT_COLS
	    "WHERE s.patient_id = ? AND s.revoked IS NULL "
	    "ORDER BY s.created DESC, s.id DESC" },
	[Q_GET] = { "get", GRANT_COLS
	    "WHERE s.id = ? AND s.patient_id = ? AND s.revoked IS NULL" },
	[Q_EQUAL] = { "equal", GRANT_COLS
	    "WHERE s.patient_id = ? AND s.provider_id = ? AND s.scope = ? "
	    "AND s.revoked IS NULL" },
	[Q_REVOKE] = { "revoke",
	    "UPDATE patient_shares SET revoked = ?, revoked_by = ? "
	    "WHERE id = ? AND patient_id = ? AND revoked IS NULL" },
};
const struct db_sqltab store_access_sql = DB_SQLTAB("access", q);

int
store_access_facts(struct db *db, int64_t provider, int64_t practice,
    int64_t patient, struct access_facts *out)
{
	struct db_stmt	*st;
	int		 rc;

	memset(out, 0, sizeof(*out));
	if ((st = db_stmt(db, &q[Q_PCP])) == NULL)
		return -1;
	/* 0 never matches: an entry or practice of none is no ground. */
	rc = db_bindv(st, "iii", provider > 0 ? provider : -1,
	    practice > 0 ? practice : -1, patient);
	if (rc == DB_ROW) {
		out->pcp = (int)db_col_int(st, 0);
		out->practice_pcp = (int)db_col_int(st, 1);
	}
	db_reset(st);
	return rc == -1 ? -1 : 0;
}

int64_t
store_grant_create(struct db *db, int64_t patient, int64_t provider,
    const char *how, const char *scope, int64_t by, int64_t token, time_t now)
{
	/* No row back: ON CONFLICT DO NOTHING met an equal grant (0). */
	return db_insert(db, &q[Q_CREATE], "iittiii", patient, provider, how,
	    scope, by, token, (int64_t)now);
}

static void
grant_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct grant	*g = row;

	g->id = db_col_int(st, 0);
	g->patient_id = db_col_int(st, 1);
	g->provider_id = db_col_int(st, 2);
	g->how = db_col_text(a, st, 3);
	g->scope = db_col_text(a, st, 4);
	g->by_account = db_col_int(st, 5);
	g->created = db_col_int(st, 6);
	g->given = db_col_text(a, st, 7);
	g->family = db_col_text(a, st, 8);
	g->credential = db_col_text(a, st, 9);
	g->specialty = db_col_text(a, st, 10);
	g->organization = db_col_text(a, st, 11);
	g->city = db_col_text(a, st, 12);
	g->phone = db_col_text(a, st, 13);
}

int
store_grant_list(struct db *db, struct arena *a, int64_t patient,
    struct grant **out, size_t *n)
{
	return db_rows(db, a, &q[Q_LIST], grant_fill, sizeof(**out), out, n,
	    "i", patient);
}

int
store_grant_get(struct db *db, struct arena *a, int64_t id, int64_t patient,
    struct grant *out)
{
	return db_row(db, a, &q[Q_GET], grant_fill, out, "ii", id, patient);
}

int
store_grant_equal(struct db *db, struct arena *a, int64_t patient,
    int64_t provider, const char *scope, struct grant *out)
{
	return db_row(db, a, &q[Q_EQUAL], grant_fill, out, "iit", patient,
	    provider, scope);
}

int
store_grant_list_to(struct db *db, struct arena *a, int64_t provider,
    int64_t patient, struct grant **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (provider <= 0)
		return 0;
	return db_rows(db, a, &q[Q_GRANTS_TO], grant_fill, sizeof(**out), out,
	    n, "ii", provider, patient);
}

int
store_grant_revoke(struct db *db, int64_t id, int64_t patient, int64_t by,
    time_t now)
{
	long	 n;

	n = db_changes(db, &q[Q_REVOKE], "iiii", (int64_t)now, by, id, patient);
	return n < 0 ? -1 : n > 0;
}
