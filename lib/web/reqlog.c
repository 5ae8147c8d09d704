/*
 * The request outcome's log line (reqlog.h): a formatter, so that a unit
 * test reads exactly what lib/web/http.c writes.
 */
#include <stdio.h>
#include <string.h>

#include "reqlog.h"

#define MAX_METHOD	16	/* longer than any method a server sends */
#define MAX_LOGGED_PATH	256

enum log_level
reqlog_level(int status)
{
	if (status >= 100 && status < 400)
		return LOG_LEVEL_INFO;
	if (status >= 400 && status < 500)
		return LOG_LEVEL_WARNING;
	return LOG_LEVEL_ERROR;
}

/* A method as the line may carry it: one word of capitals (a hostile
 * "GET x=1" must not add a field). */
static const char *
method_shown(const char *m)
{
	size_t	 n;

	if (m == NULL || (n = strspn(m, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")) == 0 ||
	    n > MAX_METHOD || m[n] != '\0')
		return "-";
	return m;
}

enum log_level
reqlog_format(char *out, size_t outsz, const struct reqlog *r)
{
	enum log_level	 lv = reqlog_level(r->status);
	const char	*path = r->path != NULL && r->path[0] == '/' &&
			    strcspn(r->path, " \t\r\n") == strlen(r->path) ?
			    r->path : "-";

	snprintf(out, outsz, "level=%s ref=%s prog=%s status=%d ms=%ld "
	    "method=%s path=%.*s", log_level_names[lv],
	    r->ref != NULL ? r->ref : "-", r->prog != NULL ? r->prog : "-",
	    r->status, r->ms < 0 ? 0 : r->ms, method_shown(r->method),
	    MAX_LOGGED_PATH, path);
	return lv;
}
