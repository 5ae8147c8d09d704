/*
 * The outbox table. Claiming is one UPDATE ... RETURNING, so two mail
 * runners never send the same message.
 */
#include "arena.h"
#include "db.h"
#include "store_outbox.h"

static const char sql_add[] =
    "INSERT INTO outbox (created, to_addr, subject, body) VALUES (?, ?, ?, ?)";
static const char sql_claim[] =
    "UPDATE outbox SET claimed = ?1, attempts = attempts + 1 WHERE id = ("
    "SELECT id FROM outbox WHERE sent IS NULL AND attempts < 20 AND "
    "(claimed IS NULL OR claimed < ?1 - 600) ORDER BY id LIMIT 1) "
    "RETURNING id, created, to_addr, subject, body, attempts";
static const char sql_sent[] = "UPDATE outbox SET sent = ? WHERE id = ?";
static const char sql_failed[] =
    "UPDATE outbox SET last_error = ? WHERE id = ?";	/* retried in 10 min */

int64_t
store_outbox_add(struct db *db, const char *to, const char *subject,
    const char *body, time_t now)
{
	if (db_exec(db, sql_add, "ittt", (int64_t)now, to, subject, body) == -1)
		return -1;
	return sqlite3_last_insert_rowid(db_handle(db));
}

int
store_outbox_claim(struct db *db, struct arena *a, time_t now, struct outmail *out)
{
	sqlite3_stmt	*st = db_stmt(db, sql_claim);
	int		 rc = db_bindv(st, "i", (int64_t)now);

	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->created = sqlite3_column_int64(st, 1);
		out->to = db_text(a, st, 2);
		out->subject = db_text(a, st, 3);
		out->body = db_text(a, st, 4);
		out->attempts = sqlite3_column_int(st, 5);
		rc = sqlite3_step(st);	/* finish the statement: commits */
	} else if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		return 0;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 1 : -1;
}

int
store_outbox_sent(struct db *db, int64_t id, time_t now)
{
	return db_exec(db, sql_sent, "ii", (int64_t)now, id);
}

int
store_outbox_failed(struct db *db, int64_t id, const char *error)
{
	return db_exec(db, sql_failed, "ti", error, id);
}
