/*
 * The sessions table. The kind is stored as text so the table reads well
 * in an audit; it is mapped to the enum here.
 */
#include <string.h>

#include "db.h"
#include "store.h"
#include "store_sess.h"

static const char *const kinds[SESS__MAX] = {
	[SESS_FAMILY] = "family",
	[SESS_STAFF] = "staff",
	[SESS_PROVIDER] = "provider",
	[SESS_SPONSORED] = "sponsored",
};
static const char *const stages[SESS_STAGE__MAX] = {
	[SESS_IN] = "in",
	[SESS_MFA] = "mfa",
	[SESS_ENROL] = "enrol",
};

/* The index of text in names[0..n), or -1. */
static int
word_index(const char *const *names, int n, const char *text)
{
	int	 i;

	for (i = 0; text != NULL && i < n; i++)
		if (strcmp(names[i], text) == 0)
			return i;
	return -1;
}

enum { Q_CREATE, Q_GET, Q_TOUCH, Q_DELETE, Q_DELETE_PRINCIPAL, Q_PURGE, Q_PATIENT,
    Q__MAX };

static const struct db_sql q[Q__MAX] = {
	[Q_CREATE] = { "create",
	    "INSERT INTO sessions (token_hash, kind, stage, principal, created, "
	    "seen, addr) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id" },
	[Q_GET] = { "get",
	    "SELECT id, kind, principal, created, seen, stage, patient_id "
	    "FROM sessions "
	    "WHERE token_hash = ?" },
	[Q_TOUCH] = { "touch", "UPDATE sessions SET seen = ? WHERE id = ?" },
	[Q_DELETE] = { "delete", "DELETE FROM sessions WHERE id = ?" },
	[Q_DELETE_PRINCIPAL] = { "delete_principal",
	    "DELETE FROM sessions WHERE kind = ? AND principal = ?" },
	[Q_PURGE] = { "purge",
	    "DELETE FROM sessions WHERE seen < ? OR created < ?" },
	[Q_PATIENT] = { "patient",
	    "UPDATE sessions SET patient_id = ? WHERE id = ?" },
};
const struct db_sqltab store_sess_sql = DB_SQLTAB("sess", q);

int64_t
store_sess_create(struct db *db, enum sess_kind kind, enum sess_stage stage,
    int64_t principal, const unsigned char hash[32], time_t now,
    const char *addr)
{
	if ((unsigned)kind >= SESS__MAX || (unsigned)stage >= SESS_STAGE__MAX)
		return -1;
	return db_insert(db, &q[Q_CREATE], "bttiiit", hash, (size_t)32,
	    kinds[kind], stages[stage], principal, (int64_t)now, (int64_t)now,
	    addr);
}

static void
sess_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct sess	*out = row;
	int		 k = word_index(kinds, SESS__MAX, db_col_str(st, 1));
	int		 g = word_index(stages, SESS_STAGE__MAX, db_col_str(st, 5));

	(void)a;
	memset(out, 0, sizeof(*out));
	out->s_id = db_col_int(st, 0);
	/* The CHECK allows only these; should another appear, the session
	 * is read as the least it could be: a family one not yet signed in. */
	out->s_kind = k < 0 ? SESS_FAMILY : (enum sess_kind)k;
	out->s_stage = k < 0 || g < 0 ? SESS_MFA : (enum sess_stage)g;
	out->s_principal = db_col_int(st, 2);
	out->s_created = (time_t)db_col_int(st, 3);
	out->s_seen = (time_t)db_col_int(st, 4);
	out->s_patient = db_col_null(st, 6) ? 0 : db_col_int(st, 6);
}

int
store_sess_get(struct db *db, const unsigned char hash[32], struct sess *out)
{
	int	 rc;

	rc = db_row(db, NULL, &q[Q_GET], sess_fill, out, "b", hash, (size_t)32);
	if (rc == 1)
		memcpy(out->s_hash, hash, 32);
	return rc;
}

int
store_sess_touch(struct db *db, int64_t id, time_t now)
{
	return db_exec(db, &q[Q_TOUCH], "ii", (int64_t)now, id);
}

int
store_sess_delete(struct db *db, int64_t id)
{
	return db_exec(db, &q[Q_DELETE], "i", id);
}

int
store_sess_delete_principal(struct db *db, enum sess_kind kind, int64_t principal)
{
	if ((unsigned)kind >= SESS__MAX)
		return -1;
	return db_exec(db, &q[Q_DELETE_PRINCIPAL], "ti", kinds[kind], principal);
}

int
store_sess_purge(struct db *db, time_t idle_before, time_t created_before)
{
	return (int)db_changes(db, &q[Q_PURGE], "ii", (int64_t)idle_before,
	    (int64_t)created_before);
}

int
store_sess_patient(struct db *db, int64_t id, int64_t patient)
{
	return db_exec(db, &q[Q_PATIENT], "ii", patient, id);
}
