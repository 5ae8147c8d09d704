/*
 * The keyed, hash-chained audit rows. A row's hash is an HMAC over the
 * previous hash and every field, each length-prefixed so no two rows
 * hash alike; rows from before the chain was keyed use plain SHA-256
 * over the same bytes and are sealed by the marker row that follows them.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "audit.h"
#include "audit_client.h"
#include "crypto.h"
#include "db.h"
#include "call.h"
#include "log.h"
#include "store_audit.h"

#define LABEL_CHAIN	"portal audit chain v1"
#define LABEL_CHECKPOINT "portal audit checkpoint v1"
#define GENESIS		"0000000000000000000000000000000000000000000000000000000000000000"

static unsigned char	 chain_key[32];
static unsigned char	 cp_key[32];
static int		 have_key;
/* The database whose keyed chain was seen, so the check costs one query
 * a process. */
static const struct db	*started_db;

void
audit_key_set(const unsigned char ikm[32])
{
	crypto_hkdf_expand(ikm, LABEL_CHAIN, chain_key);
	crypto_hkdf_expand(ikm, LABEL_CHECKPOINT, cp_key);
	have_key = 1;
}

void
audit_key_clear(void)
{
	explicit_bzero(chain_key, sizeof(chain_key));
	explicit_bzero(cp_key, sizeof(cp_key));
	have_key = 0;
	started_db = NULL;
}

const unsigned char *
audit_checkpoint_key(void)
{
	return have_key ? cp_key : NULL;
}

static void
field(struct buf *b, const char *s)
{
	if (s == NULL)
		s = "";
	buf_printf(b, "%zu:%s|", strlen(s), s);
}

/* keyed: HMAC under the chain key; else the old SHA-256. */
static void
row_hash(struct arena *a, const struct audit_row *r, int keyed, char out[65])
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
	if (keyed)
		crypto_hmac_sha256(chain_key, sizeof(chain_key), b.b_data,
		    b.b_len, h);
	else
		crypto_sha256(b.b_data, b.b_len, h);
	crypto_hex(h, sizeof(h), out);
}

static const char *
marker_detail(struct arena *a, int64_t legacy)
{
	return arena_printf(a, "keyed chain starts after %" PRId64 " unkeyed rows",
	    legacy);
}

/* Appends keyed rows after the current last one, read once. */
int
audit_append(struct db *db, struct arena *a, const struct audit_row *rows,
    size_t n)
{
	struct audit_row	 r;
	char			 head[2][65];
	size_t			 i;

	if (store_audit_last(db, head[0]) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		r = rows[i];
		r.prev = head[i % 2];
		row_hash(a, &r, 1, head[(i + 1) % 2]);
		r.hash = head[(i + 1) % 2];
		if (store_audit_append(db, &r) == -1)
			return -1;
	}
	return 0;
}

static int
append(struct db *db, struct arena *a, const struct audit_row *in)
{
	return audit_append(db, a, in, 1);
}

/* The caller's transaction ended: its rows were durable or are gone. */
static void
pending_end(void *arg, int committed)
{
	struct call_audit	*ca = arg;

	if (committed)
		ca->ca_acked += ca->ca_pending;
	else
		ca->ca_failed += ca->ca_pending;
	ca->ca_pending = 0;
}

/* Appends rows[0..n) here: in the caller's transaction (own 0) or in
 * one of their own. 0 or -1. */
static int
write_inline(struct db *db, const struct audit_row *rows, size_t n, int own)
{
	struct arena	*a = arena_new();
	int		 rc = -1;

	if ((!own || db_begin(db) == 0) && audit_append(db, a, rows, n) == 0)
		rc = own ? db_commit(db) : 0;
	if (rc == -1 && own)
		db_rollback(db);
	arena_free(a);
	return rc;
}

/* Rows in the caller's transaction, else through the writer, else in a
 * transaction of their own; counted in ca if not NULL. 0 or -1. */
static int
write_rows(struct db *db, const struct audit_row *rows, size_t n,
    struct call_audit *ca)
{
	int	 rc = -1;

