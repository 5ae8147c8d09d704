/*
 * conf_load on files written here: the defaults, each value type, and a
 * table of files that must be refused with the line number and the reason.
 * Every struct conf is released with conf_free, so ASan's leak check at
 * exit covers conf_free (also after a refused file).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "t.h"

#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))

static char	path[512];

/* One setting read back: a string member, or a long member. */
struct want {
	const char	*name;
	size_t		 off;
	int		 is_str;
	const char	*s;
	long		 l;
};

#define WS(m, v)	{ #m, offsetof(struct conf, m), 1, v, 0 }
#define WL(m, v)	{ #m, offsetof(struct conf, m), 0, NULL, v }

/* Defaults that the SPEC or other texts fix: 911 (F-MSG 1), a Secure
 * cookie and 15 minutes idle (S-2), OWASP's scrypt minimum (S-3), link
 * lifetimes the e-mails state ("24 hours", "one hour"), 6 months for a
 * token (P-TOKEN 3). Tunables such as the throttle limits are left out. */
static const struct want defaults[] = {
	WS(database, "/var/lib/portal/portal.db"),
	/* Beside the database unless set (issue 7.5, 7.8). */
	WS(key_file, "/var/lib/portal/portal.key"),
	WS(audit_checkpoints, "/var/lib/portal/portal.checkpoints"),
	WS(sql, "/usr/local/share/portal/sql"),
	WS(portal_name, "MyChildren's"),
	WS(timezone, "America/New_York"),
	WS(emergency_number, "911"),
	WS(sendmail, "/usr/sbin/sendmail -t -i"),
	WL(cookie_secure, 1),
	WL(session_idle, 900),
	WL(scrypt_n, 131072),
	WL(scrypt_r, 8),
	WL(scrypt_p, 1),
	WL(verify_link_lifetime, 86400),
	WL(reset_link_lifetime, 3600),
	WL(token_lifetime_days, 183),
	WS(mrn_root, "2.16.840.1.113883.19.5"),	/* HL7's example OID */
	WL(log_level, 0),			/* info: every request line */
};

/* Files that load, and a value each must give. */
static const struct {
	const char	*text;
	struct want	 w;
} good[] = {
	{ "", WL(session_idle, 900) },
	{ "hospital_name = St. Elsewhere\n", WS(hospital_name, "St. Elsewhere") },
	{ "hospital_name=St. Elsewhere", WS(hospital_name, "St. Elsewhere") },
	{ "  hospital_name\t=\t  Two  Words  \n", WS(hospital_name, "Two  Words") },
	{ "base_url = https://x.test/?a=b\n", WS(base_url, "https://x.test/?a=b") },
	{ "support_phone =\n", WS(support_phone, "") },
	{ "hospital_name = A\nhospital_name = B\n", WS(hospital_name, "B") },
	{ "session_idle = 600\n", WL(session_idle, 600) },
	{ "session_idle = 60\n", WL(session_idle, 60) },		/* min */
	{ "session_idle = 86400\n", WL(session_idle, 86400) },	/* max */
	{ "session_idle = 120\r\n", WL(session_idle, 120) },		/* CRLF */
	{ "session_idle = 120", WL(session_idle, 120) },	/* no final newline */
	{ "scrypt_n = 1024\n", WL(scrypt_n, 1024) },
	{ "scrypt_n = 4194304\n", WL(scrypt_n, 4194304) },
	{ "scrypt_r = 1\nscrypt_p = 64\n", WL(scrypt_p, 64) },
	{ "cookie_secure = no\n", WL(cookie_secure, 0) },
	{ "cookie_secure = 0\n", WL(cookie_secure, 0) },
	{ "cookie_secure = yes\n", WL(cookie_secure, 1) },
	{ "cookie_secure = no\ncookie_secure = 1\n", WL(cookie_secure, 1) },
	{ "# a comment\n\n   \n\t# indented comment\nlogin_window = 120\n# end\n",
	    WL(login_window, 120) },
	{ "# session_idle = 5\n", WL(session_idle, 900) },
	{ "mrn_root = 1.2.840.114350.1.13.0\n",
	    WS(mrn_root, "1.2.840.114350.1.13.0") },
	{ "mrn_root = 2\n", WS(mrn_root, "2") },
	{ "mrn_root = ca0d3db2-529c-4229-af63-986596a2cdee\n",
	    WS(mrn_root, "ca0d3db2-529c-4229-af63-986596a2cdee") },
	{ "database = /srv/h/main.db\n", WS(key_file, "/srv/h/main.key") },
	{ "database = /srv/h/main\n", WS(key_file, "/srv/h/main.key") },
	{ "database = /srv/h/main.db\n", WS(audit_checkpoints,
	    "/srv/h/main.checkpoints") },
	{ "database = /srv/h/x.db\nkey_file = /etc/portal/key\n",
	    WS(key_file, "/etc/portal/key") },
	{ "key_file = /etc/portal/key\ndatabase = /srv/h/x.db\n",
	    WS(key_file, "/etc/portal/key") },
	/* The request lines kept (issue 16.6): enum log_level's index. */
	{ "log_level = info\n", WL(log_level, 0) },
	{ "log_level = warning\n", WL(log_level, 1) },
	{ "log_level = error\n", WL(log_level, 2) },
	{ "log_level = error\nlog_level = info\n", WL(log_level, 0) },
};

