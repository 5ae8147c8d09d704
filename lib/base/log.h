/*
 * Log lines on standard error (the supervisor or the web server keeps
 * them). Control bytes are escaped so input cannot forge a line, and
 * callers never pass health information or secrets.
 */
#ifndef PORTAL_LOG_H
#define PORTAL_LOG_H

#include <stdarg.h>

/* How much a line matters; portal.conf's log_level keeps the request
 * lines (reqlog.h) of that level and above. */
enum log_level { LOG_LEVEL_INFO, LOG_LEVEL_WARNING, LOG_LEVEL_ERROR };
/* Their names, in the enum's order, NULL-terminated: "info", "warning",
 * "error" (in the lines and in portal.conf). */
extern const char *const log_level_names[];

void	log_init(const char *prog);
void	log_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Like log_msg, prefixed with a request's reference id and client
 * address (log_req in http.h is the web layer's way to it). */
void	log_vref(const char *ref, const char *addr, const char *fmt, va_list ap)
	    __attribute__((format(printf, 3, 0)));

#endif
