/*
 * lib/web/reqlog against a table: each request's outcome gives exactly
 * the line the table says (issue 16.6), and its level by the status;
 * a hostile method or a path with a blank cannot add a field.
 */
#include <stdio.h>
#include <string.h>

#include "reqlog.h"
#include "t.h"

static const struct {
	struct reqlog	 r;
	enum log_level	 level;
	const char	*want;
} cases[] = {
	{ { "0123456789ab", "record", 200, 12, "GET", "/record/labs" },
	  LOG_LEVEL_INFO, "level=info ref=0123456789ab prog=record status=200 "
	  "ms=12 method=GET path=/record/labs" },
	{ { "0123456789ab", "login", 303, 0, "POST", "/login/" },
	  LOG_LEVEL_INFO, "level=info ref=0123456789ab prog=login status=303 "
	  "ms=0 method=POST path=/login/" },
	{ { "0123456789ab", "help", 200, 1, "HEAD", "/" },
	  LOG_LEVEL_INFO, "level=info ref=0123456789ab prog=help status=200 "
	  "ms=1 method=HEAD path=/" },
	{ { "0123456789ab", "record", 404, 3, "GET", "/record/x" },
	  LOG_LEVEL_WARNING, "level=warning ref=0123456789ab prog=record "
	  "status=404 ms=3 method=GET path=/record/x" },
	{ { "0123456789ab", "pcpreq", 403, 5, "GET", "/staff/pcp/" },
	  LOG_LEVEL_WARNING, "level=warning ref=0123456789ab prog=pcpreq "
	  "status=403 ms=5 method=GET path=/staff/pcp/" },
	{ { "0123456789ab", "account", 503, 2001, "GET", "/account/" },
	  LOG_LEVEL_ERROR, "level=error ref=0123456789ab prog=account "
	  "status=503 ms=2001 method=GET path=/account/" },
	{ { "0123456789ab", "help", 500, 7, "GET", "/healthz" },
	  LOG_LEVEL_ERROR, "level=error ref=0123456789ab prog=help "
	  "status=500 ms=7 method=GET path=/healthz" },
	/* A path the request could not give (a 400) and no method. */
	{ { "0123456789ab", "login", 400, 0, NULL, NULL },
	  LOG_LEVEL_WARNING, "level=warning ref=0123456789ab prog=login "
	  "status=400 ms=0 method=- path=-" },
	/* Hostile: a method with a blank, in lower case, too long; a path
	 * with a blank or not absolute. Never a field of their own. */
	{ { "0123456789ab", "login", 405, 0, "GET status=200", "/login/" },
	  LOG_LEVEL_WARNING, "level=warning ref=0123456789ab prog=login "
	  "status=405 ms=0 method=- path=/login/" },
	{ { "0123456789ab", "login", 405, 0, "get", "/login/" },
	  LOG_LEVEL_WARNING, "level=warning ref=0123456789ab prog=login "
	  "status=405 ms=0 method=- path=/login/" },
	{ { "0123456789ab", "login", 405, 0, "AAAAAAAAAAAAAAAAA", "/" },
	  LOG_LEVEL_WARNING, "level=warning ref=0123456789ab prog=login "
	  "status=405 ms=0 method=- path=/" },
	{ { "0123456789ab", "login", 404, 0, "GET", "/a status=200" },
	  LOG_LEVEL_WARNING, "level=warning ref=0123456789ab prog=login "
	  "status=404 ms=0 method=GET path=-" },
	{ { "0123456789ab", "login", 404, 0, "GET", "login" },
	  LOG_LEVEL_WARNING, "level=warning ref=0123456789ab prog=login "
	  "status=404 ms=0 method=GET path=-" },
	/* A clock that went wrong is never a negative duration. */
	{ { "0123456789ab", "login", 200, -5, "GET", "/login/" },
	  LOG_LEVEL_INFO, "level=info ref=0123456789ab prog=login "
	  "status=200 ms=0 method=GET path=/login/" },
};

/* Statuses and their levels: the edges. */
static const struct {
	int		 status;
	enum log_level	 level;
} levels[] = {
	{ 200, LOG_LEVEL_INFO }, { 204, LOG_LEVEL_INFO },
	{ 303, LOG_LEVEL_INFO }, { 399, LOG_LEVEL_INFO },
	{ 400, LOG_LEVEL_WARNING }, { 422, LOG_LEVEL_WARNING },
	{ 499, LOG_LEVEL_WARNING }, { 500, LOG_LEVEL_ERROR },
	{ 503, LOG_LEVEL_ERROR }, { 0, LOG_LEVEL_ERROR },
	{ 600, LOG_LEVEL_ERROR },
};

int
main(void)
{
	char	 line[512], small[24], path[400];
	size_t	 i;
	struct reqlog r = { "0123456789ab", "record", 404, 1, "GET", path };

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		T_INT(reqlog_format(line, sizeof(line), &cases[i].r),
		    cases[i].level, cases[i].want);
		T_STR(line, cases[i].want, cases[i].want);
	}
	for (i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
		T_INT(reqlog_level(levels[i].status), levels[i].level,
		    "level of a status");
	/* A long path is cut at 256 bytes; a small buffer is terminated. */
	path[0] = '/';
	memset(path + 1, 'a', sizeof(path) - 2);
	path[sizeof(path) - 1] = '\0';
	reqlog_format(line, sizeof(line), &r);
	T_INT(strlen(strstr(line, "path=") + 5), 256, "a long path, cut");
	reqlog_format(small, sizeof(small), &r);
	T_INT(strlen(small), sizeof(small) - 1, "a small buffer");
	T_STR(log_level_names[LOG_LEVEL_WARNING], "warning", "names");
	return t_done("reqlog");
}
