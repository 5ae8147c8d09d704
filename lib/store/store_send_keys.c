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
	    "SELECT thread_id FROM messages WHERE from_staff = ? AND "
	    "author_id = ? AND send_key = ?" },
	[Q_SET] = { "set",
	    "UPDATE messages SET send_key = ? WHERE id = ?" },
};
const struct db_sqltab store_send_keys_sql = DB_SQLTAB("send_keys", q);

int
store_send_key_find(struct db *db, int from_staff, int64_t author,
    const char *key, int64_t *thread)
{
	return db_int(db, &q[Q_FIND], thread, "iit", (int64_t)from_staff,
	    author, key);
}

int
store_send_key_set(struct db *db, int64_t message, const char *key)
{
	return db_changes(db, &q[Q_SET], "ti", key, message) == 1 ? 0 : -1;
}