	if (!have_key)
		log_msg("audit: no installation key loaded; row not written");
	else if (started_db != db && audit_started(db) != 1)
		log_msg("audit: the log has no keyed chain: run "
		    "portalctl migrate; row not written");
	else if (db_in_write(db)) {
		/* Durable when the caller's transaction commits: counted then.
		 * (Inside a read (db_read) the rows go to the writer: a read
		 * transaction cannot write them, nor say when they are durable.) */
		if ((rc = write_inline(db, rows, n, 0)) == 0 && ca != NULL) {
			ca->ca_pending += (unsigned)n;
			db_on_end(db, pending_end, ca);
			return 0;
		}
	} else {
		/* The request's read is not held over the wait: a reader
		 * holding its snapshot while the writer commits keeps the
		 * WAL from being started over, it grows, and every commit
		 * tries a checkpoint again (the thread page lost a fifth). */
		db_request_read(db, 0);
		if ((rc = audit_client_send(rows, n)) ==
		    AUDIT_CLIENT_UNREACHABLE)
			rc = write_inline(db, rows, n, 1);
	}
	if (ca != NULL) {
		if (rc == 0)
			ca->ca_acked += (unsigned)n;
		else
			ca->ca_failed += (unsigned)n;
	}
	return rc == 0 ? 0 : -1;
}

int
audit_write(struct db *db, time_t at, const char *actor, const char *action,
    int64_t patient, const char *addr, const char *detail)
{
	struct audit_row	 r;

	memset(&r, 0, sizeof(r));
	r.at = at;
	r.actor = actor;
	r.action = action;
	r.patient_id = patient;
	r.addr = addr;
	r.detail = detail;
	return write_rows(db, &r, 1, NULL);
}

static void
call_row(const struct call *cl, struct audit_row *r, const char *action,
    int64_t patient, const char *detail)
{
	memset(r, 0, sizeof(*r));
	r->at = cl->now;
	r->actor = actor_name(cl->a, &cl->who);
	r->action = action;
	r->patient_id = patient;
	r->addr = actor_addr(cl->a, &cl->who);
	r->detail = detail;
}

int
audit_call(const struct call *cl, const char *action, int64_t patient,
    const char *detail)
{
	struct audit_row	 r;

	call_row(cl, &r, action, patient, detail);
	return write_rows(cl->p->db, &r, 1, cl->audit);
}

struct audit_group {
	const struct call	*g_call;
	struct audit_row	*g_rows;
	size_t			 g_n, g_cap;
};

struct audit_group *
audit_group_new(const struct call *cl)
{
	struct audit_group	*g = arena_alloc(cl->a, sizeof(*g));

	memset(g, 0, sizeof(*g));
	g->g_call = cl;
	return g;
}

void
audit_group_add(struct audit_group *g, const char *action, int64_t patient,
    const char *detail)
{
	struct audit_row	*r;

	r = arena_push(g->g_call->a, (void **)&g->g_rows, &g->g_n, &g->g_cap,
	    sizeof(*r));
	call_row(g->g_call, r, action, patient, detail);
}

void
audit_group_once(struct audit_group *g, const char *action, int64_t patient,
    const char *detail)
{
	size_t	 i;

	for (i = 0; i < g->g_n; i++)
		if (g->g_rows[i].patient_id == patient &&
		    strcmp(g->g_rows[i].action, action) == 0)
			return;
	audit_group_add(g, action, patient, detail);
}

int
audit_group_write(struct audit_group *g)
{
	if (g->g_n == 0)
		return 0;
	return write_rows(g->g_call->p->db, g->g_rows, g->g_n,
	    g->g_call->audit);
}

int
audit_started(struct db *db)
{
	int	 rc = store_audit_marked(db);

	if (rc == 1)
		started_db = db;
	return rc;
}

static int
cp_cmp(const void *pa, const void *pb)
{
	const struct audit_checkpoint *const *a = pa, *const *b = pb;

	return (*a)->count < (*b)->count ? -1 : (*a)->count > (*b)->count;
}

struct verify {
	struct arena			 *a;	/* reset after each row */
	struct audit_report		 *out;
	const struct audit_checkpoint	**cps;	/* sorted by count */
	const struct audit_checkpoint	 *base;
	size_t				  ncps, next;
	int				  keyed;
	int				  legacy_only; /* audit_start's check */
};

/* Checkpoints at the current count must name the current head. */
static int
verify_cps(struct verify *v)
{
	for (; v->next < v->ncps && v->cps[v->next]->count <= v->out->count;
	    v->next++)
		if (v->cps[v->next]->count == v->out->count &&
		    strcmp(v->cps[v->next]->head, v->out->head) != 0) {
			v->out->fault = AUDIT_DIVERGED;
			v->out->cp = (size_t)(v->cps[v->next] - v->base);
			return 1;
		}
	return 0;
}

