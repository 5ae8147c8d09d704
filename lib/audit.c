/*
 * Hash-chained audit rows. hash = SHA-256 over the previous hash and
 * every field, each length-prefixed so no two rows hash alike.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "audit.h"
#include "crypto.h"
#include "db.h"
#include "http.h"
#include "store_audit.h"

static void
field(struct buf *b, const char *s)
{
	if (s == NULL)
		s = "";
	buf_printf(b, "%zu:%s|", strlen(s), s);
}

static void
row_hash(struct arena *a, const struct audit_row *r, char out[65])
{
	struct buf	 b;
	unsigned char	 h[32];

	buf_init(&b, a);
	field(&b, r->prev);
	buf_printf(&b, "%" PRId64 "|%" PRId64 "|", r->at, r->patient_id);
	field(&b, r->actor);
	field(&b, r->action);
	field(&b, r->addr);
	field(&b, r->detail);
	crypto_sha256(b.b_data, b.b_len, h);
	crypto_hex(h, sizeof(h), out);
}

int
audit_write(struct db *db, time_t at, const char *actor, const char *action,
    int64_t patient, const char *addr, const char *detail)
{
	struct audit_row	 r;
	struct arena		*a = arena_new();
	char			 prev[65], hash[65];
	int			 own = sqlite3_get_autocommit(db_handle(db)), rc = -1;

	if (own && db_begin(db) == -1)
		goto out;
	if (store_audit_last(db, prev) == -1)
		goto out;
	memset(&r, 0, sizeof(r));
	r.at = at;
	r.actor = actor;
	r.action = action;
	r.patient_id = patient;
	r.addr = addr;
	r.detail = detail;
	r.prev = prev;
	row_hash(a, &r, hash);
	r.hash = hash;
	if (store_audit_append(db, &r) == -1)
		goto out;
	rc = own ? db_commit(db) : 0;
out:
	if (rc == -1 && own)
		db_rollback(db);
	arena_free(a);
	return rc;
}

int
audit_req(struct ctx *c, const char *action, int64_t patient, const char *detail)
{
	const char	*actor = "anonymous";

	if (c->sess != NULL)
		actor = arena_printf(c->a, "%s:%" PRId64,
		    c->sess->s_kind == SESS_STAFF ? "staff" : "family",
		    c->sess->s_principal);
	return audit_write(c->p->db, c->now, actor, action, patient, c->addr, detail);
}

struct verify {
	struct arena	*a;
	char		 prev[65];
	int64_t		 count;
	int64_t		 bad;
};

static int
verify_row(const struct audit_row *r, void *arg)
{
	struct verify	*v = arg;
	char		 h[65];

	row_hash(v->a, r, h);
	if (strcmp(r->prev, v->prev) != 0 || strcmp(r->hash, h) != 0) {
		v->bad = r->id;
		return 1;
	}
	memcpy(v->prev, r->hash, sizeof(v->prev));
	v->count++;
	return 0;
}

int
audit_verify(struct db *db, struct arena *a, int64_t *count, int64_t *bad)
{
	struct verify	 v;
	int		 rc;

	memset(&v, 0, sizeof(v));
	v.a = a;
	memset(v.prev, '0', 64);
	rc = store_audit_each(db, a, verify_row, &v);
	*count = v.count;
	*bad = v.bad;
	if (rc == -1)
		return -1;
	return v.bad ? 1 : 0;
}
