/*
 * Log lines on standard error (the supervisor or the web server keeps
 * them). Control bytes are escaped so input cannot forge a line, and
 * callers never pass health information or secrets.
 */
#ifndef PORTAL_LOG_H
#define PORTAL_LOG_H

struct ctx;

void	log_init(const char *prog);
void	log_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Like log_msg, with the request's reference id and client address. */
void	log_req(const struct ctx *c, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#endif
