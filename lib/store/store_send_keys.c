/*
 * The send keys of messages (store_send_keys.h): a column of messages,
 * unique per author where set.
 */
#include "db.h"
#include "store.h"
#include "store_send_keys.h"

enum { Q_FIND, Q_SET, Q__MAX };

static const struct db_sql q[Q__MAX] = {
	/* The partial unique index messages_send_key answers it. */
	[Q_FIND] = { "find",
	    "SELECT m.thread_id, t.patient_id, m.body FROM messages m "
	    "JOIN threads t ON t.id = m.thread_id WHERE m.from_staff = ? AND "
	    "m.author_id = ? AND m.send_key = ?" },
	[Q_SET] = { "set",
	    "UPDATE messages SET send_key = ? WHERE id = ?" },
};
const struct db_sqltab store_send_keys_sql = DB_SQLTAB("send_keys", q);

static void
hit_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct send_key_hit	*h = row;

	h->thread = db_col_int(st, 0);
	h->patient = db_col_int(st, 1);
	h->body = db_col_text(a, st, 2);
}

int
store_send_key_find(struct db *db, struct arena *a, int from_staff,
    int64_t author, const char *key, struct send_key_hit *out)
{
	return db_row(db, a, &q[Q_FIND], hit_fill, out, "iit",
	    (int64_t)from_staff, author, key);
}

int
store_send_key_set(struct db *db, int64_t message, const char *key)
{
	return db_changes(db, &q[Q_SET], "ti", key, message) == 1 ? 0 : -1;
}
