/*
 * Access requests, listed and decided (store_areq.h).
 */
#include <string.h>

#include "db.h"
#include "store.h"
#include "store_areq.h"

enum {
	Q_PENDING, Q_COUNT, Q_GET, Q_DECIDE, Q__MAX
};

#define AREQ_COLS \
    "SELECT r.id, r.patient_id, r.account_id, r.provider_id, r.kind, " \
    "r.status, r.created, a.kind, a.given, a.family, a.email, d.npi, " \
    "d.given, d.family, d.credential, d.specialty, d.organization, " \
    "d.address, d.city, d.state, d.postal, d.phone, p.mrn, p.given, " \
    "p.family, p.dob, COALESCE(p.pcp_id, 0), c.given, c.family, " \
    "c.credential, c.npi " \
    "FROM access_requests r " \
    "JOIN provider_accounts a ON a.id = r.account_id " \
    "JOIN providers d ON d.id = r.provider_id " \
    "JOIN patients p ON p.id = r.patient_id " \
    "LEFT JOIN providers c ON c.id = p.pcp_id "

static const struct db_sql q[Q__MAX] = {
	/* ?2 = 0: every patient. */
	[Q_PENDING] = { "pending", AREQ_COLS
	    "WHERE r.status = 'pending' AND r.kind = ?1 "
	    "AND (CAST(?2 AS BIGINT) = 0 OR r.patient_id = ?2) "
	    "ORDER BY r.created, r.id LIMIT ?3" },
	[Q_COUNT] = { "count", "SELECT count(*) FROM access_requests "
	    "WHERE status = 'pending' AND kind = ?1 "
	    "AND (CAST(?2 AS BIGINT) = 0 OR patient_id = ?2)" },
	[Q_GET] = { "get", AREQ_COLS "WHERE r.id = ? AND r.kind = ?" },
	[Q_DECIDE] = { "decide",
	    "UPDATE access_requests SET status = ?, decided = ?, "
	    "decided_by = NULLIF(CAST(? AS BIGINT), 0), "
	    "share_id = NULLIF(CAST(? AS BIGINT), 0) "
	    "WHERE id = ? AND status = 'pending'" },
};
const struct db_sqltab store_areq_sql = DB_SQLTAB("areq", q);

static void
areq_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct areq	*r = row;

	r->id = db_col_int(st, 0);
	r->patient_id = db_col_int(st, 1);
	r->account_id = db_col_int(st, 2);
	r->provider_id = db_col_int(st, 3);
	r->kind = db_col_text(a, st, 4);
	r->status = db_col_text(a, st, 5);
	r->created = db_col_int(st, 6);
	r->asker_kind = db_col_text(a, st, 7);
	r->asker_given = db_col_text(a, st, 8);
	r->asker_family = db_col_text(a, st, 9);
	r->asker_email = db_col_text(a, st, 10);
	r->npi = db_col_text(a, st, 11);
	r->given = db_col_text(a, st, 12);
	r->family = db_col_text(a, st, 13);
	r->credential = db_col_text(a, st, 14);
	r->specialty = db_col_text(a, st, 15);
	r->organization = db_col_text(a, st, 16);
	r->address = db_col_text(a, st, 17);
	r->city = db_col_text(a, st, 18);
	r->state = db_col_text(a, st, 19);
	r->postal = db_col_text(a, st, 20);
	r->phone = db_col_text(a, st, 21);
	r->mrn = db_col_text(a, st, 22);
	r->pt_given = db_col_text(a, st, 23);
	r->pt_family = db_col_text(a, st, 24);
	r->dob = db_col_text(a, st, 25);
	r->pcp_id = db_col_int(st, 26);
	r->pcp_given = db_col_text(a, st, 27);
	r->pcp_family = db_col_text(a, st, 28);
	r->pcp_credential = db_col_text(a, st, 29);
	r->pcp_npi = db_col_text(a, st, 30);
}

int
store_areq_pending(struct db *db, struct arena *a, const char *kind,
    int64_t patient, long limit, struct areq **out, size_t *n)
{
	return db_rows(db, a, &q[Q_PENDING], areq_fill, sizeof(**out), out, n,
	    "tii", kind, patient, (int64_t)limit);
}

int
store_areq_count(struct db *db, const char *kind, int64_t patient,
    int64_t *n)
{
	return db_int(db, &q[Q_COUNT], n, "ti", kind, patient) == -1 ? -1 : 0;
}

int
store_areq_get(struct db *db, struct arena *a, int64_t id, const char *kind,
    struct areq *out)
{
	return db_row(db, a, &q[Q_GET], areq_fill, out, "it", id, kind);
}

int
store_areq_decide(struct db *db, int64_t id, const char *status, int64_t by,
    int64_t share, time_t now)
{
	long	 n;

	n = db_changes(db, &q[Q_DECIDE], "tiiii", status, (int64_t)now, by,
	    share, id);
	return n == -1 ? -1 : n > 0;
}
