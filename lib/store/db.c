/*
 * The engine-neutral half of db.h: the statement registry (every store
 * file's table, found again by its struct db_sql's address), the run
 * helpers every store file calls (db_exec, db_insert, db_rows, ...), the
 * transactions' end hook, and the migrations' files. What differs
 * between SQLite and PostgreSQL is a table of functions (db_engine.h),
 * chosen once by db_open from the database setting.
 */
#define _GNU_SOURCE	/* dladdr */

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "conf.h"
#include "db.h"
#include "db_engine.h"
#include "store.h"

/*
 * The PostgreSQL engine: linked in (the test and sanitizer builds), or
 * lib/libportal-pg.so beside this library, loaded on first use: libpq
 * and what it brings (Kerberos, LDAP, GnuTLS) cost a worker 3.8 MB
 * resident, which an SQLite installation never pays. NULL, with the
 * reason in err, if it cannot be loaded.
 */
extern const struct db_engine db_pg_engine __attribute__((weak));

static const struct db_engine *
pg_engine(char *err, size_t errsz)
{
	static const struct db_engine	*e;
	Dl_info				 self;
	char				 path[4096], *slash;
	void				*h;

	if (e != NULL)
		return e;
	if (&db_pg_engine != NULL)
		return e = &db_pg_engine;
	if (dladdr((void *)pg_engine, &self) == 0 || self.dli_fname == NULL ||
	    (slash = strrchr(self.dli_fname, '/')) == NULL) {
		snprintf(err, errsz, "PostgreSQL engine: cannot find libportal.so");
		return NULL;
	}
	snprintf(path, sizeof(path), "%.*s/libportal-pg.so",
	    (int)(slash - self.dli_fname), self.dli_fname);
	if ((h = dlopen(path, RTLD_NOW | RTLD_LOCAL)) == NULL ||
	    (e = dlsym(h, "db_pg_engine")) == NULL) {
		snprintf(err, errsz, "PostgreSQL engine: %s", dlerror());
		return NULL;
	}
	return e;
}

int
db_is_server(const char *database)
{
	return conf_db_server(database);
}

/* A libpq connection URI is PostgreSQL; anything else an SQLite file. */
struct db *
db_open(const char *database, int flags, char *err, size_t errsz)
{
	const struct db_engine	*e = &db_sqlite_engine;

	if (conf_db_server(database) && (e = pg_engine(err, errsz)) == NULL)
		return NULL;
	return e->open(database, flags, err, errsz);
}

void
db_close(struct db *db)
{
	size_t	 i;

	if (db == NULL)
		return;
	for (i = 0; i < DB_SLOTS; i++)
		if (db->slots[i].h != NULL)
			db->e->drop(&db->slots[i]);
	db->e->close(db);
}

const char *
db_engine(const struct db *db)
{
	return db->e->name;
}

static size_t
slot_hash(const struct db_sql *q)
{
	return ((uintptr_t)q / sizeof(*q)) & (DB_SLOTS - 1);
}

/* The slot of q, or the free one where it goes; NULL if the table is full
 * (or, with add 0, if q is not there). */
static struct db_stmt *
slot_find(struct db *db, const struct db_sql *q, int add)
{
	size_t	 h = slot_hash(q), i;

	for (i = 0; i < DB_SLOTS; i++, h = (h + 1) & (DB_SLOTS - 1)) {
		if (db->slots[h].q == q)
			return &db->slots[h];
		if (db->slots[h].q == NULL)
			return add ? &db->slots[h] : NULL;
	}
	return NULL;
}

/* Enters the table's statements; compiles them if compile. 0 or -1. */
static int
tab_add(struct db *db, const struct db_sqltab *t, int compile, char *err,
    size_t errsz)
{
	struct db_stmt	*s;
	size_t		 i;

	for (i = 0; i < t->n; i++) {
		if ((s = slot_find(db, &t->q[i], 1)) == NULL) {
			snprintf(err, errsz, "statement %s.%s: more than %d "
			    "statements", t->name, t->q[i].name, DB_SLOTS);
			return -1;
		}
		if (s->q == NULL) {
			s->q = &t->q[i];
			s->tab = t->name;
			s->db = db;
		}
		if (compile && s->h == NULL &&
		    db->e->compile(s, err, errsz) == -1)
			return -1;
	}
	return 0;
}

int
db_registry(struct db *db, int compile, char *err, size_t errsz)
{
	size_t	 i;

	for (i = 0; i < store_ntables; i++)
		if (tab_add(db, store_tables[i], compile, err, errsz) == -1)
			return -1;
	return 0;
}

