/*
 * The audit writer (issue 9.1) under concurrent producers: a writer
 * process serves a real SEQPACKET socket; several producer processes
 * each send many rows (single rows and groups) through the workers' own
 * path (audit_write, audit_group_write with PORTAL_AUDIT_SOCKET set).
 * Every acknowledged row is in the database exactly once, the writer
 * committed them (none inline), some commits held more than one row, a
 * row the database refuses fails alone, and the chain verifies. Run from
 * the project root ("sql" is the real folder).
 */
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <dirent.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "arena.h"
#include "audit.h"
#include "audit_client.h"
#include "audit_writer.h"
#include "call.h"
#include "db.h"
#include "t.h"

#define T0		1700000000
#define PRODUCERS	8
#define ROWS		150	/* single rows a producer sends */
#define GROUPS		10	/* ... and groups of GROUP_ROWS */
#define GROUP_ROWS	3

static char	tmpdir[] = "/tmp/test_audit_writer.XXXXXX";
static char	dbpath[512], sockpath[100];
static const unsigned char key[32] = "0123456789abcdef0123456789abcde";

static void
rm_tree(const char *dir)
{
	DIR		*d;
	struct dirent	*e;
	char		 p[1024];

	if ((d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		unlink(p);
	}
	closedir(d);
	rmdir(dir);
}

static long long
q_int(const char *sql)
{
	sqlite3		*sq;
	sqlite3_stmt	*st;
	long long	 v = -1;

	if (sqlite3_open(dbpath, &sq) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(sq, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(sq);
	return v;
}

static void
q_exec(const char *sql)
{
	sqlite3	*sq;

	if (sqlite3_open(dbpath, &sq) != SQLITE_OK ||
	    sqlite3_exec(sq, sql, NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "%s: %s\n", sql, sqlite3_errmsg(sq));
		exit(1);
	}
	sqlite3_close(sq);
}

static struct db *
open_db(int flags)
{
	struct db	*db;
	char		 err[512] = "";

	if ((db = db_open(dbpath, flags, err, sizeof(err))) == NULL ||
	    (flags != 0 && db_migrate(db, "sql", err, sizeof(err)) == -1)) {
		fprintf(stderr, "%s: %s\n", dbpath, err);
		exit(1);
	}
	return db;
}

static int
listen_socket(void)
{
	struct sockaddr_un	 sun;
	int			 fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, sockpath, strlen(sockpath) + 1);
	if ((fd = socket(AF_UNIX, SOCK_SEQPACKET, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1 ||
	    listen(fd, 128) == -1) {
		perror(sockpath);
		exit(1);
	}
	return fd;
}

/* The writer: serves until SIGTERM, then sends its statistics on out. */
static pid_t
writer_start(int lfd, int out)
{
	struct audit_writer_stats	 st;
	struct db			*db;
	pid_t				 pid;

	if ((pid = fork()) != 0)
		return pid;
	db = open_db(0);
	audit_key_set(key);
	if (audit_writer_run(db, lfd, 0, &st) == -1 ||
	    write(out, &st, sizeof(st)) != (ssize_t)sizeof(st))
		_exit(1);
	db_close(db);
	audit_key_clear();
	_exit(0);
}

/* A producer: ROWS single rows and GROUPS groups, patient ids unique to
 * it; exits 0 if every one was acknowledged. */
static void
producer(int k)
{
	struct portal		 p;
	struct call		 cl;
	struct audit_group	*g;
	struct db		*db = open_db(0);
	int			 i, j, bad = 0;

	audit_key_set(key);
	memset(&p, 0, sizeof(p));
	p.db = db;
	memset(&cl, 0, sizeof(cl));
	cl.p = &p;
	cl.a = arena_new();
	cl.who.kind = ACTOR_STAFF;
	cl.who.id = k;
	cl.who.addr = "192.0.2.1";
	cl.now = T0;
	for (i = 0; i < ROWS; i++)
		if (audit_write(db, T0 + i, "test", "test.row",
		    (int64_t)k * 100000 + i, "", "one row") != 0)
			bad++;
	for (i = 0; i < GROUPS; i++) {
		g = audit_group_new(&cl);
		for (j = 0; j < GROUP_ROWS; j++)
			audit_group_add(g, "test.group",
			    (int64_t)k * 100000 + 50000 + i * 10 + j, NULL);
		if (audit_group_write(g) != 0)
			bad++;
		arena_reset(cl.a);
	}
	arena_free(cl.a);
	db_close(db);
	audit_key_clear();
	_exit(bad == 0 ? 0 : 1);
}

int
main(void)
{
	struct audit_writer_stats	 st;
	struct audit_report		 rep;
	struct db			*db;
	char				 err[256];
	long long			 want;
	pid_t				 w, pids[PRODUCERS];
	int				 lfd, pfd[2], i, status, ok;

	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(dbpath, sizeof(dbpath), "%s/portal.db", tmpdir);
	snprintf(sockpath, sizeof(sockpath), "%s/audit.sock", tmpdir);
	db = open_db(DB_CREATE);
	audit_key_set(key);
	T_INT(audit_start(db, T0, err, sizeof(err)), 1, "the keyed chain starts");
	db_close(db);

	lfd = listen_socket();
	if (pipe(pfd) == -1)
		return 1;
	w = writer_start(lfd, pfd[1]);
	setenv(AUDIT_SOCKET_ENV, sockpath, 1);

	for (i = 0; i < PRODUCERS; i++)
		if ((pids[i] = fork()) == 0)
			producer(i + 1);
	for (i = 0, ok = 0; i < PRODUCERS; i++)
		if (waitpid(pids[i], &status, 0) == pids[i] &&
		    WIFEXITED(status) && WEXITSTATUS(status) == 0)
			ok++;
	T_INT(ok, PRODUCERS, "producers whose every row was acknowledged");

	/* A row the database refuses fails alone; the next one is written. */
	q_exec("CREATE TRIGGER planted BEFORE INSERT ON audit "
	    "WHEN NEW.action = 'test.refused' BEGIN "
	    "SELECT RAISE(ABORT, 'planted'); END;");
	db = open_db(0);
	T_INT(audit_write(db, T0, "test", "test.refused", 1, "", NULL), -1,
	    "a refused row is acknowledged as failed");
	T_INT(audit_write(db, T0, "test", "test.after", 2, "", NULL), 0,
	    "the next row is written");
	q_exec("DROP TRIGGER planted");

	kill(w, SIGTERM);
	memset(&st, 0, sizeof(st));
	T_INT(read(pfd[0], &st, sizeof(st)), (long long)sizeof(st),
	    "the writer's statistics");
	T_OK(waitpid(w, &status, 0) == w && WIFEXITED(status) &&
	    WEXITSTATUS(status) == 0, "the writer stops on SIGTERM");

	want = (long long)PRODUCERS * (ROWS + GROUPS * GROUP_ROWS);
	T_INT(q_int("SELECT count(*) FROM audit WHERE action IN "
	    "('test.row', 'test.group')"), want, "rows in the log");
	T_INT(q_int("SELECT count(DISTINCT patient_id) FROM audit WHERE action "
	    "IN ('test.row', 'test.group')"), want, "each row once");
	T_INT(q_int("SELECT count(*) FROM audit WHERE action = 'test.refused'"),
	    0, "the refused row is not there");
	T_INT(q_int("SELECT count(*) FROM audit WHERE action = 'test.after'"),
	    1, "the row after it is");
	T_INT((long long)st.rows, want + 1, "rows the writer committed (none inline)");
	T_INT((long long)st.failed, 1, "rows the writer failed");
	T_OK(st.max > 1 && st.commits < st.rows,
	    "group commits happened (%llu commits, %llu rows, max %llu)",
	    (unsigned long long)st.commits, (unsigned long long)st.rows,
	    (unsigned long long)st.max);
	T_INT(audit_verify(db, NULL, 0, &rep), 0, "the chain verifies");
	T_INT(rep.count, q_int("SELECT count(*) FROM audit"), "rows verified");
	db_close(db);
	audit_key_clear();
	close(lfd);
	rm_tree(tmpdir);
	return t_done("test_audit_writer");
}