static int
verify_row(const struct audit_row *r, void *arg)
{
	struct verify	*v = arg;
	char		 h[65];
	int		 marker;

	if (r->prev == NULL || r->hash == NULL || r->action == NULL) {
		v->out->fault = AUDIT_ROW;
		v->out->bad = r->id;
		return 1;
	}
	marker = !v->keyed && strcmp(r->action, STORE_AUDIT_MARKER) == 0;
	if (marker && v->legacy_only)
		return 2;
	row_hash(v->a, r, v->keyed || marker, h);
	if (strcmp(r->prev, v->out->head) != 0 || strcmp(r->hash, h) != 0 ||
	    (marker && strcmp(r->detail ? r->detail : "",
	    marker_detail(v->a, v->out->count)) != 0)) {
		v->out->fault = AUDIT_ROW;
		v->out->bad = r->id;
		arena_reset(v->a);
		return 1;
	}
	arena_reset(v->a);
	if (marker) {
		v->keyed = 1;
		v->out->legacy = v->out->count;
	}
	memcpy(v->out->head, r->hash, sizeof(v->out->head));
	v->out->count++;
	return verify_cps(v);
}

/* The walk shared by audit_verify and audit_start (legacy_only: stop at
 * a marker, check unkeyed rows only). 0, 1 (fault), 2 (marker, if
 * legacy_only), -1. */
static int
walk(struct db *db, const struct audit_checkpoint *cps, size_t ncps,
    int legacy_only, struct audit_report *out)
{
	struct verify	 v;
	size_t		 i;
	int		 rc;

	memset(out, 0, sizeof(*out));
	memcpy(out->head, GENESIS, sizeof(out->head));
	memset(&v, 0, sizeof(v));
	v.out = out;
	v.base = cps;
	v.ncps = ncps;
	v.legacy_only = legacy_only;
	if ((v.cps = calloc(ncps ? ncps : 1, sizeof(*v.cps))) == NULL)
		return -1;
	for (i = 0; i < ncps; i++)
		v.cps[i] = &cps[i];
	qsort(v.cps, ncps, sizeof(*v.cps), cp_cmp);
	v.a = arena_new();
	if ((rc = verify_cps(&v)) == 0)
		rc = store_audit_each(db, v.a, verify_row, &v);
	arena_free(v.a);
	if (rc == 0 && v.next < ncps) {
		out->fault = AUDIT_TRUNCATED;
		out->cp = (size_t)(v.cps[v.next] - cps);
		rc = 1;
	} else if (rc == 0 && !v.keyed && !legacy_only) {
		out->fault = AUDIT_UNKEYED;
		rc = 1;
	}
	free(v.cps);
	return rc;
}

int
audit_verify(struct db *db, const struct audit_checkpoint *cps, size_t ncps,
    struct audit_report *out)
{
	if (!have_key) {
		memset(out, 0, sizeof(*out));
		log_msg("audit: no installation key loaded; cannot verify");
		return -1;
	}
	return walk(db, cps, ncps, 0, out);
}

int
audit_start(struct db *db, time_t now, char *err, size_t errsz)
{
	struct audit_report	 rep;
	struct audit_row	 r;
	struct arena		*a;
	int			 rc;

	if (!have_key) {
		snprintf(err, errsz, "no installation key loaded");
		return -1;
	}
	if (db_begin(db) == -1) {
		snprintf(err, errsz, "database busy or failing");
		return -1;
	}
	if ((rc = walk(db, NULL, 0, 1, &rep)) == 2) {
		db_rollback(db);
		return 0;
	}
	if (rc == 1) {
		snprintf(err, errsz, "audit log broken at row %" PRId64 " (after %"
		    PRId64 " good rows): not sealed into the keyed chain; "
		    "investigate first", rep.bad, rep.count);
		db_rollback(db);
		return -1;
	}
	a = arena_new();
	memset(&r, 0, sizeof(r));
	r.at = now;
	r.actor = "portalctl";
	r.action = STORE_AUDIT_MARKER;
	r.detail = marker_detail(a, rep.count);
	if (rc == -1 || append(db, a, &r) == -1 || db_commit(db) == -1) {
		snprintf(err, errsz, "database error");
		db_rollback(db);
		arena_free(a);
		return -1;
	}
	arena_free(a);
	return 1;
}
