/*
 * portalctl conf (conf_ctl.h).
 *
 * Where things are comes from where this program is: PREFIX/bin/portalctl
 * beside PREFIX/share/portal/conf is an installation, ROOT/bin/portalctl
 * beside ROOT/conf the source tree. Every @NAME@ is filled in one pass,
 * left to right: a value is copied as is and never scanned again; what
 * it may hold is its kind's (value_refused: nothing that would add a
 * directive, a block or a word to a server's configuration or a unit).
 */
#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "conf_ctl.h"

#define NVARS	32

struct var {
	const char	*name;
	const char	*value;
};

struct vars {
	struct var	 v[NVARS];
	size_t		 n;
};

/* The kinds: their files under the conf folder (systemd: every *.in of
 * its folder, each headed by its name) and what differs between them. */
static const struct kind {
	const char	*name;
	const char	*file;		/* or NULL: every *.in of dir */
	const char	*dir;
	const char	*access_log;
} kinds[] = {
	{ "nginx", "nginx/portal.conf.in", NULL,
	    "/var/log/nginx/portal-access.log" },
	{ "apache", "apache/portal.conf.in", NULL,
	    "/var/log/apache2/portal-access.log" },
	{ "systemd", NULL, "systemd", NULL },
	{ "spawn-fcgi", "spawn-fcgi.sh.in", NULL, NULL },
};

/* The defaults that are not paths of the installation. */
static const struct {
	const char	*name;
	const char	*value;
} defaults[] = {
	{ "CONF", "/etc/portal/portal.conf" },
	{ "RUNDIR", "/run/portal" },
	{ "USER", "portal" },
	{ "WEBGROUP", "www-data" },
	{ "WORKERS", "4" },
	{ "LISTEN", "*:80" },
	{ "PAGES", "/var/lib/portal-pages" },
};

/* What a value may be: it is copied into nginx's and Apache's
 * configuration, a systemd unit and a shell script as is, so one that
 * held a ';', a brace, a quote, a '#', a '$' or a second word would add
 * a directive (a careless copy from a wiki, or worse). */
enum vkind {
	V_PATH,		/* absolute; letters, digits, / . _ - + @ , : ~ */
	V_NAME,		/* a user or group: [a-z_][a-z0-9_-]*, up to 32 */
	V_COUNT,	/* 1 to 999 */
	V_LISTEN,	/* nginx's listen or Apache's VirtualHost address:
			 * letters, digits, . : * [ ] - _ and single spaces */
};

/* Every name a default or the installation gives, with its kind. */
static const struct {
	const char	*name;
	enum vkind	 kind;
} names[] = {
	{ "CONF", V_PATH }, { "RUNDIR", V_PATH }, { "USER", V_NAME },
	{ "WEBGROUP", V_NAME }, { "WORKERS", V_COUNT },
	{ "LISTEN", V_LISTEN }, { "PAGES", V_PATH }, { "ACCESS_LOG", V_PATH },
	{ "OVERRIDES", V_PATH }, { "BINDIR", V_PATH }, { "CGIDIR", V_PATH },
	{ "HTDOCS", V_PATH },
};

/* The entry of name, or -1. */
static int
known(const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i].name, name) == 0)
			return (int)i;
	return -1;
}

static int
in(int ch, const char *set)
{
	return ch != '\0' && (((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z') ||
	    (ch >= '0' && ch <= '9') || strchr(set, ch) != NULL);
}

/* NULL if v may be a value of kind k, else what it must be. */
static const char *
value_refused(enum vkind k, const char *v)
{
	const char	*p;

	switch (k) {
	case V_PATH:
		if (v[0] != '/' || strstr(v, "/../") != NULL ||
		    (strlen(v) >= 3 && strcmp(v + strlen(v) - 3, "/..") == 0))
			return "an absolute path, without ..";
		for (p = v; *p != '\0'; p++)
			if (!in(*p, "/._-+@,:~"))
				return "a path of letters, digits and / . _ - + "
				    "@ , : ~ (no space, quote, ; # $ or brace)";
		return NULL;
	case V_NAME:
		if (strlen(v) > 32 || !((*v >= 'a' && *v <= 'z') || *v == '_'))
			return "a user or group name: a-z or _ first, up to 32";
		for (p = v; *p != '\0'; p++)
			if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' &&
			    *p <= '9') || *p == '_' || *p == '-'))
				return "a user or group name: a-z, 0-9, _ or -";
		return NULL;
	case V_COUNT:
		if (strspn(v, "0123456789") != strlen(v) || strlen(v) > 3 ||
		    atoi(v) < 1)
			return "a number from 1 to 999";
		return NULL;
	case V_LISTEN:
		if (*v == '\0' || *v == ' ' || strstr(v, "  ") != NULL ||
		    v[strlen(v) - 1] == ' ')
			return "an address and port, words apart by one space";
		for (p = v; *p != '\0'; p++)
			if (!in(*p, ".:*[]-_ "))
				return "an address and port (letters, digits, "
				    ". : * [ ] - _, spaces; no ; # quote or "
				    "brace)";
		return NULL;
	}
	return "no such kind";
}

