/*
 * The activation_tokens and email_links tables. "Use" is one UPDATE that
 * only succeeds while the row is unused, so two requests racing with the
 * same secret cannot both win.
 */
#include <string.h>

#include "arena.h"
#include "db.h"
#include "store.h"
#include "store_tokens.h"

enum {
	Q_TOK_CREATE, Q_TOK_GET, Q_TOK_USE, Q_TOK_VOID, Q_TOK_VOIDED,
	Q_LINK_CREATE, Q_LINK_GET, Q_LINK_USE, Q_LINK_RETIRE,
	Q_PLINK_CREATE, Q_PLINK_GET, Q_PLINK_USE, Q_PLINK_RETIRE, Q_LINK_TRIM,
	Q__MAX
};

static const struct db_sql q[Q__MAX] = {
	[Q_TOK_CREATE] = { "tok_create",
	    "INSERT INTO activation_tokens (selector, verifier_hash, patient_id, "
	    "scope, issued, expires) VALUES (?, ?, ?, ?, ?, ?) RETURNING id" },
	[Q_TOK_GET] = { "tok_get",
	    "SELECT id, patient_id, verifier_hash, expires, COALESCE(used, 0), "
	    "scope, issued FROM activation_tokens WHERE selector = ?" },
	[Q_TOK_USE] = { "tok_use",
	    "UPDATE activation_tokens SET used = ? WHERE id = ? AND used IS NULL "
	    "AND voided IS NULL" },
	[Q_TOK_VOID] = { "tok_void",
	    "UPDATE activation_tokens SET voided = ? WHERE id = ? "
	    "AND voided IS NULL" },
	[Q_TOK_VOIDED] = { "tok_voided",
	    "SELECT CASE WHEN voided IS NULL THEN 0 ELSE 1 END "
	    "FROM activation_tokens WHERE id = ?" },
	[Q_LINK_CREATE] = { "link_create",
	    "INSERT INTO email_links (selector, verifier_hash, account_id, "
	    "purpose, created, expires) VALUES (?, ?, ?, ?, ?, ?) RETURNING id" },
	[Q_LINK_GET] = { "link_get",
	    "SELECT id, account_id, verifier_hash, expires, COALESCE(used, 0) "
	    "FROM email_links WHERE selector = ? AND purpose = ?" },
	[Q_LINK_USE] = { "link_use",
	    "UPDATE email_links SET used = ? WHERE id = ? AND used IS NULL" },
	[Q_LINK_RETIRE] = { "link_retire",
	    "UPDATE email_links SET used = ? WHERE account_id = ? "
	    "AND purpose = ? AND used IS NULL" },
	/* The same for provider-portal accounts (purpose "setup"). */
	[Q_PLINK_CREATE] = { "plink_create",
	    "INSERT INTO provider_links (selector, verifier_hash, account_id, "
	    "purpose, created, expires) VALUES (?, ?, ?, ?, ?, ?) RETURNING id" },
	[Q_PLINK_GET] = { "plink_get",
	    "SELECT id, account_id, verifier_hash, expires, COALESCE(used, 0) "
	    "FROM provider_links WHERE selector = ? AND purpose = ?" },
	[Q_PLINK_USE] = { "plink_use",
	    "UPDATE provider_links SET used = ? WHERE id = ? AND used IS NULL" },
	[Q_PLINK_RETIRE] = { "plink_retire",
	    "UPDATE provider_links SET used = ? WHERE account_id = ? "
	    "AND purpose = ? AND used IS NULL" },
	/* Every live link but the newest keep (issue 15.4): a family
	 * account's earlier verification links keep working. */
	[Q_LINK_TRIM] = { "link_trim",
	    "UPDATE email_links SET used = ?1 WHERE account_id = ?2 "
	    "AND purpose = ?3 AND used IS NULL AND expires > ?1 AND id NOT IN "
	    "(SELECT id FROM email_links WHERE account_id = ?2 AND purpose = ?3 "
	    "AND used IS NULL AND expires > ?1 ORDER BY id DESC "
	    "LIMIT CAST(?4 AS BIGINT))" },
};

/* A link's purpose names its table: "setup" links are the provider
 * portal's (provider_links), the others the family portal's. The
 * statement for op (Q_LINK_*) on that table. */
static const struct db_sql *
link_q(int op, const char *purpose)
{
	if (purpose != NULL && strcmp(purpose, "setup") == 0)
		return &q[op + (Q_PLINK_CREATE - Q_LINK_CREATE)];
	return &q[op];
}
const struct db_sqltab store_tokens_sql = DB_SQLTAB("tokens", q);

/* The columns tokens and links share. */
static void
secret_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct secret_row	*out = row;

	out->id = db_col_int(st, 0);
	out->owner = db_col_int(st, 1);
	out->verifier_hash = db_col_text(a, st, 2);
	out->expires = db_col_int(st, 3);
	out->used = db_col_int(st, 4);
	out->scope = NULL;
	out->issued = 0;
}

/* A token's, with its scope and when it was issued. */
static void
token_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct secret_row	*out = row;

	secret_fill(st, a, row);
	out->scope = db_col_text(a, st, 5);
	out->issued = db_col_int(st, 6);
}

static int
use_once(struct db *db, const struct db_sql *use, int64_t id, time_t now)
{
	long	 n = db_changes(db, use, "ii", (int64_t)now, id);

	return n < 0 ? -1 : n == 1;
}

int64_t
store_token_create(struct db *db, const char *selector, const char *vhash,
    int64_t patient, const char *scope, time_t issued, time_t expires)
{
	return db_insert(db, &q[Q_TOK_CREATE], "ttitii", selector, vhash,
	    patient, scope, (int64_t)issued, (int64_t)expires);
}

int
store_token_get(struct db *db, struct arena *a, const char *selector,
    struct secret_row *out)
{
	return db_row(db, a, &q[Q_TOK_GET], token_fill, out, "t", selector);
}

int
store_token_use(struct db *db, int64_t id, time_t now)
{
	return use_once(db, &q[Q_TOK_USE], id, now);
}

int
store_token_void(struct db *db, int64_t id, time_t now)
{
	return db_exec(db, &q[Q_TOK_VOID], "ii", (int64_t)now, id);
}

int
store_token_voided(struct db *db, int64_t id)
{
	int64_t	 v;

	return db_int(db, &q[Q_TOK_VOIDED], &v, "i", id) == -1 ? -1 : v != 0;
}

int64_t
store_elink_create(struct db *db, const char *selector, const char *vhash,
    int64_t account, const char *purpose, time_t now, time_t expires)
{
	return db_insert(db, link_q(Q_LINK_CREATE, purpose), "ttitii", selector, vhash,
	    account, purpose, (int64_t)now, (int64_t)expires);
}

int
store_elink_get(struct db *db, struct arena *a, const char *selector,
    const char *purpose, struct secret_row *out)
{
	return db_row(db, a, link_q(Q_LINK_GET, purpose), secret_fill, out,
	    "tt", selector, purpose);
}

int
store_elink_use(struct db *db, int64_t id, const char *purpose, time_t now)
{
	return use_once(db, link_q(Q_LINK_USE, purpose), id, now);
}

int
store_elink_retire(struct db *db, int64_t account, const char *purpose, time_t now)
{
	return db_exec(db, link_q(Q_LINK_RETIRE, purpose), "iit", (int64_t)now,
	    account, purpose);
}

int
store_elink_trim(struct db *db, int64_t account, const char *purpose,
    time_t now, long keep)
{
	return db_exec(db, &q[Q_LINK_TRIM], "iiti", (int64_t)now, account,
	    purpose, (int64_t)keep);
}
