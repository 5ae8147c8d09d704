/*
 * The PostgreSQL engine behind db.h (db_engine.h), for several web nodes
 * on one database (issue 10). One connection a process (libpq, any
 * connection string: a unix socket, TCP with sslmode=verify-full, several
 * hosts with target_session_attrs=read-write).
 *
 * Statements are the registry's, prepared on the server when the
 * connection opens (named s<slot>), their ? and ?N parameters numbered $N.
 * Parameters go as text (integers formatted here) or binary (blobs);
 * results come as text. A lost connection is found out by the request it
 * fails (503: the server rolled back whatever it had begun); the next
 * request reconnects (db_failure_clear) and prepares again on use.
 *
 * Write transactions are serialized across every node by one transaction
 * advisory lock, as SQLite's BEGIN IMMEDIATE serializes them on one
 * machine: every check-then-write of the store, and the audit chain's
 * head, mean the same on both engines. Reads take a snapshot
 * (REPEATABLE READ, READ ONLY) and never wait for the lock.
 */
#include <ctype.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "db.h"
#include "db_engine.h"
#include "db_pg.h"

#define PG_MAXPARAM	32
/* A value this large grows libpq's buffers for the connection's life. */
#define PG_LARGE	(256 * 1024)
#define PG_BYTEA	17	/* pg_type's oid of bytea */
/* The one lock that serializes writers: "portal" in ASCII. */
#define PG_WRITE_LOCK	"SELECT pg_advisory_xact_lock(112111114116)"
/* As SQLite's busy timeout (db_sqlite.c): a lock not had within 2 s is a
 * 503. A connection left in a transaction by a stuck process frees the
 * writers' lock after a minute. */
#define PG_SESSION \
	"SET lock_timeout = '2s';" \
	"SET jit = off;"	/* a page's statements are short */ \
	"SET idle_in_transaction_session_timeout = '60s';" \
	"SET client_min_messages = warning;"

struct pg {
	struct db	 db;
	PGconn		*c;
	char		*conninfo;
	unsigned	 gen;		/* connections made: statements are
					 * prepared on one */
	int		 txn;		/* 0 none, 1 read, 2 write */
	int		 failed;	/* 0, PG_BUG or PG_DOWN since
					 * db_failure_clear */
	int		 requests;	/* db_failure_clear is called per
					 * request: fail fast within one */
	int		 readonly;	/* the server refused a write as a
					 * standby: connect again */
	int		 ended;		/* the server said it ends the
					 * connection (pg_notice) */
	int		 large;		/* a value over PG_LARGE went or came
					 * on this connection (pg_release) */
	long		 changes;
	char		 err[256];
};

#define PG_BUG	1
#define PG_DOWN	2

struct pgst {
	char		 name[16];
	char		*sql;		/* with $N parameters */
	int		 nparam;
	unsigned	 gen;		/* the connection it is prepared on */
	PGresult	*res;
	int		 row;		/* the current row, -1 before */
	const char	*val[PG_MAXPARAM];
	int		 len[PG_MAXPARAM];
	int		 fmt[PG_MAXPARAM];
	char		 num[PG_MAXPARAM][24];
	unsigned char	*blob;		/* a decoded bytea, until reset */
};

#define PG(d)	((struct pg *)(d))
#define PS(s)	((struct pgst *)(s)->h)

/*
 * The SQLSTATE classes that say the database cannot answer now (the page
 * is a 503 with Retry-After): a lost or refused connection, the server
 * out of disk or memory or shutting down, a lock not had in time, a
 * statement cancelled, a standby that does not take writes, a conflict
 * to try again. Anything else is a bug (500).
 */
static const char *const pg_down[] = {
	"08",		/* connection exception */
	"53",		/* insufficient resources: disk full, memory */
	"57P",		/* admin or crash shutdown, cannot connect now */
	"57014",	/* query cancelled (a timeout) */
	"55P03",	/* lock not available (lock_timeout) */
	"40001",	/* serialization failure */
	"40P01",	/* deadlock detected */
	"25006",	/* read-only transaction: a standby */
	"58",		/* system error: I/O */
};

