/*
 * The readiness byte portal-serve waits for (bin/portal-serve.c): a
 * process it started writes one byte on the pipe named by PORTAL_READY_FD
 * once its start-up went well, so that a death after it is a request's
 * (the process is replaced at once) and one before it is a start-up's
 * (replaced after a growing pause). The FastCGI workers (http_main) and
 * the audit writer (bin/portal-audit) call it.
 */
#ifndef PORTAL_READY_H
#define PORTAL_READY_H

/* Writes the byte and closes the pipe; without portal-serve (no
 * PORTAL_READY_FD) there is nothing to do. */
void	ready_notify(void);

#endif
