/*
 * Practices, application documents, the provisioning queue and the
 * directory entry of an approved clinician (store_apply.h).
 */
#include <string.h>

#include "arena.h"
#include "db.h"
#include "store.h"
#include "store_apply.h"

enum {
	Q_PRACTICE_LISTED, Q_PRACTICE_GET, Q_PRACTICE_CREATE, Q_PRACTICE_LIST,
	Q_DOC_ADD, Q_DOC_FAX, Q_DOCS, Q_DOC_GET, Q_DOC_FAXED, Q_PENDING,
	Q_PENDING_TOTAL, Q_UNSET, Q_DECIDE, Q_DIR_BY_NPI, Q_DIR_CREATE, Q_DIR_FILL,
	Q__MAX
};

#define PRACTICE_COLS \
    "SELECT id, name, address, phone, fax, listed FROM practices "
#define DOC_COLS \
    "SELECT id, account_id, kind, name, mime, COALESCE(length(data), 0), " \
    "fax_received, fax_by, created "

static const struct db_sql q[Q__MAX] = {
	[Q_PRACTICE_LISTED] = { "practice_listed", PRACTICE_COLS
	    "WHERE listed = 1 ORDER BY name, id" },
	[Q_PRACTICE_GET] = { "practice_get", PRACTICE_COLS "WHERE id = ?" },
	[Q_PRACTICE_CREATE] = { "practice_create",
	    "INSERT INTO practices (name, address, phone, fax, listed) "
	    "VALUES (?, ?, ?, ?, 0) RETURNING id" },
	[Q_PRACTICE_LIST] = { "practice_list",
	    "UPDATE practices SET listed = 1 WHERE id = ?" },
	[Q_DOC_ADD] = { "doc_add",
	    "INSERT INTO provider_documents (account_id, kind, name, mime, data, "
	    "created) VALUES (?, ?, ?, ?, ?, ?) RETURNING id" },
	/* Two statements, not one with a NULL blob: PostgreSQL's engine
	 * binds a NULL blob as an empty one. */
	[Q_DOC_FAX] = { "doc_fax",
	    "INSERT INTO provider_documents (account_id, kind, created) "
	    "VALUES (?, ?, ?) RETURNING id" },
	[Q_DOCS] = { "docs", DOC_COLS "FROM provider_documents "
	    "WHERE account_id = ? ORDER BY CASE kind WHEN 'agreement' THEN 1 "
	    "WHEN 'identity' THEN 2 ELSE 3 END" },
	[Q_DOC_GET] = { "doc_get", DOC_COLS ", data FROM provider_documents "
	    "WHERE id = ?" },
	[Q_DOC_FAXED] = { "doc_faxed",
	    "UPDATE provider_documents SET fax_received = ?, fax_by = ? "
	    "WHERE id = ? AND data IS NULL AND fax_received IS NULL" },
	[Q_PENDING] = { "pending",
	    "SELECT id FROM provider_accounts WHERE status = 'pending' "
	    "AND kind = 'provider' ORDER BY created, id LIMIT ?" },
	[Q_PENDING_TOTAL] = { "pending_total",
	    "SELECT count(*) FROM provider_accounts WHERE status = 'pending' "
	    "AND kind = 'provider'" },
	[Q_UNSET] = { "unset",
	    "SELECT id FROM provider_accounts WHERE status = 'approved' "
	    "AND kind = 'provider' AND pw_hash IS NULL AND sso_user IS NULL "
	    "ORDER BY decided, id LIMIT ?" },
	[Q_DECIDE] = { "decide",
	    "UPDATE provider_accounts SET status = ?, reason = ?, "
	    "decided_by = ?, decided = ?, sponsor_granted = ?, sso_user = ?, "
	    "provider_id = NULLIF(CAST(? AS BIGINT), 0) "
	    "WHERE id = ? AND status = 'pending'" },
	[Q_DIR_BY_NPI] = { "dir_by_npi", "SELECT id FROM providers WHERE npi = ?" },
	[Q_DIR_CREATE] = { "dir_create",
	    "INSERT INTO providers (npi, given, family, family_key, credential, "
	    "practice_id, email, phone, source) VALUES (?1, ?2, ?3, lower(?3), "
	    "?4, NULLIF(CAST(?5 AS BIGINT), 0), ?6, ?7, 'account') RETURNING id" },
	[Q_DIR_FILL] = { "dir_fill",
	    "UPDATE providers SET credential = COALESCE(credential, ?), "
	    "practice_id = COALESCE(practice_id, NULLIF(CAST(? AS BIGINT), 0)), "
	    "email = COALESCE(email, ?), phone = COALESCE(phone, ?) "
	    "WHERE id = ?" },
};
const struct db_sqltab store_apply_sql = DB_SQLTAB("apply", q);

static void
practice_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct practice	*p = row;

	p->id = db_col_int(st, 0);
	p->name = db_col_text(a, st, 1);
	p->address = db_col_text(a, st, 2);
	p->phone = db_col_text(a, st, 3);
	p->fax = db_col_text(a, st, 4);
	p->listed = (int)db_col_int(st, 5);
}