int
db_prepare(struct db *db, const struct db_sqltab *t, char *err, size_t errsz)
{
	return tab_add(db, t, 1, err, errsz);
}

int64_t
db_runs(struct db *db)
{
	return db->runs;
}

struct db_stmt *
db_stmt(struct db *db, const struct db_sql *q)
{
	struct db_stmt	*s;
	char		 err[512];

	if ((s = slot_find(db, q, 0)) == NULL) {
		fprintf(stderr, "db: statement %s is in no prepared table "
		    "(lib/store/store.c lists them)\n", q->name);
		return NULL;
	}
	if (s->h == NULL && db->e->compile(s, err, sizeof(err)) == -1) {
		fprintf(stderr, "db: %s\n", err);
		return NULL;
	}
	db->e->reset(s);
	return s;
}

int
db_step(struct db_stmt *s)
{
	if (s == NULL)
		return -1;
	return s->db->e->step(s);
}

/* Binds and takes the first step. */
static int
run(struct db_stmt *s, const char *fmt, va_list ap)
{
	if (s == NULL || s->db->e->bind(s, fmt, ap) == -1)
		return -1;
	s->db->runs++;
	return db_step(s);
}

int
db_bindv(struct db_stmt *s, const char *fmt, ...)
{
	va_list	 ap;
	int	 rc;

	va_start(ap, fmt);
	rc = run(s, fmt, ap);
	va_end(ap);
	return rc;
}

void
db_val_arg(struct db_val *v, int type, va_list *ap)
{
	memset(v, 0, sizeof(*v));
	switch (v->type = (char)type) {
	case 'i':
		v->i = va_arg(*ap, int64_t);
		break;
	case 't':
		v->t = va_arg(*ap, const char *);
		break;
	case 'b':
		v->b = va_arg(*ap, const void *);
		v->len = va_arg(*ap, size_t);
		break;
	default:
		abort();	/* a format letter we lack: a bug */
	}
}

int
db_bind_vals(struct db_stmt *s, const struct db_val *v, size_t n)
{
	if (s == NULL || s->db->e->bind_vals(s, v, n) == -1)
		return -1;
	s->db->runs++;
	return db_step(s);
}

void
db_reset(struct db_stmt *s)
{
	if (s != NULL)
		s->db->e->reset(s);
}

int64_t
db_col_int(struct db_stmt *s, int i)
{
	return s->db->e->col_int(s, i);
}

int
db_col_null(struct db_stmt *s, int i)
{
	return s->db->e->col_null(s, i);
}

char *
db_col_text(struct arena *a, struct db_stmt *s, int i)
{
	size_t		 n;
	const char	*p = s->db->e->col_str(s, i, &n);

	return p == NULL ? NULL : arena_strndup(a, p, n);
}

const char *
db_col_str(struct db_stmt *s, int i)
{
	size_t	 n;

	return s->db->e->col_str(s, i, &n);
}

const void *
db_col_blob(struct db_stmt *s, int i, size_t *len)
{
	return s->db->e->col_blob(s, i, len);
}

/* Runs q to its end; DB_DONE (or DB_ROW for a statement with rows) or -1. */
static int
run_all(struct db *db, const struct db_sql *q, const char *fmt, va_list ap)
{
	struct db_stmt	*s = db_stmt(db, q);
	int		 rc = run(s, fmt, ap);

	db_reset(s);
	return rc;
}

int
db_exec(struct db *db, const struct db_sql *q, const char *fmt, ...)
{
	va_list	 ap;
	int	 rc;

	va_start(ap, fmt);
	rc = run_all(db, q, fmt, ap);
	va_end(ap);
	return rc == -1 ? -1 : 0;
}

long
db_changes(struct db *db, const struct db_sql *q, const char *fmt, ...)
{
	va_list	 ap;
	int	 rc;

	va_start(ap, fmt);
	rc = run_all(db, q, fmt, ap);
	va_end(ap);
	return rc == -1 ? -1 : db->e->changes(db);
}

/* After the first row: one more step, so a statement with RETURNING
 * finishes its change and reports an error at its end. 0 or -1. */
static int
finish(struct db_stmt *s)
{
	int	 rc = db_step(s);

	db_reset(s);
	return rc == -1 ? -1 : 0;
}

int64_t
db_insert(struct db *db, const struct db_sql *q, const char *fmt, ...)
{
	struct db_stmt	*s = db_stmt(db, q);
	va_list		 ap;
	int64_t		 id = 0;
	int		 rc;

	va_start(ap, fmt);
	rc = run(s, fmt, ap);
	va_end(ap);
	if (rc == DB_ROW) {
		id = db_col_int(s, 0);
		return finish(s) == -1 ? -1 : id;
	}
	db_reset(s);
	return rc == -1 ? -1 : 0;
}

