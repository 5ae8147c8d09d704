/*
 * The audit rows of "who has seen" and their actors (store_seen.h). The
 * actor ranges ('provider:' to 'provider;', ':' + 1 = ';') select the
 * actors by kind without LIKE; the index audit_patient_id (patient_id,
 * id) narrows the rows to the patient's, newest first.
 */
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "db.h"
#include "store.h"
#include "store_seen.h"

enum { Q_ROWS, Q_PROVIDER, Q__MAX };

static const struct db_sql q[Q__MAX] = {
	[Q_ROWS] = { "rows",
	    "SELECT id, at, actor, action, detail FROM audit "
	    "WHERE patient_id = ?1 AND id < ?2 AND ("
	    "(actor >= 'provider:' AND actor < 'provider;') OR "
	    "(actor >= 'sponsored:' AND actor < 'sponsored;') OR "
	    "(actor >= 'staff:' AND actor < 'staff;')) "
	    "ORDER BY id DESC LIMIT ?3" },
	[Q_PROVIDER] = { "provider",
	    /* The directory's (NPPES) name of a linked clinician, not
	     * the one the account may change on its own page. */
	    "SELECT COALESCE(d.given, a.given), COALESCE(d.family, a.family), "
	    "COALESCE(d.credential, a.credential), a.kind, "
	    "COALESCE(a.sponsor_id, 0), COALESCE(a.provider_id, 0), "
	    "COALESCE(d.organization, p.name) "
	    "FROM provider_accounts a "
	    "LEFT JOIN providers d ON d.id = a.provider_id "
	    "LEFT JOIN practices p ON p.id = a.practice_id WHERE a.id = ?" },
};
const struct db_sqltab store_seen_sql = DB_SQLTAB("seen", q);

static void
row_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct audit_row	*r = row;

	memset(r, 0, sizeof(*r));
	r->id = db_col_int(st, 0);
	r->at = db_col_int(st, 1);
	r->actor = db_col_text(a, st, 2);
	r->action = db_col_text(a, st, 3);
	r->detail = db_col_text(a, st, 4);
	r->patient_id = 0;
}

int
store_seen_rows(struct db *db, struct arena *a, int64_t patient,
    int64_t before, size_t max, struct audit_row **out, size_t *n)
{
	return db_rows(db, a, &q[Q_ROWS], row_fill, sizeof(**out), out, n,
	    "iii", patient, before > 0 ? before : INT64_MAX, (int64_t)max);
}

static void
who_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct seen_who	*w = row;

	w->given = db_col_text(a, st, 0);
	w->family = db_col_text(a, st, 1);
	w->credential = db_col_text(a, st, 2);
	w->kind = db_col_text(a, st, 3);
	w->sponsor_id = db_col_int(st, 4);
	w->provider_id = db_col_int(st, 5);
	w->organization = db_col_text(a, st, 6);
}

int
store_seen_provider(struct db *db, struct arena *a, int64_t id,
    struct seen_who *out)
{
	memset(out, 0, sizeof(*out));
	return db_row(db, a, &q[Q_PROVIDER], who_fill, out, "i", id);
}
