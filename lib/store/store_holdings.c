/*
 * An account's holdings with the patients' details, in one statement
 * (see store_holdings.h).
 */
#include "arena.h"
#include "db.h"
#include "store.h"
#include "store_holdings.h"

enum { Q_ALL, Q__MAX };

/* The relation is on file if it still names the patient; a link without
 * one (the patient's own) is not. Active links first, then by name. */
static const struct db_sql q[Q__MAX] = {
	[Q_ALL] = { "all",
	    "SELECT p.id, p.mrn, p.given, p.family, p.dob, p.sex, p.foster, "
	    "p.guardianship, p.email, ap.role, ap.status, "
	    "CASE WHEN r.id IS NULL THEN 0 ELSE 1 END "
	    "FROM account_patients ap JOIN patients p ON p.id = ap.patient_id "
	    "LEFT JOIN relations r ON r.id = ap.relation_id AND r.patient_id = ap.patient_id "
	    "WHERE ap.account_id = ? "
	    "ORDER BY CASE WHEN ap.status = 'active' THEN 0 ELSE 1 END, p.given, "
	    "p.family, p.id" },
};
const struct db_sqltab store_holdings_sql = DB_SQLTAB("holdings", q);

static void
held_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct held	*h = row;

	h->patient.id = db_col_int(st, 0);
	h->patient.mrn = db_col_text(a, st, 1);
	h->patient.given = db_col_text(a, st, 2);
	h->patient.family = db_col_text(a, st, 3);
	h->patient.dob = db_col_text(a, st, 4);
	h->patient.sex = db_col_text(a, st, 5);
	h->patient.foster = db_col_int(st, 6) != 0;
	h->patient.guardianship = db_col_int(st, 7) != 0;
	h->patient.email = db_col_text(a, st, 8);
	h->role = db_col_text(a, st, 9);
	h->status = db_col_text(a, st, 10);
	h->on_file = db_col_int(st, 11) != 0;
}

int
store_holdings_all(struct db *db, struct arena *a, int64_t account,
    struct held **out, size_t *n)
{
	return db_rows(db, a, &q[Q_ALL], held_fill, sizeof(**out), out, n, "i",
	    account);
}