static int
state_down(const char *state)
{
	size_t	 i;

	if (state == NULL)
		return 1;	/* no answer at all: the connection */
	for (i = 0; i < sizeof(pg_down) / sizeof(pg_down[0]); i++)
		if (strncmp(state, pg_down[i], strlen(pg_down[i])) == 0)
			return 1;
	return 0;
}

/*
 * Remembers a failure (res may be NULL: no answer). The log line names
 * the SQLSTATE and, for a broken constraint or bad data, only the
 * table, column and constraint: PostgreSQL's own message would quote the
 * values (an address, a name), which a log must not hold.
 */
static void
failed(struct pg *d, const PGresult *res, const char *what)
{
	const char	*state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char	*msg = res ? PQresultErrorField(res,
			    PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char	*tab, *col, *con;

	d->failed = state_down(state) || PQstatus(d->c) != CONNECTION_OK ?
	    PG_DOWN : PG_BUG;
	/* A write refused as read-only: inside db_read's READ ONLY
	 * snapshot it is the caller's bug; else the server is (or became,
	 * fenced with default_transaction_read_only) a standby, and the
	 * connection string's target_session_attrs=read-write finds the
	 * primary only on a new connection. */
	if (state != NULL && strcmp(state, "25006") == 0) {
		if (d->txn == 1)
			d->failed = PG_BUG;
		else
			d->readonly = 1;
	}
	if (state != NULL && (strncmp(state, "22", 2) == 0 ||
	    strncmp(state, "23", 2) == 0)) {
		tab = PQresultErrorField(res, PG_DIAG_TABLE_NAME);
		col = PQresultErrorField(res, PG_DIAG_COLUMN_NAME);
		con = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
		snprintf(d->err, sizeof(d->err), "SQLSTATE %s%s%s%s%s%s%s",
		    state, tab ? " table " : "", tab ? tab : "",
		    col ? " column " : "", col ? col : "",
		    con ? " constraint " : "", con ? con : "");
	} else if (state != NULL)
		snprintf(d->err, sizeof(d->err), "SQLSTATE %s: %s", state,
		    msg ? msg : "error");
	else
		snprintf(d->err, sizeof(d->err), "%s",
		    PQstatus(d->c) != CONNECTION_OK ? "connection lost" :
		    "no answer from the server");
	d->err[strcspn(d->err, "\n")] = '\0';
	if (what != NULL)
		fprintf(stderr, "db: %s: %s\n", what, d->err);
}

/* Runs sql (no parameters, no rows wanted); 0 or -1. A script of
 * comments only (a migration still empty) is no statement, and fine. */
static int
pg_run(struct pg *d, const char *sql)
{
	PGresult	*res;
	int		 rc = 0;

	if ((res = PQexec(d->c, sql)) == NULL ||
	    (PQresultStatus(res) != PGRES_COMMAND_OK &&
	    PQresultStatus(res) != PGRES_TUPLES_OK &&
	    PQresultStatus(res) != PGRES_EMPTY_QUERY)) {
		failed(d, res, NULL);
		rc = -1;
	}
	PQclear(res);
	return rc;
}

/* A connection's settings, after every connect. 0 or -1. */
static int
session(struct pg *d)
{
	d->gen++;
	d->txn = 0;
	d->readonly = 0;
	return pg_run(d, PG_SESSION);
}

/*
 * What the server says outside a statement's answer, read while the
 * connection is idle: a FATAL message (SQLSTATE 57P01, an administrator's
 * pg_terminate_backend or a fast shutdown) says it is ending the
 * connection, which is then made again before the next statement
 * (pg_check), even while the socket's end has not arrived yet. Logged
 * by severity and SQLSTATE only: a message's text may quote values.
 */
static void
pg_notice(void *arg, const PGresult *res)
{
	struct pg	*d = arg;
	const char	*sev, *state;

	sev = PQresultErrorField(res, PG_DIAG_SEVERITY_NONLOCALIZED);
	state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	if (sev != NULL && (strcmp(sev, "FATAL") == 0 ||
	    strcmp(sev, "PANIC") == 0))
		d->ended = 1;
	fprintf(stderr, "db: the server says %s (SQLSTATE %s)%s\n",
	    sev ? sev : "?", state ? state : "?",
	    d->ended ? ": it ends the connection" : "");
}

/* Connects (again): the URI's own connect_timeout wins over ours. */
static int
pg_connect(struct pg *d)
{
	/*
	 * Before dbname, so the URI's own settings win. A host that vanishes
	 * without closing its connections (a cut cable, a dead VM) is found
	 * out within about 30 s by TCP keepalives and tcp_user_timeout, not
	 * the kernel's 15 minutes of retries that would hold every worker.
	 * (A unix socket ignores them.)
	 */
	static const char *const keys[] = { "connect_timeout",
	    "keepalives_idle", "keepalives_interval", "keepalives_count",
	    "tcp_user_timeout", "fallback_application_name", "dbname", NULL };
	const char	*vals[] = { "5", "30", "10", "3", "30000", "portal",
	    d->conninfo, NULL };

	if (d->c != NULL)
		PQfinish(d->c);
	d->c = PQconnectdbParams(keys, vals, 1);
	d->ended = 0;
	if (d->c != NULL)
		PQsetNoticeReceiver(d->c, pg_notice, d);
	if (d->c == NULL || PQstatus(d->c) != CONNECTION_OK) {
		d->failed = PG_DOWN;
		snprintf(d->err, sizeof(d->err), "%s",
		    d->c ? PQerrorMessage(d->c) : "out of memory");
		d->err[strcspn(d->err, "\n")] = '\0';
		return -1;
	}
	return session(d);
}

/* Copies the quoted text at p (a '...' literal or a "..." name, to its
 * closing quote) to *o as it is; returns what follows it. Both
 * translations below leave quoted text alone. */
static const char *
copy_quoted(const char *p, char **o)
{
	char	 q = *p;

	*(*o)++ = *p++;
	while (*p != '\0' && *p != q)
		*(*o)++ = *p++;
	if (*p != '\0')
		*(*o)++ = *p++;
	return p;
}

/*
 * A statement's text for PostgreSQL: its pg member, or its text with
 * SQLite's ? and ?N parameters numbered $N (a bare ? takes one more than
 * the largest so far, as SQLite numbers it); quoted text is copied as it
 * is. *nparam is the largest number. NULL if out of memory or a number
 * is out of range.
 */
char *
db_pg_params(const char *sql, int *nparam)
{
	size_t	 n = strlen(sql);
	char	*out, *o;
	long	 k;
	int	 max = 0;

	if ((out = malloc(n * 2 + 1)) == NULL)
		return NULL;
	for (o = out; *sql != '\0';) {
		if (*sql == '\'' || *sql == '"') {
			sql = copy_quoted(sql, &o);
			continue;
		}
		if (*sql != '?') {
			*o++ = *sql++;
			continue;
		}
		sql++;
		if (isdigit((unsigned char)*sql)) {
			k = strtol(sql, (char **)&sql, 10);
			if (k < 1 || k > PG_MAXPARAM) {
				free(out);
				return NULL;
			}
		} else if ((k = max + 1) > PG_MAXPARAM) {
			free(out);
			return NULL;
		}
		if (k > max)
			max = (int)k;
		o += sprintf(o, "$%ld", k);
	}
	*o = '\0';
	*nparam = max;
	return out;
}

/* Prepares s on the current connection. 0, or -1 with the reason. */
static int
prepare(struct db_stmt *s, char *err, size_t errsz)
{
	struct pg	*d = PG(s->db);
	struct pgst	*p = PS(s);
	PGresult	*res;

	res = PQprepare(d->c, p->name, p->sql, p->nparam, NULL);
	if (res == NULL || PQresultStatus(res) != PGRES_COMMAND_OK) {
		failed(d, res, NULL);
		snprintf(err, errsz, "statement %s.%s does not compile: %s",
		    s->tab, s->q->name, d->err);
		PQclear(res);
		return -1;
	}
	PQclear(res);
	p->gen = d->gen;
	return 0;
}

static int
pg_compile(struct db_stmt *s, char *err, size_t errsz)
{
	struct pgst	*p;

	if ((p = calloc(1, sizeof(*p))) == NULL) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	if ((p->sql = db_pg_params(s->q->pg ? s->q->pg : s->q->text,
	    &p->nparam)) == NULL) {
		snprintf(err, errsz, "statement %s.%s: parameters", s->tab,
		    s->q->name);
		free(p);
		return -1;
	}
	snprintf(p->name, sizeof(p->name), "s%zu",
	    (size_t)(s - s->db->slots));
	p->row = -1;
	s->h = p;
	if (prepare(s, err, errsz) == -1) {
		free(p->sql);
		free(p);
		s->h = NULL;
		return -1;
	}
	return 0;
}

static void
pg_reset(struct db_stmt *s)
{
	struct pgst	*p = PS(s);

	PQclear(p->res);
	p->res = NULL;
	p->row = -1;
	PQfreemem(p->blob);
	p->blob = NULL;
}

static void
pg_drop(struct db_stmt *s)
{
	struct pgst	*p = PS(s);

	pg_reset(s);
	free(p->sql);
	free(p);
	s->h = NULL;
}

static void
pg_close(struct db *db)
{
	struct pg	*d = PG(db);

	PQfinish(d->c);
	free(d->conninfo);
	free(d);
}

static struct db *
pg_open(const char *conninfo, int flags, char *err, size_t errsz)
{
	struct pg		*d;
	PQconninfoOption	*opts;
	char			*perr = NULL;
	int			 schema = (flags & (DB_CREATE | DB_SCHEMA)) != 0;

	if ((d = calloc(1, sizeof(*d))) == NULL ||
	    (d->conninfo = strdup(conninfo)) == NULL) {
		free(d);
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	d->db.e = &db_pg_engine;
	/* libpq's word on a string it cannot read quotes the bad value,
	 * most often a password with a bare %: never shown, nor logged. */
	if ((opts = PQconninfoParse(conninfo, &perr)) == NULL) {
		PQfreemem(perr);
		snprintf(err, errsz, "PostgreSQL: the database setting is not "
		    "a connection URI libpq can read (a %% in a value is "
		    "written %%25)");
		goto err;
	}
	PQconninfoFree(opts);
	/* The error names the server, never the connection string (it may
	 * hold a password). A web worker whose server is down at start stays
	 * up and answers the portal's 503 until it connects (pg_check before
	 * each request), rather than dying and leaving the web server to
	 * answer 502; its statements then compile on use. */
	if (pg_connect(d) == -1) {
		if (flags & DB_WORKER) {
			fprintf(stderr, "db: PostgreSQL: %s; answering 503 until "
			    "it answers\n", d->err);
			d->failed = PG_DOWN;
			if (db_registry(&d->db, 0, err, errsz) == -1)
				goto err;
			return &d->db;
		}
		snprintf(err, errsz, "PostgreSQL: %s", d->err);
		goto err;
	}
	if (db_registry(&d->db, !schema, err, errsz) == -1)
		goto err;
	return &d->db;
err:
	db_close(&d->db);
	return NULL;
}

/* Before binding: the statement prepared on this connection, every
 * parameter unset. 0 or -1. */
static int
pg_bind_start(struct db_stmt *s)
{
	struct pg	*d = PG(s->db);
	struct pgst	*p = PS(s);
	char		 err[512];
	int		 i;

	/* Once the database could not answer, the rest of the request
	 * fails at once: its page is a 503 anyway. */
	if (d->requests && d->failed == PG_DOWN)
		return -1;
	if (p->gen != d->gen && prepare(s, err, sizeof(err)) == -1) {
		fprintf(stderr, "db: %s\n", err);
		return -1;
	}
	for (i = 0; i < p->nparam; i++) {
		p->val[i] = NULL;
		p->len[i] = 0;
		p->fmt[i] = 0;
	}
	return 0;
}

/* Binds v as parameter i (from 0). 0, or -1 past the last parameter. */
static int
pg_bind1(struct db_stmt *s, int i, const struct db_val *v)
{
	struct pgst	*p = PS(s);

	if (i >= p->nparam) {
		fprintf(stderr, "db: %s.%s: bind: more values than "
		    "parameters\n", s->tab, s->q->name);
		PG(s->db)->failed = PG_BUG;
		return -1;
	}
	switch (v->type) {
	case 'i':
		snprintf(p->num[i], sizeof(p->num[i]), "%lld",
		    (long long)v->i);
		p->val[i] = p->num[i];
		break;
	case 't':
		p->val[i] = v->t;
		if (v->t != NULL && strnlen(v->t, PG_LARGE) == PG_LARGE)
			PG(s->db)->large = 1;
		break;
	case 'b':
		if (v->len >= PG_LARGE)
			PG(s->db)->large = 1;
		p->len[i] = (int)v->len;
		p->val[i] = v->b != NULL ? v->b : "";
		p->fmt[i] = 1;
		break;
	default:
		abort();	/* a format letter we lack: a bug */
	}
	return 0;
}

static int
pg_bind(struct db_stmt *s, const char *fmt, va_list ap)
{
	struct db_val	 v;
	va_list		 aq;
	int		 i, rc = 0;

	if (pg_bind_start(s) == -1)
		return -1;
	va_copy(aq, ap);
	for (i = 0; *fmt != '\0' && rc == 0; fmt++, i++) {
		db_val_arg(&v, *fmt, &aq);
		rc = pg_bind1(s, i, &v);
	}
	va_end(aq);
	return rc;
}

static int
pg_bind_vals(struct db_stmt *s, const struct db_val *v, size_t n)
{
	size_t	 i;

	if (pg_bind_start(s) == -1)
		return -1;
	for (i = 0; i < n; i++)
		if (pg_bind1(s, (int)i, &v[i]) == -1)
			return -1;
	return 0;
}

static int
pg_step(struct db_stmt *s)
{
	struct pg	*d = PG(s->db);
	struct pgst	*p = PS(s);
	ExecStatusType	 st;
	char		 what[128];

	if (p->res == NULL) {
		if (d->requests && d->failed == PG_DOWN)
			return -1;
		p->res = PQexecPrepared(d->c, p->name, p->nparam, p->val,
		    p->len, p->fmt, 0);
		st = p->res ? PQresultStatus(p->res) : PGRES_FATAL_ERROR;
		if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
			snprintf(what, sizeof(what), "%s.%s", s->tab, s->q->name);
			failed(d, p->res, what);
			PQclear(p->res);
			p->res = NULL;
			return -1;
		}
		d->changes = strtol(PQcmdTuples(p->res), NULL, 10);
	}
	PQfreemem(p->blob);
	p->blob = NULL;
	return ++p->row < PQntuples(p->res) ? DB_ROW : DB_DONE;
}

static int64_t
pg_col_int(struct db_stmt *s, int i)
{
	struct pgst	*p = PS(s);
	const char	*v;

	if (PQgetisnull(p->res, p->row, i))
		return 0;
	v = PQgetvalue(p->res, p->row, i);
	if (*v == 't' || *v == 'f')	/* a boolean expression */
		return *v == 't';
	return strtoll(v, NULL, 10);
}

static int
pg_col_null(struct db_stmt *s, int i)
{
	return PQgetisnull(PS(s)->res, PS(s)->row, i);
}

static const char *
pg_col_str(struct db_stmt *s, int i, size_t *len)
{
	struct pgst	*p = PS(s);

	*len = 0;
	if (PQgetisnull(p->res, p->row, i))
		return NULL;
	*len = (size_t)PQgetlength(p->res, p->row, i);
	if (*len >= PG_LARGE)
		PG(s->db)->large = 1;
	return PQgetvalue(p->res, p->row, i);
}

static const void *
pg_col_blob(struct db_stmt *s, int i, size_t *len)
{
	struct pgst	*p = PS(s);

	if (PQftype(p->res, i) != PG_BYTEA)
		return pg_col_str(s, i, len);
	*len = 0;
	if (PQgetisnull(p->res, p->row, i))
		return NULL;
	if ((size_t)PQgetlength(p->res, p->row, i) >= PG_LARGE)
		PG(s->db)->large = 1;
	PQfreemem(p->blob);
	p->blob = PQunescapeBytea((const unsigned char *)
	    PQgetvalue(p->res, p->row, i), len);
	return p->blob;
}

static long
pg_changes(struct db *db)
{
	return PG(db)->changes;
}

/*
 * 1 if the connection, idle outside a transaction, is lost. A server
 * that went away while this process waited has closed the socket, most
 * often after a last word (a FATAL "terminating connection", sent by a
 * backend whose postmaster died or that was told to stop): the socket
 * is readable while nothing was asked. Reading it until it is not
 * (libpq's socket never blocks) reaches the end of the stream, which
 * libpq takes as the connection lost, now rather than in the request.
 */
static int
pg_lost(struct pg *d)
{
	struct pollfd	 pfd;
	int		 i;

	for (i = 0; i < 8 && PQstatus(d->c) == CONNECTION_OK; i++) {
		pfd.fd = PQsocket(d->c);
		pfd.events = POLLIN;
		pfd.revents = 0;
		if (pfd.fd < 0 || poll(&pfd, 1, 0) != 1 ||
		    !PQconsumeInput(d->c))
			break;
	}
	return PQstatus(d->c) != CONNECTION_OK;
}

static int	pg_check(struct pg *);
static void	pg_rollback(struct db *);

static int
pg_begin(struct db *db, int write)
{
	struct pg	*d = PG(db);

	if (d->requests && d->failed == PG_DOWN)
		return -1;
	/* A BEGIN inside a transaction is only a warning to PostgreSQL:
	 * the inner COMMIT would end the outer transaction half-way, and a
	 * write inside a read's READ ONLY snapshot would fail as a standby's
	 * (a 503). Refused, a bug, as SQLite refuses it. */
	if (d->txn != 0) {
		d->failed = PG_BUG;
		snprintf(d->err, sizeof(d->err), "a transaction is already "
		    "open");
		fprintf(stderr, "db: begin: %s\n", d->err);
		return -1;
	}
	/* A process that never calls db_failure_clear (the audit writer,
	 * portalctl) has no next request to reconnect at: it checks its
	 * connection here, between transactions (pg_check). */
	if (!d->requests && pg_check(d) == -1)
		return -1;
	if (pg_run(d, write ? "BEGIN ISOLATION LEVEL READ COMMITTED" :
	    "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY") == -1)
		return -1;
	d->txn = write ? 2 : 1;
	/* Not had in time: no transaction, as after SQLite's failed BEGIN
	 * IMMEDIATE (the failure stays db_unavailable's). */
	if (write && pg_run(d, PG_WRITE_LOCK) == -1) {
		pg_rollback(db);
		return -1;
	}
	return 0;
}

/* COMMIT of a transaction the server has aborted answers "ROLLBACK":
 * that is a failure, never a success. */
static int
pg_commit(struct db *db)
{
	struct pg	*d = PG(db);
	PGresult	*res;
	int		 rc = -1;

	if (d->requests && d->failed == PG_DOWN)
		return -1;
	res = PQexec(d->c, "COMMIT");
	if (res != NULL && PQresultStatus(res) == PGRES_COMMAND_OK &&
	    strcmp(PQcmdStatus(res), "COMMIT") == 0) {
		d->txn = 0;
		rc = 0;
	} else if (res != NULL && PQresultStatus(res) == PGRES_COMMAND_OK) {
		d->txn = 0;
		d->failed = PG_BUG;
		snprintf(d->err, sizeof(d->err), "transaction was aborted");
	} else
		failed(d, res, NULL);
	PQclear(res);
	return rc;
}

static void
pg_rollback(struct db *db)
{
	struct pg	*d = PG(db);
	PGresult	*res;

	if (PQstatus(d->c) == CONNECTION_OK) {
		res = PQexec(d->c, "ROLLBACK");
		PQclear(res);
	}
	d->txn = 0;
}

static int
pg_in_transaction(struct db *db)
{
	return PG(db)->txn != 0;
}

static int
pg_in_write(struct db *db)
{
	return PG(db)->txn == 2;
}

static const char *
pg_errmsg(struct db *db)
{
	return PG(db)->err;
}

static int
pg_unavailable(const struct db *db)
{
	return ((const struct pg *)db)->failed == PG_DOWN;
}

/*
 * Between requests or transactions (none open): a connection lost since
 * (pg_lost reads what waits on the socket), ended by the server (a FATAL
 * notice, pg_notice), or on a server that refused a write as read-only
 * (a demoted primary) is made again; a standby promoted in the meantime
 * is found by the connection string's target_session_attrs. 0, or -1 if
 * that fails.
 */
static int
pg_check(struct pg *d)
{
	if (d->txn != 0)
		return 0;
	if ((pg_lost(d) || d->ended || d->readonly) && pg_connect(d) == -1) {
		fprintf(stderr, "db: reconnect: %s\n", d->err);
		return -1;
	}
	return 0;
}

/* Before each request: the connection checked (pg_check); if it cannot
 * be made again, the request fails at once. */
static void
pg_failure_clear(struct db *db)
{
	struct pg	*d = PG(db);

	d->requests = 1;
	d->failed = 0;
	(void)pg_check(d);
}

/*
 * An idle worker's memory (db_release, issue 9.6): libpq keeps its input
 * and output buffers at the largest message they held for as long as the
 * connection lives (a 1 MB attachment left a worker 0.9 MB larger). After
 * such a value, outside a transaction, the connection is closed; the next
 * request makes it again (pg_check) and prepares on use. Not otherwise:
 * a new backend every idle second would cost the server more.
 */
static void
pg_release(struct db *db)
{
	struct pg	*d = PG(db);

	if (!d->large || d->txn != 0)
		return;
	PQfinish(d->c);
	d->c = NULL;
	d->ended = 1;
	d->large = 0;
}

static int
pg_bulk(struct db *db, int on)
{
	/* Every commit stays durable; a bulk load is one transaction. */
	return pg_run(PG(db), on ? "SET synchronous_commit = off" :
	    "SET synchronous_commit = on");
}

/* SHOW name into out; 0 or -1. */
static int
show(struct pg *d, const char *name, char *out, size_t outsz)
{
	char		 sql[64];
	PGresult	*res;
	int		 rc = -1;

	snprintf(sql, sizeof(sql), "SHOW %s", name);
	res = PQexec(d->c, sql);
	if (res != NULL && PQresultStatus(res) == PGRES_TUPLES_OK &&
	    PQntuples(res) == 1) {
		snprintf(out, outsz, "%s", PQgetvalue(res, 0, 0));
		rc = 0;
	} else
		failed(d, res, NULL);
	PQclear(res);
	return rc;
}

static int
pg_durability(struct db *db, char *out, size_t outsz)
{
	struct pg	*d = PG(db);
	char		 ver[64], fsync[16], commit[32], standby[256];

	if (show(d, "server_version", ver, sizeof(ver)) == -1 ||
	    show(d, "fsync", fsync, sizeof(fsync)) == -1 ||
	    show(d, "synchronous_commit", commit, sizeof(commit)) == -1 ||
	    show(d, "synchronous_standby_names", standby, sizeof(standby)) == -1)
		return -1;
	snprintf(out, outsz, "PostgreSQL %s, fsync=%s, synchronous_commit=%s, "
	    "synchronous_standby_names='%s': %s; %s", ver, fsync, commit,
	    standby, strcmp(fsync, "on") == 0 && strcmp(commit, "off") != 0 &&
	    strcmp(commit, "local") != 0 ? "every commit is in the server's "
	    "write-ahead log on disk before it returns" : "a server crash may "
	    "lose the last commits", standby[0] != '\0' && strcmp(commit, "on")
	    == 0 ? "a synchronous standby has it too" : "no synchronous "
	    "standby: a failover may lose the last commits");
	return 0;
}

/* One integer from sql (no parameters); 0 or -1. NULL reads as 0. */
static int
pg_int(struct pg *d, const char *sql, long *out)
{
	PGresult	*res = PQexec(d->c, sql);
	int		 rc = -1;

	if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK ||
	    PQntuples(res) != 1)
		failed(d, res, NULL);
	else {
		*out = strtol(PQgetvalue(res, 0, 0), NULL, 10);
		rc = 0;
	}
	PQclear(res);
	return rc;
}

