/*
 * An account's holdings with the patients' details, in one statement
 * (see store_holdings.h).
 */
#include "arena.h"
#include "db.h"
#include "store_holdings.h"

/* The relation is on file if it still names the patient; a link without
 * one (the patient's own) is not. Active links first, then by name. */
static const char sql_holdings_all[] =
    "SELECT p.id, p.mrn, p.given, p.family, p.dob, p.sex, p.foster, "
    "p.guardianship, p.email, ap.role, ap.status, "
    "CASE WHEN r.id IS NULL THEN 0 ELSE 1 END "
    "FROM account_patients ap JOIN patients p ON p.id = ap.patient_id "
    "LEFT JOIN relations r ON r.id = ap.relation_id AND r.patient_id = ap.patient_id "
    "WHERE ap.account_id = ? "
    "ORDER BY CASE WHEN ap.status = 'active' THEN 0 ELSE 1 END, p.given, p.family, p.id";

/* Column i as a whole number (the one engine call outside db.h's API). */
static int64_t
col_int(sqlite3_stmt *st, int i)
{
	return sqlite3_column_int64(st, i);
}

int
store_holdings_all(struct db *db, struct arena *a, int64_t account,
    struct held **out, size_t *n)
{
	sqlite3_stmt	*st = db_stmt(db, sql_holdings_all);
	struct held	*h;
	size_t		 cap = 0;
	int		 rc;

	*out = NULL;
	*n = 0;
	for (rc = db_bindv(st, "i", account); rc == SQLITE_ROW; rc = sqlite3_step(st)) {
		h = arena_push(a, (void **)out, n, &cap, sizeof(*h));
		h->patient.id = col_int(st, 0);
		h->patient.mrn = db_text(a, st, 1);
		h->patient.given = db_text(a, st, 2);
		h->patient.family = db_text(a, st, 3);
		h->patient.dob = db_text(a, st, 4);
		h->patient.sex = db_text(a, st, 5);
		h->patient.foster = col_int(st, 6) != 0;
		h->patient.guardianship = col_int(st, 7) != 0;
		h->patient.email = db_text(a, st, 8);
		h->role = db_text(a, st, 9);
		h->status = db_text(a, st, 10);
		h->on_file = col_int(st, 11) != 0;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}
