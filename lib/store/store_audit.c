/*
 * The audit table. Triggers in the schema refuse UPDATE and DELETE.
 */
#include <string.h>

#include "arena.h"
#include "db.h"
#include "store_audit.h"

static const char sql_last[] = "SELECT hash FROM audit ORDER BY id DESC LIMIT 1";
static const char sql_head[] =
    "SELECT count(*), (SELECT hash FROM audit ORDER BY id DESC LIMIT 1) FROM audit";
static const char sql_marked[] =
    "SELECT 1 FROM audit WHERE action = '" STORE_AUDIT_MARKER "' LIMIT 1";
static const char sql_append[] =
    "INSERT INTO audit (at, actor, action, patient_id, addr, detail, prev, hash) "
    "VALUES (?, ?, ?, NULLIF(?, 0), ?, ?, ?, ?)";
static const char sql_each[] =
    "SELECT id, at, actor, action, COALESCE(patient_id, 0), addr, detail, prev, "
    "hash FROM audit ORDER BY id";

int
store_audit_last(struct db *db, char out[65])
{
	sqlite3_stmt	*st = db_stmt(db, sql_last);
	const char	*h;
	int		 rc = sqlite3_step(st);

	memset(out, '0', 64);
	out[64] = '\0';
	if (rc == SQLITE_ROW && (h = (const char *)sqlite3_column_text(st, 0)) != NULL &&
	    strlen(h) == 64)
		memcpy(out, h, 64);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int
store_audit_head(struct db *db, int64_t *count, char head[65])
{
	sqlite3_stmt	*st = db_stmt(db, sql_head);
	const char	*h;
	int		 rc = sqlite3_step(st);

	memset(head, '0', 64);
	head[64] = '\0';
	*count = 0;
	if (rc == SQLITE_ROW) {
		*count = sqlite3_column_int64(st, 0);
		if ((h = (const char *)sqlite3_column_text(st, 1)) != NULL &&
		    strlen(h) == 64)
			memcpy(head, h, 64);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

int
store_audit_marked(struct db *db)
{
	sqlite3_stmt	*st = db_stmt(db, sql_marked);
	int		 rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int
store_audit_append(struct db *db, const struct audit_row *r)
{
	return db_exec(db, sql_append, "ittitttt", r->at, r->actor, r->action,
	    r->patient_id, r->addr, r->detail, r->prev, r->hash);
}

int
store_audit_each(struct db *db, struct arena *a,
    int (*fn)(const struct audit_row *, void *), void *arg)
{
	sqlite3_stmt		*st = db_stmt(db, sql_each);
	struct audit_row	 r;
	int			 rc, stop = 0;

	for (rc = sqlite3_step(st); rc == SQLITE_ROW && stop == 0; rc = sqlite3_step(st)) {
		r.id = sqlite3_column_int64(st, 0);
		r.at = sqlite3_column_int64(st, 1);
		r.actor = db_text(a, st, 2);
		r.action = db_text(a, st, 3);
		r.patient_id = sqlite3_column_int64(st, 4);
		r.addr = db_text(a, st, 5);
		r.detail = db_text(a, st, 6);
		r.prev = db_text(a, st, 7);
		r.hash = db_text(a, st, 8);
		stop = fn(&r, arg);
	}
	sqlite3_reset(st);
	if (stop != 0)
		return stop;
	return rc == SQLITE_DONE ? 0 : -1;
}