int
store_practice_listed(struct db *db, struct arena *a, struct practice **out,
    size_t *n)
{
	return db_rows(db, a, &q[Q_PRACTICE_LISTED], practice_fill,
	    sizeof(**out), out, n, "");
}

int
store_practice_get(struct db *db, struct arena *a, int64_t id,
    struct practice *out)
{
	return db_row(db, a, &q[Q_PRACTICE_GET], practice_fill, out, "i", id);
}

int64_t
store_practice_create(struct db *db, const char *name, const char *address,
    const char *phone, const char *fax)
{
	return db_insert(db, &q[Q_PRACTICE_CREATE], "tttt", name, address, phone,
	    fax);
}

int
store_practice_list(struct db *db, int64_t id)
{
	return db_exec(db, &q[Q_PRACTICE_LIST], "i", id);
}

int64_t
store_apply_doc_add(struct db *db, int64_t account, const char *kind,
    const char *name, const char *mime, const void *data, size_t len,
    time_t now)
{
	if (data == NULL)
		return db_insert(db, &q[Q_DOC_FAX], "iti", account, kind,
		    (int64_t)now);
	return db_insert(db, &q[Q_DOC_ADD], "itttbi", account, kind, name, mime,
	    data, len, (int64_t)now);
}

static void
doc_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct apply_doc	*d = row;

	d->id = db_col_int(st, 0);
	d->account_id = db_col_int(st, 1);
	d->kind = db_col_text(a, st, 2);
	d->name = db_col_text(a, st, 3);
	d->mime = db_col_text(a, st, 4);
	d->size = db_col_int(st, 5);
	d->fax_received = db_col_int(st, 6);
	d->fax_by = db_col_int(st, 7);
	d->created = db_col_int(st, 8);
}

int
store_apply_docs(struct db *db, struct arena *a, int64_t account,
    struct apply_doc **out, size_t *n)
{
	return db_rows(db, a, &q[Q_DOCS], doc_fill, sizeof(**out), out, n, "i",
	    account);
}

int
store_apply_doc_get(struct db *db, struct arena *a, int64_t id,
    struct apply_doc *out, const unsigned char **data)
{
	struct db_stmt		*st;
	const void		*p;
	unsigned char		*copy;
	size_t			 len;
	int			 rc;

	*data = NULL;
	if ((st = db_stmt(db, &q[Q_DOC_GET])) == NULL)
		return -1;
	if ((rc = db_bindv(st, "i", id)) != DB_ROW) {
		db_reset(st);
		return rc == DB_DONE ? 0 : -1;
	}
	doc_fill(st, a, out);
	if ((p = db_col_blob(st, 9, &len)) != NULL && len > 0) {
		copy = arena_alloc(a, len);
		memcpy(copy, p, len);
		*data = copy;
		out->size = (int64_t)len;
	}
	db_reset(st);
	return 1;
}

int
store_apply_doc_faxed(struct db *db, int64_t id, int64_t by, time_t now)
{
	long	 n = db_changes(db, &q[Q_DOC_FAXED], "iii", (int64_t)now, by, id);

	return n < 0 ? -1 : n > 0;
}

static void
id_fill(struct db_stmt *st, struct arena *a, void *row)
{
	(void)a;
	*(int64_t *)row = db_col_int(st, 0);
}

int
store_apply_pending(struct db *db, struct arena *a, long limit, int64_t **ids,
    size_t *n)
{
	return db_rows(db, a, &q[Q_PENDING], id_fill, sizeof(**ids), ids, n, "i",
	    (int64_t)limit);
}

int
store_apply_unset(struct db *db, struct arena *a, long limit, int64_t **ids,
    size_t *n)
{
	return db_rows(db, a, &q[Q_UNSET], id_fill, sizeof(**ids), ids, n, "i",
	    (int64_t)limit);
}

long
store_apply_pending_total(struct db *db)
{
	int64_t	 n;

	return db_int(db, &q[Q_PENDING_TOTAL], &n, "") == -1 ? -1 : (long)n;
}

int
store_apply_decide(struct db *db, const struct apply_decision *d, time_t now)
{
	long	 n = db_changes(db, &q[Q_DECIDE], "ttiiitii", d->status, d->reason,
	    d->by, (int64_t)now, (int64_t)d->sponsor_granted, d->sso_user,
	    d->provider_id, d->account);

	return n < 0 ? -1 : n > 0;
}

int
store_directory_by_npi(struct db *db, const char *npi, int64_t *id)
{
	return db_int(db, &q[Q_DIR_BY_NPI], id, "t", npi);
}

int64_t
store_directory_create(struct db *db, const char *npi, const char *given,
    const char *family, const char *credential, int64_t practice,
    const char *email, const char *phone)
{
	return db_insert(db, &q[Q_DIR_CREATE], "ttttitt", npi, given, family,
	    credential, practice, email, phone);
}

int
store_directory_fill(struct db *db, int64_t id, const char *credential,
    int64_t practice, const char *email, const char *phone)
{
	return db_exec(db, &q[Q_DIR_FILL], "titti", credential, practice, email,
	    phone, id);
}