/* Files that are refused: a piece of the message, and the line. */
static const struct {
	const char	*text;
	const char	*why;
	int		 line;	/* 0: the message names no line */
} bad[] = {
	{ "no_such_key = 1\n", "unknown setting", 1 },
	{ "# ok\nSession_idle = 600\n", "unknown setting", 2 },
	{ "\n\njust some words\n", "expected name = value", 3 },
	{ "= 5\n", "unknown setting", 1 },
	{ "session_idle = abc\n", "bad value", 1 },
	{ "session_idle = 10x\n", "bad value", 1 },
	{ "session_idle = 1 0\n", "bad value", 1 },
	{ "session_idle = 600 # ten minutes\n", "bad value", 1 },
	{ "session_idle =\n", "bad value", 1 },
	{ "session_idle = 0x100\n", "bad value", 1 },
	{ "session_idle = 59\n", "bad value", 1 },
	{ "session_idle = 86401\n", "bad value", 1 },
	{ "session_idle = -900\n", "bad value", 1 },
	{ "session_idle = 99999999999999999999999\n", "bad value", 1 },
	{ "scrypt_n = 512\n", "bad value", 1 },
	{ "scrypt_n = 8388608\n", "bad value", 1 },
	{ "scrypt_r = 0\n", "bad value", 1 },
	{ "scrypt_p = 65\n", "bad value", 1 },
	{ "cookie_secure = maybe\n", "bad value", 1 },
	{ "cookie_secure = 2\n", "bad value", 1 },
	{ "cookie_secure =\n", "bad value", 1 },
	{ "log_level = debug\n", "bad value", 1 },
	{ "log_level = INFO\n", "bad value", 1 },
	{ "log_level = 1\n", "bad value", 1 },
	{ "log_level =\n", "bad value", 1 },
	{ "scrypt_n = 1500\n", "power of two", 0 },
	{ "scrypt_n = 3072\n", "power of two", 0 },
	{ "hospital_name = A\nsession_idle = 5\nportal_name = B\n", "bad value", 2 },
	/* The MRN's assigning authority: an OID, never the SSN's. */
	{ "mrn_root =\n", "mrn_root must be", 0 },
	{ "mrn_root = 1.2.\n", "mrn_root must be", 0 },
	{ "mrn_root = .1.2\n", "mrn_root must be", 0 },
	{ "mrn_root = 1..2\n", "mrn_root must be", 0 },
	{ "mrn_root = urn:oid:1.2.3\n", "mrn_root must be", 0 },
	{ "mrn_root = 1.2.3, 1.2.4\n", "mrn_root must be", 0 },
	{ "mrn_root = ca0d3db2-529c-4229-af63-986596a2cde\n", "mrn_root must be",
	    0 },
	{ "mrn_root = ca0d3db2-529c-4229-af63-986596a2cdeg\n", "mrn_root must be",
	    0 },
	{ "mrn_root = ca0d3db2529c-4229-af63-986596a2cdee-\n", "mrn_root must be",
	    0 },
	{ "mrn_root = 2.16.840.1.113883.4.1\n", "not the SSN", 0 },
};

static void
write_file(const char *text, size_t len)
{
	FILE	*f;

	if ((f = fopen(path, "w")) == NULL || fwrite(text, 1, len, f) != len ||
	    fclose(f) == EOF) {
		perror(path);
		exit(1);
	}
}

