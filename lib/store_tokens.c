/*
 * The activation_tokens and email_links tables. "Use" is one UPDATE that
 * only succeeds while the row is unused, so two requests racing with the
 * same secret cannot both win.
 */
#include "arena.h"
#include "db.h"
#include "store_tokens.h"

static const char sql_tok_create[] =
    "INSERT INTO activation_tokens (selector, verifier_hash, patient_id, "
    "scope, issued, expires) VALUES (?, ?, ?, ?, ?, ?)";
static const char sql_tok_get[] =
    "SELECT id, patient_id, verifier_hash, expires, COALESCE(used, 0), scope, "
    "issued FROM activation_tokens WHERE selector = ?";
static const char sql_tok_use[] =
    "UPDATE activation_tokens SET used = ? WHERE id = ? AND used IS NULL "
    "AND voided IS NULL";
static const char sql_tok_void[] =
    "UPDATE activation_tokens SET voided = ? WHERE id = ? AND voided IS NULL";
static const char sql_tok_voided[] =
    "SELECT voided IS NOT NULL FROM activation_tokens WHERE id = ?";
static const char sql_link_create[] =
    "INSERT INTO email_links (selector, verifier_hash, account_id, purpose, "
    "created, expires) VALUES (?, ?, ?, ?, ?, ?)";
static const char sql_link_get[] =
    "SELECT id, account_id, verifier_hash, expires, COALESCE(used, 0) "
    "FROM email_links WHERE selector = ? AND purpose = ?";
static const char sql_link_use[] =
    "UPDATE email_links SET used = ? WHERE id = ? AND used IS NULL";
static const char sql_link_retire[] =
    "UPDATE email_links SET used = ? WHERE account_id = ? AND purpose = ? "
    "AND used IS NULL";

static int
secret_row(sqlite3_stmt *st, int rc, struct arena *a, struct secret_row *out)
{
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return -1;
	out->id = sqlite3_column_int64(st, 0);
	out->owner = sqlite3_column_int64(st, 1);
	out->verifier_hash = db_text(a, st, 2);
	out->expires = sqlite3_column_int64(st, 3);
	out->used = sqlite3_column_int64(st, 4);
	/* Only the tokens' statement has a sixth and a seventh column. */
	out->scope = sqlite3_column_count(st) > 5 ? db_text(a, st, 5) : NULL;
	out->issued = sqlite3_column_count(st) > 6 ?
	    sqlite3_column_int64(st, 6) : 0;
	sqlite3_reset(st);
	return 1;
}

static int
use_once(struct db *db, const char *sql, int64_t id, time_t now)
{
	if (db_exec(db, sql, "ii", (int64_t)now, id) == -1)
		return -1;
	return sqlite3_changes(db_handle(db)) == 1;
}

int64_t
store_token_create(struct db *db, const char *selector, const char *vhash,
    int64_t patient, const char *scope, time_t issued, time_t expires)
{
	if (db_exec(db, sql_tok_create, "ttitii", selector, vhash, patient,
	    scope, (int64_t)issued, (int64_t)expires) == -1)
		return -1;
	return sqlite3_last_insert_rowid(db_handle(db));
}

int
store_token_get(struct db *db, struct arena *a, const char *selector,
    struct secret_row *out)
{
	sqlite3_stmt	*st = db_stmt(db, sql_tok_get);

	return secret_row(st, db_bindv(st, "t", selector), a, out);
}

int
store_token_use(struct db *db, int64_t id, time_t now)
{
	return use_once(db, sql_tok_use, id, now);
}

int
store_token_void(struct db *db, int64_t id, time_t now)
{
	return db_exec(db, sql_tok_void, "ii", (int64_t)now, id);
}

int
store_token_voided(struct db *db, int64_t id)
{
	sqlite3_stmt	*st = db_stmt(db, sql_tok_voided);
	int		 rc, v = 0;

	if ((rc = db_bindv(st, "i", id)) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0) != 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? v : rc == SQLITE_DONE ? 0 : -1;
}

int64_t
store_elink_create(struct db *db, const char *selector, const char *vhash,
    int64_t account, const char *purpose, time_t now, time_t expires)
{
	if (db_exec(db, sql_link_create, "ttitii", selector, vhash, account,
	    purpose, (int64_t)now, (int64_t)expires) == -1)
		return -1;
	return sqlite3_last_insert_rowid(db_handle(db));
}

int
store_elink_get(struct db *db, struct arena *a, const char *selector,
    const char *purpose, struct secret_row *out)
{
	sqlite3_stmt	*st = db_stmt(db, sql_link_get);

	return secret_row(st, db_bindv(st, "tt", selector, purpose), a, out);
}

int
store_elink_use(struct db *db, int64_t id, time_t now)
{
	return use_once(db, sql_link_use, id, now);
}

int
store_elink_retire(struct db *db, int64_t account, const char *purpose, time_t now)
{
	return db_exec(db, sql_link_retire, "iit", (int64_t)now, account, purpose);
}