/* The schema version: portal_schema's row; 0 before the first
 * migration made the table. */
static int
pg_version(struct db *db)
{
	struct pg	*d = PG(db);
	long		 has, v = 0;

	if (pg_int(d, "SELECT count(*) FROM pg_catalog.pg_tables WHERE "
	    "schemaname = current_schema() AND tablename = 'portal_schema'",
	    &has) == -1 || (has && pg_int(d, "SELECT coalesce(max(version), "
	    "0) FROM portal_schema", &v) == -1))
		return -1;
	return v < 0 || v > 999 ? -1 : (int)v;
}

/* The words of SQLite's schema that PostgreSQL spells otherwise. */
static const struct {
	const char	*from;
	const char	*to;
} pg_words[] = {
	{ "INTEGER PRIMARY KEY",
	  "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY" },
	{ "INTEGER",	"BIGINT" },	/* SQLite's integers are 64 bits */
	{ "BLOB",	"BYTEA" },
};

/* Matches word (words apart by blanks) at p, case-insensitively, whole
 * words only; the length matched, or 0. */
static size_t
word_at(const char *start, const char *p, const char *word)
{
	const char	*w = word, *q = p;

	if (p > start && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))
		return 0;
	while (*w != '\0') {
		if (*w == ' ') {
			if (!isspace((unsigned char)*q))
				return 0;
			while (isspace((unsigned char)*q))
				q++;
			w++;
		} else if (toupper((unsigned char)*q++) != *w++)
			return 0;
	}
	if (isalnum((unsigned char)*q) || *q == '_')
		return 0;
	return (size_t)(q - p);
}

