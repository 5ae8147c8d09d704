/*
 * portal-audit: the audit writer (issue 9.1), one copy under portal-serve
 * (its -a option), which hands it the listening socket RUNDIR/audit.sock
 * as standard input and restarts it when it dies. It opens the database
 * and the installation key as a web worker does, says it is ready on the
 * pipe named by PORTAL_READY_FD, and appends the workers' audit rows in
 * group commits until SIGTERM (lib/audit/audit_writer.c). Its batch
 * statistics go to standard error (portal-serve's log) at exit, on
 * SIGUSR1 and every 5 minutes in which it wrote rows.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit_client.h"
#include "audit_writer.h"
#include "log.h"
#include "portal.h"
#include "ready.h"

#define REPORT_S	300

int
main(void)
{
	struct portal	*p;
	int		 rc;

	log_init("portal-audit");
	/* The writer writes inline: it must never send to itself. */
	unsetenv(AUDIT_SOCKET_ENV);
	p = portal_open(1);
	ready_notify();
	rc = audit_writer_run(p->db, STDIN_FILENO, REPORT_S, NULL);
	portal_close(p);
	return rc == 0 ? 0 : 1;
}