int
db_int(struct db *db, const struct db_sql *q, int64_t *out, const char *fmt, ...)
{
	struct db_stmt	*s = db_stmt(db, q);
	va_list		 ap;
	int		 rc;

	*out = 0;
	va_start(ap, fmt);
	rc = run(s, fmt, ap);
	va_end(ap);
	if (rc == DB_ROW) {
		*out = db_col_int(s, 0);
		return finish(s) == -1 ? -1 : 1;
	}
	db_reset(s);
	return rc == -1 ? -1 : 0;
}

int
db_row(struct db *db, struct arena *a, const struct db_sql *q, db_fill *fill,
    void *out, const char *fmt, ...)
{
	struct db_stmt	*s = db_stmt(db, q);
	va_list		 ap;
	int		 rc;

	va_start(ap, fmt);
	rc = run(s, fmt, ap);
	va_end(ap);
	if (rc == DB_ROW) {
		fill(s, a, out);
		return finish(s) == -1 ? -1 : 1;
	}
	db_reset(s);
	return rc == -1 ? -1 : 0;
}

int
db_rows(struct db *db, struct arena *a, const struct db_sql *q, db_fill *fill,
    size_t size, void *outp, size_t *n, const char *fmt, ...)
{
	struct db_stmt	*s = db_stmt(db, q);
	void		**out = outp;
	size_t		  cap = 0;
	va_list		  ap;
	int		  rc;

	*out = NULL;
	*n = 0;
	va_start(ap, fmt);
	rc = run(s, fmt, ap);
	va_end(ap);
	for (; rc == DB_ROW; rc = db_step(s))
		fill(s, a, arena_push(a, out, n, &cap, size));
	db_reset(s);
	return rc == DB_DONE ? 0 : -1;
}

int
db_begin(struct db *db)
{
	db->end_fn = NULL;
	return db->e->begin(db, 1);
}

void
db_ended(struct db *db, int committed)
{
	void	(*fn)(void *, int) = db->end_fn;

	db->end_fn = NULL;
	if (fn != NULL)
		fn(db->end_arg, committed);
}

int
db_commit(struct db *db)
{
	if (db->e->commit(db) == 0) {
		db_ended(db, 1);
		return 0;
	}
	db_rollback(db);
	return -1;
}

void
db_rollback(struct db *db)
{
	if (db->e->in_transaction(db))
		db->e->rollback(db);
	db_ended(db, 0);
}

int
db_read(struct db *db)
{
	if (db->e->in_transaction(db))
		return 0;
	return db->e->begin(db, 0) == 0 ? 1 : -1;
}

void
db_read_end(struct db *db, int began)
{
	if (began != 1 || !db->e->in_transaction(db))
		return;
	if (db->e->commit(db) == -1)
		db_rollback(db);
	else
		db_ended(db, 1);
}

void
db_request_read(struct db *db, int on)
{
	if (db->e->request_read != NULL)
		db->e->request_read(db, on);
}

void
db_on_end(struct db *db, void (*fn)(void *, int), void *arg)
{
	db->end_fn = fn;
	db->end_arg = arg;
}

int
db_in_transaction(struct db *db)
{
	return db->e->in_transaction(db);
}

int
db_in_write(struct db *db)
{
	return db->e->in_write(db);
}

const char *
db_errmsg(struct db *db)
{
	return db->e->errmsg(db);
}

int
db_unavailable(const struct db *db)
{
	return db->e->unavailable(db);
}

void
db_failure_clear(struct db *db)
{
	db->e->failure_clear(db);
}

void
db_release(struct db *db)
{
	if (db->e->release != NULL)
		db->e->release(db);
}

int
db_bulk(struct db *db, int on)
{
	return db->e->bulk(db, on);
}

int
db_durability(struct db *db, char *out, size_t outsz)
{
	return db->e->durability(db, out, outsz);
}

int
db_version(struct db *db)
{
	return db->e->version(db);
}

/* The parts of a migration for this engine. A line "-- engine: NAME"
 * starts a block for one engine ("all": both again); text before any
 * such line is for both. */