/*
 * A migration's text for PostgreSQL (ARCHITECTURE.md, "Two engines"):
 * pg_words outside quotes and comments. COLLATE NOCASE stays: "nocase"
 * is PostgreSQL's collation of that name, made by the first migration.
 */
char *
db_pg_schema(const char *sql)
{
	size_t		 n = strlen(sql), i, m;
	char		*out, *o;
	const char	*p = sql;

	if ((out = malloc(n * 6 + 1)) == NULL)
		return NULL;
	for (o = out; *p != '\0';) {
		if (*p == '\'' || *p == '"') {
			p = copy_quoted(p, &o);
			continue;
		}
		if (p[0] == '-' && p[1] == '-') {
			while (*p != '\0' && *p != '\n')
				*o++ = *p++;
			continue;
		}
		for (i = 0; i < sizeof(pg_words) / sizeof(pg_words[0]); i++)
			if ((m = word_at(sql, p, pg_words[i].from)) > 0)
				break;
		if (i < sizeof(pg_words) / sizeof(pg_words[0])) {
			o += sprintf(o, "%s", pg_words[i].to);
			p += m;
		} else
			*o++ = *p++;
	}
	*o = '\0';
	return out;
}

/* Before the first migration: the version's table and the collation that
 * stands for SQLite's NOCASE (ICU, case-insensitive, accents kept). */
