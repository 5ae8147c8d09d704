/*
 * One log line per request's outcome (issue 16.6): what Support needs to
 * find a request from the reference its page shows, and nothing more:
 *
 *	level=info ref=3f9a0c1d2e4b prog=record status=200 ms=12
 *	    method=GET path=/record/labs
 *
 * (one line, after log.h's "prog[pid]: ref addr: " prefix). Never the
 * query, a cookie, a token or health information: a program's paths are
 * its route table's (exact matches, no ids in them), and a path no route
 * takes (a 404) is logged as the web server's access log has it already.
 */
#ifndef PORTAL_REQLOG_H
#define PORTAL_REQLOG_H

#include <stddef.h>

#include "log.h"

struct reqlog {
	const char	*ref;		/* the request's reference (hex) */
	const char	*prog;		/* the program's name */
	int		 status;
	long		 ms;		/* from accept to the answer sent */
	const char	*method;	/* REQUEST_METHOD, or NULL */
	const char	*path;		/* without the query, or NULL */
};

/* An outcome's level by its status: info for 1xx-3xx, warning for 4xx,
 * error for 5xx (and anything else). */
enum log_level	 reqlog_level(int status);
/* The line for r into out (always terminated, cut to outsz): a method
 * that is not one word of capitals, or a missing path, is "-"; a path
 * is cut at 256 bytes. Returns the line's level. */
enum log_level	 reqlog_format(char *out, size_t outsz, const struct reqlog *r);

#endif