static void
check(const struct conf *c, const struct want *w, const char *what)
{
	char	 msg[256];

	snprintf(msg, sizeof(msg), "%s: %s", what, w->name);
	if (w->is_str)
		T_STR(*(char *const *)((const char *)c + w->off), w->s, msg);
	else
		T_INT(*(const long *)((const char *)c + w->off), w->l, msg);
}

static void
test_long_line(void)
{
	struct conf	 c;
	char		 err[1024], *text;
	size_t		 n = 2000;

	/* A value longer than a line may be is refused, not cut. */
	if ((text = malloc(n + 32)) == NULL)
		abort();
	strcpy(text, "hospital_name = ");
	memset(text + 16, 'x', n);
	strcpy(text + 16 + n, "\n");
	write_file(text, strlen(text));
	err[0] = '\0';
	T_INT(conf_load(&c, path, err, sizeof(err)), -1, "line too long");
	T_OK(strstr(err, "too long") != NULL, "line too long: \"%s\"", err);
	conf_free(&c);

	/* 1000 bytes fit. */
	strcpy(text, "hospital_name = ");
	memset(text + 16, 'y', 1000);
	strcpy(text + 16 + 1000, "\n");
	write_file(text, strlen(text));
	T_INT(conf_load(&c, path, err, sizeof(err)), 0, "a 1017-byte line");
	T_INT(c.hospital_name ? strlen(c.hospital_name) : 0, 1000,
	    "a 1000-byte value");
	conf_free(&c);
	free(text);
}

static void
test_free_path(void)
{
	struct conf	 c;
	char		 err[256];

	write_file("", 0);
	T_INT(conf_load(&c, path, err, sizeof(err)), 0, "conf_load for conf_free");
	conf_free(&c);
	T_OK(c.database == NULL && c.sendmail == NULL && c.timezone == NULL,
	    "conf_free leaves NULL behind");
	conf_free(&c);		/* twice is harmless */

	unsetenv("PORTAL_CONF");
	T_STR(conf_path(), "/etc/portal/portal.conf", "conf_path default");
	setenv("PORTAL_CONF", "", 1);
	T_STR(conf_path(), "/etc/portal/portal.conf", "conf_path empty");
	setenv("PORTAL_CONF", "/x/y.conf", 1);
	T_STR(conf_path(), "/x/y.conf", "conf_path from the environment");
	unsetenv("PORTAL_CONF");
}

int
main(void)
{
	struct conf	 c;
	char		 dir[] = "/tmp/test_conf.XXXXXX", err[1024], what[128],
			 ln[32];
	size_t		 i;
	int		 rc;

	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(path, sizeof(path), "%s/portal.conf", dir);

	write_file("", 0);
	T_INT(conf_load(&c, path, err, sizeof(err)), 0, "empty file");
	for (i = 0; i < NELEM(defaults); i++)
		check(&c, &defaults[i], "default");
	conf_free(&c);

	for (i = 0; i < NELEM(good); i++) {
		snprintf(what, sizeof(what), "good row %zu", i);
		write_file(good[i].text, strlen(good[i].text));
		err[0] = '\0';
		rc = conf_load(&c, path, err, sizeof(err));
		T_OK(rc == 0, "%s: refused: %s", what, err);
		if (rc == 0)
			check(&c, &good[i].w, what);
		conf_free(&c);
	}

	for (i = 0; i < NELEM(bad); i++) {
		write_file(bad[i].text, strlen(bad[i].text));
		err[0] = '\0';
		rc = conf_load(&c, path, err, sizeof(err));
		T_OK(rc == -1, "bad row %zu (%s): accepted", i, bad[i].text);
		T_OK(strstr(err, bad[i].why) != NULL,
		    "bad row %zu: message \"%s\" lacks \"%s\"", i, err, bad[i].why);
		if (bad[i].line > 0) {
			snprintf(ln, sizeof(ln), ":%d:", bad[i].line);
			T_OK(strstr(err, ln) != NULL,
			    "bad row %zu: message \"%s\" lacks line %d", i, err,
			    bad[i].line);
		}
		conf_free(&c);
	}

	test_long_line();

	unlink(path);
	err[0] = '\0';
	T_INT(conf_load(&c, path, err, sizeof(err)), -1, "missing file");
	T_OK(strstr(err, "portal.conf") != NULL, "missing file: \"%s\"", err);
	conf_free(&c);

	test_free_path();
	unlink(path);
	rmdir(dir);
	return t_done("test_conf");
}
