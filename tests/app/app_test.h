/*
 * What the application layer's C tests share (tests/app/, DESIGN's
 * "fast page tests"): a scratch portal made the way hospital IT makes one
 * (a configuration file, `bin/portalctl init`), opened in-process with
 * portal_open, and calls made as any actor at any moment, with no web
 * server. Each test program includes this once.
 */
#ifndef PORTAL_APP_TEST_H
#define PORTAL_APP_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "call.h"
#include "portal.h"
#include "store_accounts.h"
#include "store_holdings.h"
#include "store_patients.h"
#include "../unit/t.h"

static char	 t_dir[] = "/tmp/portal-app-test.XXXXXX";
/* The database setting: a file in t_dir, or (PORTAL_TEST_PG set, by
 * mk/run-unit -e postgresql) a database of its own on the test cluster. */
static char	 t_database[512];
static char	 t_pgname[64];

/* With PORTAL_TEST_PG (host=DIR port=N user=U, libpq's words), a fresh
 * database on that server; else none. Exits on failure. */
static void
t_pg_create(void)
{
	const char	*pg = getenv("PORTAL_TEST_PG");
	char		 cmd[1024], host[256], user[64];
	int		 port;

	if (pg == NULL || *pg == '\0')
		return;
	if (sscanf(pg, "host=%255s port=%d user=%63s", host, &port, user) != 3) {
		fprintf(stderr, "t_portal: PORTAL_TEST_PG: host=DIR port=N user=U\n");
		exit(1);
	}
	snprintf(t_pgname, sizeof(t_pgname), "app_%ld", (long)getpid());
	snprintf(cmd, sizeof(cmd), "psql -q 'host=%s port=%d user=%s dbname=postgres' "
	    "-c 'DROP DATABASE IF EXISTS %s' -c 'CREATE DATABASE %s' >&2",
	    host, port, user, t_pgname, t_pgname);
	if (system(cmd) != 0) {
		fprintf(stderr, "t_portal: cannot create database %s\n", t_pgname);
		exit(1);
	}
	snprintf(t_database, sizeof(t_database),
	    "postgresql:///%s?host=%s&port=%d&user=%s", t_pgname, host, port,
	    user);
}

/* A fresh portal: scratch directory, configuration, `portalctl init`.
 * scrypt is set low: these tests are about the rules, not the KDF. */
static struct portal *
t_portal(void)
{
	char	 conf[256], cmd[512], cwd[200];
	FILE	*f;

	if (mkdtemp(t_dir) == NULL || getcwd(cwd, sizeof(cwd)) == NULL) {
		perror("t_portal");
		exit(1);
	}
	snprintf(t_database, sizeof(t_database), "%s/portal.db", t_dir);
	t_pg_create();
	snprintf(conf, sizeof(conf), "%s/portal.conf", t_dir);
	if ((f = fopen(conf, "w")) == NULL) {
		perror(conf);
		exit(1);
	}
	fprintf(f, "database = %s\nsql = %s/sql\n"
	    "key_file = %s/portal.key\naudit_checkpoints = %s/portal.checkpoints\n"
	    "templates = %s/templates\n"
	    "common_passwords = %s/share/common-passwords.txt\n"
	    "sendmail = /bin/true\nscrypt_n = 1024\n"
	    "mrn_root = 2.16.840.1.113883.3.7777\n", t_database, cwd, t_dir,
	    t_dir, cwd, cwd);
	fclose(f);
	setenv("PORTAL_CONF", conf, 1);
	snprintf(cmd, sizeof(cmd), "bin/portalctl init > %s/init.out 2>&1", t_dir);
	if (system(cmd) != 0) {
		fprintf(stderr, "t_portal: portalctl init failed (see %s)\n", t_dir);
		exit(1);
	}
	return portal_open(1);
}

/* Removes the scratch directory (after portal_close). */
static void
t_portal_remove(void)
{
	char	 cmd[300];

	const char	*pg = getenv("PORTAL_TEST_PG");
	char		 drop[1024];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", t_dir);
	if (system(cmd) != 0)
		fprintf(stderr, "t_portal_remove: %s left\n", t_dir);
	if (*t_pgname == '\0')
		return;
	snprintf(drop, sizeof(drop), "psql -q '%s dbname=postgres' -c "
	    "'DROP DATABASE IF EXISTS %s WITH (FORCE)' >&2", pg, t_pgname);
	if (system(drop) != 0)
		fprintf(stderr, "t_portal_remove: database %s left\n", t_pgname);
}

/* A call by who (kind, id) at now, on the portal, with its own arena. */
static struct call
t_call(struct portal *p, enum actor_kind kind, int64_t id, time_t now)
{
	struct call	 c;

	memset(&c, 0, sizeof(c));
	c.p = p;
	c.a = arena_new();
	c.who.kind = kind;
	c.who.id = id;
	c.who.addr = "192.0.2.7";
	c.now = now;
	return c;
}

/* ---- The scratch hospital's people, for the tests that need them ---- */

/* A patient of family name "Test" and sex F, made at created: its id. */
static inline int64_t
t_patient(struct portal *p, const char *mrn, const char *given,
    const char *dob, time_t created)
{
	struct patient	 pt;

	memset(&pt, 0, sizeof(pt));
	pt.mrn = mrn;
	pt.given = given;
	pt.family = "Test";
	pt.dob = dob;
	pt.sex = "F";
	return store_patient_create(p->db, &pt, created);
}

/* A family account (family name "Test"): its id. */
static inline int64_t
t_account(struct portal *p, const char *email, const char *given,
    time_t created)
{
	return store_account_create(p->db, email, "x", given, "Test", created);
}

/* Links account acct to patient pat, active, in role: "self", or a
 * relation on file of that kind (parent, legal_guardian, ...). */
static inline void
t_hold(struct portal *p, int64_t acct, int64_t pat, const char *role,
    time_t created)
{
	struct relation	 r;
	int64_t		 rel = 0;

	if (strcmp(role, "self") != 0) {
		memset(&r, 0, sizeof(r));
		r.patient_id = pat;
		r.kind = role;
		r.given = "Pat";
		r.family = "Test";
		rel = store_relation_add(p->db, &r);
		T_OK(rel > 0, "relation added");
	}
	T_INT(store_holding_set(p->db, acct, pat, role, rel, "active", created),
	    0, "holding set");
}

#endif
