/*
 * Pass codes, security answers and a provider's contact details
 * (store_passcode.h).
 */
#include "arena.h"
#include "db.h"
#include "store.h"
#include "store_passcode.h"

enum { Q_VOID, Q_CREATE, Q_LATEST, Q_TRY, Q_USE, Q_ANSWERS, Q_ANS_DEL,
    Q_ANS_ADD, Q_CONTACT, Q__MAX };

static const struct db_sql q[Q__MAX] = {
	[Q_VOID] = { "void",
	    "UPDATE pass_codes SET expires = CAST(? AS BIGINT) "
	    "WHERE account_id = ? AND purpose = ? AND used IS NULL "
	    "AND expires > CAST(? AS BIGINT)" },
	[Q_CREATE] = { "create",
	    "INSERT INTO pass_codes (account_id, purpose, code_hash, created, "
	    "expires) VALUES (?, ?, ?, ?, ?) RETURNING id" },
	[Q_LATEST] = { "latest",
	    "SELECT id, code_hash, expires, tries, used FROM pass_codes "
	    "WHERE account_id = ? AND purpose = ? ORDER BY id DESC LIMIT 1" },
	[Q_TRY] = { "try", "UPDATE pass_codes SET tries = tries + 1 WHERE id = ?" },
	[Q_USE] = { "use",
	    "UPDATE pass_codes SET used = ? WHERE id = ? AND used IS NULL" },
	[Q_ANSWERS] = { "answers",
	    "SELECT n, question, answer_hash FROM security_answers "
	    "WHERE account_id = ? ORDER BY n" },
	[Q_ANS_DEL] = { "answers_delete",
	    "DELETE FROM security_answers WHERE account_id = ?" },
	[Q_ANS_ADD] = { "answers_add",
	    "INSERT INTO security_answers (account_id, n, question, answer_hash) "
	    "VALUES (?, ?, ?, ?)" },
	[Q_CONTACT] = { "contact",
	    "UPDATE provider_accounts SET given = ?, family = ?, phone = ? "
	    "WHERE id = ?" },
};
const struct db_sqltab store_passcode_sql = DB_SQLTAB("passcode", q);

int64_t
store_pass_code_create(struct db *db, int64_t account, const char *purpose,
    const char *code_hash, time_t now, long lifetime)
{
	if (db_exec(db, &q[Q_VOID], "iiti", (int64_t)now, account, purpose,
	    (int64_t)now) == -1)
		return -1;
	return db_insert(db, &q[Q_CREATE], "ittii", account, purpose, code_hash,
	    (int64_t)now, (int64_t)now + lifetime);
}

static void
code_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct pass_code_row	*o = row;

	o->id = db_col_int(st, 0);
	o->code_hash = db_col_text(a, st, 1);
	o->expires = db_col_int(st, 2);
	o->tries = (long)db_col_int(st, 3);
	o->used = db_col_int(st, 4);
}

int
store_pass_code_latest(struct db *db, struct arena *a, int64_t account,
    const char *purpose, struct pass_code_row *out)
{
	return db_row(db, a, &q[Q_LATEST], code_fill, out, "it", account,
	    purpose);
}

int
store_pass_code_try(struct db *db, int64_t id)
{
	return db_exec(db, &q[Q_TRY], "i", id);
}

int
store_pass_code_use(struct db *db, int64_t id, time_t now)
{
	long	 n = db_changes(db, &q[Q_USE], "ii", (int64_t)now, id);

	return n < 0 ? -1 : n > 0;
}

static void
answer_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct security_answer	*o = row;

	o->n = (int)db_col_int(st, 0);
	o->question = db_col_text(a, st, 1);
	o->answer_hash = db_col_text(a, st, 2);
}

int
store_answers_get(struct db *db, struct arena *a, int64_t account,
    struct security_answer **out, size_t *n)
{
	return db_rows(db, a, &q[Q_ANSWERS], answer_fill, sizeof(**out), out, n,
	    "i", account);
}

int
store_answers_set(struct db *db, int64_t account,
    const struct security_answer *a, size_t n)
{
	size_t	 i;

	if (db_exec(db, &q[Q_ANS_DEL], "i", account) == -1)
		return -1;
	for (i = 0; i < n; i++)
		if (db_exec(db, &q[Q_ANS_ADD], "iitt", account, (int64_t)a[i].n,
		    a[i].question, a[i].answer_hash) == -1)
			return -1;
	return 0;
}

int
store_provider_set_contact(struct db *db, int64_t account, const char *given,
    const char *family, const char *phone)
{
	return db_exec(db, &q[Q_CONTACT], "ttti", given, family, phone, account);
}
