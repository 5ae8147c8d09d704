/*
 * The outbox table. Claiming is one UPDATE ... RETURNING, so two mail
 * runners never send the same message (on PostgreSQL, with portalctl
 * mail on several nodes, its row locked and skipped by the others).
 */
#include "arena.h"
#include "db.h"
#include "store.h"
#include "store_outbox.h"

enum { Q_ADD, Q_CLAIM, Q_SENT, Q_FAILED, Q__MAX };

static const struct db_sql q[Q__MAX] = {
	[Q_ADD] = { "add",
	    "INSERT INTO outbox (created, to_addr, subject, body) "
	    "VALUES (?, ?, ?, ?) RETURNING id" },
	[Q_CLAIM] = { "claim",
	    "UPDATE outbox SET claimed = ?1, attempts = attempts + 1 WHERE id = ("
	    "SELECT id FROM outbox WHERE sent IS NULL AND attempts < 20 AND "
	    "(claimed IS NULL OR claimed < CAST(?1 AS BIGINT) - 600) "
	    "ORDER BY id LIMIT 1) "
	    "RETURNING id, created, to_addr, subject, body, attempts",
	    /* Several nodes: a runner skips the row another is claiming
	     * (its subquery would else pick the same one and wait). */
	    "UPDATE outbox SET claimed = ?1, attempts = attempts + 1 WHERE id = ("
	    "SELECT id FROM outbox WHERE sent IS NULL AND attempts < 20 AND "
	    "(claimed IS NULL OR claimed < CAST(?1 AS BIGINT) - 600) "
	    "ORDER BY id LIMIT 1 "
	    "FOR UPDATE SKIP LOCKED) "
	    "RETURNING id, created, to_addr, subject, body, attempts" },
	[Q_SENT] = { "sent", "UPDATE outbox SET sent = ? WHERE id = ?" },
	/* retried in 10 minutes */
	[Q_FAILED] = { "failed", "UPDATE outbox SET last_error = ? WHERE id = ?" },
};
const struct db_sqltab store_outbox_sql = DB_SQLTAB("outbox", q);

int64_t
store_outbox_add(struct db *db, const char *to, const char *subject,
    const char *body, time_t now)
{
	return db_insert(db, &q[Q_ADD], "ittt", (int64_t)now, to, subject, body);
}

static void
outmail_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct outmail	*out = row;

	out->id = db_col_int(st, 0);
	out->created = db_col_int(st, 1);
	out->to = db_col_text(a, st, 2);
	out->subject = db_col_text(a, st, 3);
	out->body = db_col_text(a, st, 4);
	out->attempts = (int)db_col_int(st, 5);
}

int
store_outbox_claim(struct db *db, struct arena *a, time_t now, struct outmail *out)
{
	/* db_row runs the statement to its end: the claim is committed. */
	return db_row(db, a, &q[Q_CLAIM], outmail_fill, out, "i", (int64_t)now);
}

int
store_outbox_sent(struct db *db, int64_t id, time_t now)
{
	return db_exec(db, &q[Q_SENT], "ii", (int64_t)now, id);
}

int
store_outbox_failed(struct db *db, int64_t id, const char *error)
{
	return db_exec(db, &q[Q_FAILED], "ti", error, id);
}
