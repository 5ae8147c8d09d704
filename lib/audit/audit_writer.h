/*
 * The audit writer (issue 9.1): one process that appends the audit rows
 * of every web worker, as many as arrived while the previous commit was
 * being made, in one transaction (group commit), keeps the hash chain,
 * and acknowledges each group only after its commit. bin/portal-audit
 * runs it under portal-serve; the workers' side is audit_client.h.
 */
#ifndef PORTAL_AUDIT_WRITER_H
#define PORTAL_AUDIT_WRITER_H

#include <stdint.h>

struct db;

/* Commit sizes in rows, by powers of two: 1, 2-3, 4-7, ..., 64 and more. */
#define AUDIT_HIST	7

struct audit_writer_stats {
	uint64_t	 commits;	/* transactions that committed rows */
	uint64_t	 rows;		/* rows they committed */
	uint64_t	 failed;	/* rows acknowledged as not written */
	uint64_t	 late;		/* rows sent back to their worker to
					 * write inline: they came too late */
	uint64_t	 max;		/* the largest commit, in rows */
	uint64_t	 hist[AUDIT_HIST];
};

/*
 * Serves the listening socket lfd (AF_UNIX SOCK_SEQPACKET) until SIGTERM
 * or SIGINT: accepts connections of its own user only, appends the rows
 * they send to db, answers each group after its commit. Logs the
 * statistics line (audit_writer_line) at the end, on SIGUSR1, and every
 * report_s seconds in which rows were written (0: never). If out is not
 * NULL it receives the final statistics. 0, or -1 if it could not run.
 */
int	audit_writer_run(struct db *, int lfd, unsigned report_s,
	    struct audit_writer_stats *out);

/* The statistics as one line (no newline) into buf:
 * "audit-batches commits=N rows=N mean=N.NN max=N failed=N late=N
 *  hist=1:N,2-3:N,4-7:N,8-15:N,16-31:N,32-63:N,64+:N" */
void	audit_writer_line(const struct audit_writer_stats *, char *buf,
	    size_t size);

#endif