#define PG_BOOTSTRAP \
	"CREATE TABLE IF NOT EXISTS portal_schema (version BIGINT NOT NULL);" \
	"CREATE COLLATION IF NOT EXISTS nocase (provider = icu, " \
	"locale = 'und-u-ks-level2', deterministic = false);"

static int
pg_apply(struct db *db, const char *text, int num, char *err, size_t errsz)
{
	struct pg	*d = PG(db);
	char		*sql, ver[96];

	if ((sql = db_pg_schema(text)) == NULL) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	snprintf(ver, sizeof(ver), "DELETE FROM portal_schema;"
	    "INSERT INTO portal_schema (version) VALUES (%d);", num);
	if (pg_run(d, PG_BOOTSTRAP) == -1 || pg_run(d, sql) == -1 ||
	    pg_run(d, ver) == -1) {
		snprintf(err, errsz, "%s", d->err);
		free(sql);
		return -1;
	}
	free(sql);
	return 0;
}

const struct db_engine db_pg_engine = {
	.name = "postgresql",
	.open = pg_open,
	.close = pg_close,
	.compile = pg_compile,
	.drop = pg_drop,
	.bind = pg_bind,
	.bind_vals = pg_bind_vals,
	.step = pg_step,
	.reset = pg_reset,
	.col_int = pg_col_int,
	.col_null = pg_col_null,
	.col_str = pg_col_str,
	.col_blob = pg_col_blob,
	.changes = pg_changes,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.in_transaction = pg_in_transaction,
	.in_write = pg_in_write,
	.errmsg = pg_errmsg,
	.unavailable = pg_unavailable,
	.failure_clear = pg_failure_clear,
	.release = pg_release,
	.bulk = pg_bulk,
	.durability = pg_durability,
	.version = pg_version,
	.apply = pg_apply,
};
