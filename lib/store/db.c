/*
 * SQLite, opened the same way by every process. Statements are compiled
 * on first use and kept for the life of the process, so a request costs
 * no statement compiles after warm-up.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "db.h"

#define DB_CACHE 256	/* power of two; more than the statements we have */

struct db {
	sqlite3		*sq;
	const char	*keys[DB_CACHE];
	sqlite3_stmt	*stmts[DB_CACHE];
};

struct db *
db_open(const char *path, int create, char *err, size_t errsz)
{
	struct db	*db;
	int		 flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, fd;
	char		*msg = NULL;

	if ((db = calloc(1, sizeof(*db))) == NULL) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	/* Made here, 0640 (SQLite would make it 0644), before SQLite opens
	 * it: its -wal and -shm files take the database file's mode. */
	if (create) {
		flags |= SQLITE_OPEN_CREATE;
		if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0640)) == -1) {
			snprintf(err, errsz, "%s: %s", path, strerror(errno));
			goto err;
		}
		close(fd);
	}
	if (sqlite3_open_v2(path, &db->sq, flags, NULL) != SQLITE_OK) {
		snprintf(err, errsz, "%s: %s", path,
		    db->sq ? sqlite3_errmsg(db->sq) : "cannot open");
		goto err;
	}
	sqlite3_busy_timeout(db->sq, 10000);
	sqlite3_extended_result_codes(db->sq, 1);
	/* Health data: every commit reaches the disk before we answer. */
	if (sqlite3_exec(db->sq,
	    "PRAGMA journal_mode=WAL;"
	    "PRAGMA synchronous=FULL;"
	    "PRAGMA foreign_keys=ON;"
	    "PRAGMA trusted_schema=OFF;", NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errsz, "%s: %s", path, msg ? msg : "pragma failed");
		sqlite3_free(msg);
		goto err;
	}
	return db;
err:
	db_close(db);
	return NULL;
}

int
db_protect(const char *path, char *err, size_t errsz)
{
	static const char *const ext[] = { "", "-wal", "-shm", "-journal" };
	struct stat	 st;
	char		 p[4096];
	size_t		 i;
	int		 changed = 0;

	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", path, ext[i]);
		if (lstat(p, &st) == -1) {
			if (errno == ENOENT)
				continue;
			snprintf(err, errsz, "%s: %s", p, strerror(errno));
			return -1;
		}
		if (!S_ISREG(st.st_mode) || (st.st_mode & 0137) == 0)
			continue;
		if (chmod(p, st.st_mode & 0640) == -1) {
			snprintf(err, errsz, "chmod %s: %s", p, strerror(errno));
			return -1;
		}
		changed++;
	}
	return changed;
}

void
db_close(struct db *db)
{
	size_t	 i;

	if (db == NULL)
		return;
	for (i = 0; i < DB_CACHE; i++)
		sqlite3_finalize(db->stmts[i]);
	sqlite3_close(db->sq);
	free(db);
}

sqlite3 *
db_handle(struct db *db)
{
	return db->sq;
}

sqlite3_stmt *
db_stmt(struct db *db, const char *sql)
{
	size_t	 h = ((uintptr_t)sql >> 3) & (DB_CACHE - 1), i;

	for (i = 0; i < DB_CACHE; i++, h = (h + 1) & (DB_CACHE - 1)) {
		if (db->keys[h] == sql) {
			sqlite3_reset(db->stmts[h]);
			sqlite3_clear_bindings(db->stmts[h]);
			return db->stmts[h];
		}
		if (db->keys[h] == NULL)
			break;
	}
	if (i == DB_CACHE || sqlite3_prepare_v3(db->sq, sql, -1,
	    SQLITE_PREPARE_PERSISTENT, &db->stmts[h], NULL) != SQLITE_OK) {
		fprintf(stderr, "db: cannot prepare: %s: %s\n",
		    sqlite3_errmsg(db->sq), sql);
		abort();
	}
	db->keys[h] = sql;
	return db->stmts[h];
}