static struct var *
var_find(struct vars *vs, const char *name, size_t len)
{
	size_t	i;

	for (i = 0; i < vs->n; i++)
		if (strlen(vs->v[i].name) == len &&
		    strncmp(vs->v[i].name, name, len) == 0)
			return &vs->v[i];
	return NULL;
}

/* Sets (or replaces) a value; a later call wins. Only known names are
 * set, fewer than NVARS. */
static void
var_set(struct arena *a, struct vars *vs, const char *name,
    const char *value)
{
	struct var	*v = var_find(vs, name, strlen(name));

	if (v == NULL) {
		if (vs->n == NVARS)
			return;
		v = &vs->v[vs->n++];
		v->name = arena_strdup(a, name);
	}
	v->value = arena_strdup(a, value);
}

static int
readable(const char *path)
{
	return access(path, R_OK) == 0;
}

/* The installation's (or the tree's) own paths, from /proc/self/exe. */
static int
locate(struct arena *a, struct vars *vs, const char **confdir, FILE *err)
{
	char	 exe[PATH_MAX], top[PATH_MAX], *slash;
	ssize_t	 n;
	const char *d;

	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) <= 0) {
		fputs("portalctl conf: cannot find where portalctl is\n", err);
		return -1;
	}
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) != NULL)
		*slash = '\0';
	if (realpath(arena_printf(a, "%s/..", exe), top) == NULL) {
		fputs("portalctl conf: cannot find where portalctl is\n", err);
		return -1;
	}
	d = arena_printf(a, "%s/share/portal/conf", top);
	if (readable(arena_printf(a, "%s/nginx/portal.conf.in", d))) {
		*confdir = d;
		var_set(a, vs, "BINDIR", arena_printf(a, "%s/bin", top));
		var_set(a, vs, "CGIDIR",
		    arena_printf(a, "%s/lib/portal/cgi-bin", top));
		var_set(a, vs, "HTDOCS",
		    arena_printf(a, "%s/share/portal/htdocs", top));
		return 0;
	}
	d = arena_printf(a, "%s/conf", top);
	if (readable(arena_printf(a, "%s/nginx/portal.conf.in", d))) {
		*confdir = d;
		var_set(a, vs, "BINDIR", arena_printf(a, "%s/bin", top));
		var_set(a, vs, "CGIDIR", arena_printf(a, "%s/cgi-bin", top));
		var_set(a, vs, "HTDOCS", arena_printf(a, "%s/htdocs", top));
		return 0;
	}
	fprintf(err, "portalctl conf: no templates in %s/share/portal/conf "
	    "or %s/conf\n", top, top);
	return -1;
}

/* NAME=VALUE, NAME in capitals; 0 or -1 with the reason said. */
static int
argument(struct arena *a, struct vars *vs, const char *arg, FILE *err)
{
	const char	*eq = strchr(arg, '='), *why;
	size_t		 i, len;
	int		 k;

	if (eq == NULL || eq == arg) {
		fprintf(err, "portalctl conf: %s: want NAME=VALUE\n", arg);
		return -1;
	}
	len = (size_t)(eq - arg);
	for (i = 0; i < len; i++)
		if (!((arg[i] >= 'A' && arg[i] <= 'Z') || arg[i] == '_' ||
		    (i > 0 && arg[i] >= '0' && arg[i] <= '9'))) {
			fprintf(err, "portalctl conf: %.*s: want a NAME in "
			    "capitals\n", (int)len, arg);
			return -1;
		}
	/* Every name of every template is known: another is a typo. */
	if ((k = known(arena_strndup(a, arg, len))) == -1) {
		fprintf(err, "portalctl conf: %.*s: no such name\n", (int)len,
		    arg);
		return -1;
	}
	if (strpbrk(eq + 1, "\r\n") != NULL) {
		fprintf(err, "portalctl conf: %.*s: a value of one line\n",
		    (int)len, arg);
		return -1;
	}
	if ((why = value_refused(names[k].kind, eq + 1)) != NULL) {
		fprintf(err, "portalctl conf: %.*s: want %s\n", (int)len, arg,
		    why);
		return -1;
	}
	var_set(a, vs, arena_strndup(a, arg, len), eq + 1);
	return 0;
}

/* Appends file's text with every @NAME@ filled to out; the number of
 * names left unfilled (each said on err), or -1 when unreadable. */