char *
db_engine_text(const char *text, const char *engine)
{
	static const char	 mark[] = "-- engine:";
	const char		*p = text, *nl, *name;
	size_t			 n = 0, len, nlen;
	char			*out;
	int			 on = 1;

	if ((out = malloc(strlen(text) + 1)) == NULL)
		return NULL;
	while (*p != '\0') {
		nl = strchr(p, '\n');
		len = nl == NULL ? strlen(p) : (size_t)(nl - p) + 1;
		if (strncmp(p, mark, sizeof(mark) - 1) == 0) {
			name = p + sizeof(mark) - 1;
			name += strspn(name, " \t");
			nlen = strcspn(name, " \t\r\n");
			on = (nlen == 3 && strncmp(name, "all", 3) == 0) ||
			    (nlen == strlen(engine) &&
			    strncmp(name, engine, nlen) == 0);
		} else if (on) {
			memcpy(out + n, p, len);
			n += len;
		}
		p += len;
	}
	out[n] = '\0';
	return out;
}

static int
migration_num(const char *name)
{
	int	 n = 0, i;

	for (i = 0; i < 3; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		n = n * 10 + (name[i] - '0');
	}
	if (name[3] != '-' || strlen(name) < 9 ||
	    strcmp(name + strlen(name) - 4, ".sql") != 0)
		return -1;
	return n;
}

static char *
slurp(const char *path)
{
	FILE	*f;
	long	 n;
	char	*p = NULL;

	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (p = malloc((size_t)n + 1)) != NULL) {
		if (fread(p, 1, (size_t)n, f) != (size_t)n) {
			free(p);
			p = NULL;
		} else
			p[n] = '\0';
	}
	fclose(f);
	return p;
}

static int
namecmp(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* Applies one file as migration num, in its own transaction. 0 or -1. */
static int
migrate_one(struct db *db, const char *path, int num, char *err, size_t errsz)
{
	char	*text, *mine = NULL, why[512] = "";
	int	 rc = -1;

	if ((text = slurp(path)) == NULL) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return -1;
	}
	if ((mine = db_engine_text(text, db->e->name)) == NULL)
		snprintf(err, errsz, "%s: out of memory", path);
	else if (db_begin(db) == -1)
		snprintf(err, errsz, "%s: %s", path, db_errmsg(db));
	else if (db->e->apply(db, mine, num, why, sizeof(why)) == -1 ||
	    db_commit(db) == -1) {
		snprintf(err, errsz, "%s: %s", path, *why ? why : db_errmsg(db));
		db_rollback(db);
	} else
		rc = 0;
	free(mine);
	free(text);
	return rc;
}

int
db_migration_newest(const char *sqldir)
{
	struct dirent	**ents = NULL;
	int		  n, i, num, newest = 0;

	if ((n = scandir(sqldir, &ents, NULL, namecmp)) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		if ((num = migration_num(ents[i]->d_name)) > newest)
			newest = num;
		free(ents[i]);
	}
	free(ents);
	return newest;
}

int
db_health(struct db *db, int want, const char **why)
{
	const char	*no = NULL;
	int		 v;

	if (want < 1)
		no = "no migrations shipped";
	else if (db->e->here != NULL && db->e->here(db) != 1)
		no = "the database file is not the one opened (moved, "
		    "replaced or unreadable)";
	else if (db_begin(db) == -1)
		no = "the database takes no writer (locked, down or read-only)";
	else {
		v = db_version(db);
		db_rollback(db);
		if (v != want)
			no = v < want ? "a migration is missing (portalctl "
			    "migrate)" : "the schema is newer than the programs";
	}
	if (why != NULL)
		*why = no;
	return no == NULL;
}

int
db_migrate(struct db *db, const char *sqldir, char *err, size_t errsz)
{
	struct dirent	**ents = NULL;
	int		  n, i, num, cur, rc = -1;
	char		  path[4096];

	*err = '\0';
	if ((cur = db_version(db)) < 0) {
		snprintf(err, errsz, "cannot read schema version");
		return -1;
	}
	if ((n = scandir(sqldir, &ents, NULL, namecmp)) < 0) {
		snprintf(err, errsz, "%s: %s", sqldir, strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		if ((num = migration_num(ents[i]->d_name)) < 0)
			continue;
		/* Two files with one number: someone's migration would be
		 * skipped for good. */
		if (i + 1 < n && migration_num(ents[i + 1]->d_name) == num) {
			snprintf(err, errsz, "%s and %s share the number %03d",
			    ents[i]->d_name, ents[i + 1]->d_name, num);
			goto out;
		}
		if (num <= cur)
			continue;
		if (num != cur + 1) {
			snprintf(err, errsz, "%s: migration %03d missing",
			    ents[i]->d_name, cur + 1);
			goto out;
		}
		snprintf(path, sizeof(path), "%s/%s", sqldir, ents[i]->d_name);
		if (migrate_one(db, path, num, err, errsz) == -1)
			goto out;
		cur = num;
	}
	rc = 0;
out:
	for (i = 0; i < n; i++)
		free(ents[i]);
	free(ents);
	return rc;
}