static int
db_vbind(sqlite3_stmt *st, const char *fmt, va_list ap)
{
	int		 i, rc = SQLITE_OK;
	const char	*s;
	const void	*p;
	size_t		 n;

	for (i = 1; *fmt != '\0' && rc == SQLITE_OK; fmt++, i++) {
		switch (*fmt) {
		case 'i':
			rc = sqlite3_bind_int64(st, i, va_arg(ap, int64_t));
			break;
		case 't':
			s = va_arg(ap, const char *);
			rc = s == NULL ? sqlite3_bind_null(st, i) :
			    sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
			break;
		case 'b':
			p = va_arg(ap, const void *);
			n = va_arg(ap, size_t);
			rc = sqlite3_bind_blob64(st, i, p, n, SQLITE_STATIC);
			break;
		default:
			abort();
		}
	}
	return rc;
}

int
db_bindv(sqlite3_stmt *st, const char *fmt, ...)
{
	va_list	 ap;
	int	 rc;

	va_start(ap, fmt);
	rc = db_vbind(st, fmt, ap);
	va_end(ap);
	if (rc != SQLITE_OK)
		return rc;
	return sqlite3_step(st);
}

int
db_exec(struct db *db, const char *sql, const char *fmt, ...)
{
	sqlite3_stmt	*st = db_stmt(db, sql);
	va_list		 ap;
	int		 rc;

	va_start(ap, fmt);
	rc = db_vbind(st, fmt, ap);
	va_end(ap);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		fprintf(stderr, "db: %s\n", sqlite3_errmsg(db->sq));
		return -1;
	}
	return 0;
}

char *
db_text(struct arena *a, sqlite3_stmt *st, int i)
{
	const unsigned char	*p = sqlite3_column_text(st, i);

	if (p == NULL)
		return NULL;
	return arena_strndup(a, (const char *)p, (size_t)sqlite3_column_bytes(st, i));
}

int
db_begin(struct db *db)
{
	return sqlite3_exec(db->sq, "BEGIN IMMEDIATE", NULL, NULL, NULL) ==
	    SQLITE_OK ? 0 : -1;
}

int
db_commit(struct db *db)
{
	if (sqlite3_exec(db->sq, "COMMIT", NULL, NULL, NULL) == SQLITE_OK)
		return 0;
	db_rollback(db);
	return -1;
}

void
db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->sq))
		sqlite3_exec(db->sq, "ROLLBACK", NULL, NULL, NULL);
}

int
db_version(struct db *db)
{
	sqlite3_stmt	*st;
	int		 v = -1;

	if (sqlite3_prepare_v2(db->sq, "PRAGMA user_version", -1, &st, NULL)
	    != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
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

int
db_migrate(struct db *db, const char *sqldir, char *err, size_t errsz)
{
	struct dirent	**ents = NULL;
	int		  n, i, num, cur, rc = -1;
	char		  path[4096], pragma[64], *text, *msg = NULL;

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
		if ((text = slurp(path)) == NULL) {
			snprintf(err, errsz, "%s: %s", path, strerror(errno));
			goto out;
		}
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version=%d;", num);
		if (db_begin(db) == -1 ||
		    sqlite3_exec(db->sq, text, NULL, NULL, &msg) != SQLITE_OK ||
		    sqlite3_exec(db->sq, pragma, NULL, NULL, &msg) != SQLITE_OK ||
		    db_commit(db) == -1) {
			snprintf(err, errsz, "%s: %s", path,
			    msg ? msg : sqlite3_errmsg(db->sq));
			sqlite3_free(msg);
			free(text);
			db_rollback(db);
			goto out;
		}
		free(text);
		cur = num;
	}
	rc = 0;
out:
	for (i = 0; i < n; i++)
		free(ents[i]);
	free(ents);
	return rc;
}
