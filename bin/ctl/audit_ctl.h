/*
 * portalctl's audit search, export and disclosures (issue 16.1): the
 * privacy office's page (cgi-bin/privacy.c) at the machine, with the
 * same filters (lib/app/auditq.c) and the same export (lib/app/privacy.c).
 */
#ifndef PORTALCTL_AUDIT_CTL_H
#define PORTALCTL_AUDIT_CTL_H

#include <stdio.h>

/*
 * The body of "portalctl audit VERB ...", argv[0] the verb:
 *   search [--mrn MRN] [--actor WHO] [--action NAME] [--since WHEN]
 *          [--until WHEN] [--page N]	50 rows a page, newest first,
 *					as a table
 *   export [--format csv|jsonl] (the same filters)
 *					every row, oldest first
 *   disclosures --mrn MRN [--format csv|jsonl]
 *					a patient's accounting of
 *					disclosures (a table, or a file)
 * Results go to out, messages to err. 0 done, 1 refused or failed (a
 * bad filter, no such MRN, a database error), 2 usage.
 */
int	ctl_audit_query(int argc, char **argv, FILE *out, FILE *err);

#endif
