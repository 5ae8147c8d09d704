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
#include "../unit/t.h"

static char	 t_dir[] = "/tmp/portal-app-test.XXXXXX";

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
	snprintf(conf, sizeof(conf), "%s/portal.conf", t_dir);
	if ((f = fopen(conf, "w")) == NULL) {
		perror(conf);
		exit(1);
	}
	fprintf(f, "database = %s/portal.db\nsql = %s/sql\n"
	    "templates = %s/templates\n"
	    "common_passwords = %s/share/common-passwords.txt\n"
	    "sendmail = /bin/true\nscrypt_n = 1024\n"
	    "mrn_root = 2.16.840.1.113883.3.7777\n", t_dir, cwd, cwd, cwd);
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

	snprintf(cmd, sizeof(cmd), "rm -rf %s", t_dir);
	if (system(cmd) != 0)
		fprintf(stderr, "t_portal_remove: %s left\n", t_dir);
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

#endif