static int
fill(struct vars *vs, const char *path, struct buf *out, FILE *err)
{
	FILE		*f;
	char		*line = NULL, *p, *q, *e;
	size_t		 cap = 0;
	struct var	*v;
	int		 lineno = 0, bad = 0;

	if ((f = fopen(path, "r")) == NULL) {
		fprintf(err, "portalctl conf: %s: cannot read\n", path);
		return -1;
	}
	while (getline(&line, &cap, f) != -1) {
		lineno++;
		for (p = line; (q = strchr(p, '@')) != NULL; ) {
			for (e = q + 1; (*e >= 'A' && *e <= 'Z') ||
			    (*e >= '0' && *e <= '9') || *e == '_'; e++)
				;
			if (*e != '@' || e == q + 1 || q[1] < 'A' ||
			    q[1] > 'Z') {
				buf_put(out, p, (size_t)(q + 1 - p));
				p = q + 1;
				continue;
			}
			buf_put(out, p, (size_t)(q - p));
			if ((v = var_find(vs, q + 1, (size_t)(e - q - 1)))
			    != NULL) {
				buf_puts(out, v->value);
			} else {
				fprintf(err, "portalctl conf: %s:%d: no value "
				    "for %.*s\n", path, lineno,
				    (int)(e - q + 1), q);
				bad++;
			}
			p = e + 1;
		}
		buf_puts(out, p);
	}
	free(line);
	fclose(f);
	return bad;
}

static int
by_name(const struct dirent **x, const struct dirent **y)
{
	return strcmp((*x)->d_name, (*y)->d_name);
}

/* Every *.in of dir, each headed "# file: NAME" (NAME without .in). */
static int
fill_dir(struct arena *a, struct vars *vs, const char *dir,
    struct buf *out, FILE *err)
{
	struct dirent	**ents;
	size_t		 len;
	int		 n, i, r, bad = 0;

	if ((n = scandir(dir, &ents, NULL, by_name)) < 0) {
		fprintf(err, "portalctl conf: %s: cannot read\n", dir);
		return -1;
	}
	for (i = 0; i < n; i++) {
		len = strlen(ents[i]->d_name);
		if (len > 3 && strcmp(ents[i]->d_name + len - 3, ".in") == 0 &&
		    ents[i]->d_name[0] != '.') {
			buf_printf(out, "%s# file: %.*s\n", out->b_len ? "\n" :
			    "", (int)(len - 3), ents[i]->d_name);
			r = fill(vs, arena_printf(a, "%s/%s", dir,
			    ents[i]->d_name), out, err);
			bad = (r < 0 || bad < 0) ? -1 : bad + r;
		}
		free(ents[i]);
	}
	free(ents);
	return bad;
}

static void
usage(FILE *err)
{
	size_t	i;

	fputs("usage: portalctl conf KIND [NAME=VALUE...]\n  KIND:", err);
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		fprintf(err, " %s", kinds[i].name);
	fputs("\n  prints the configuration for the installed paths; "
	    "NAME=VALUE overrides\n  a default:", err);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		fprintf(err, " %s", names[i].name);
	fputc('\n', err);
}

int
ctl_conf(struct arena *a, int argc, char **argv, FILE *out, FILE *err)
{
	const struct kind	*k = NULL;
	struct vars		 vs = { .n = 0 };
	struct buf		 b;
	const char		*confdir, *conf, *slash;
	size_t			 i;
	int			 r;

	for (i = 0; argc >= 2 && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(argv[1], kinds[i].name) == 0)
			k = &kinds[i];
	if (k == NULL) {
		usage(err);
		return 2;
	}
	if (locate(a, &vs, &confdir, err) == -1)
		return 1;
	for (i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++)
		var_set(a, &vs, defaults[i].name, defaults[i].value);
	if (k->access_log != NULL)
		var_set(a, &vs, "ACCESS_LOG", k->access_log);
	for (r = 2; r < argc; r++)
		if (argument(a, &vs, argv[r], err) == -1)
			return 2;
	/* The hospital's overrides live beside its portal.conf. */
	if (var_find(&vs, "OVERRIDES", strlen("OVERRIDES")) == NULL) {
		conf = var_find(&vs, "CONF", strlen("CONF"))->value;
		slash = strrchr(conf, '/');
		var_set(a, &vs, "OVERRIDES", slash == NULL ? "htdocs" :
		    arena_printf(a, "%.*s/htdocs", (int)(slash - conf), conf));
	}
	buf_init(&b, a);
	r = k->file != NULL ?
	    fill(&vs, arena_printf(a, "%s/%s", confdir, k->file), &b, err) :
	    fill_dir(a, &vs, arena_printf(a, "%s/%s", confdir, k->dir), &b,
	    err);
	if (r != 0)
		return 1;
	fwrite(b.b_data, 1, b.b_len, out);
	return fflush(out) == 0 ? 0 : 1;
}
