/*
 * portalctl's visits commands (issue 13.1, 13.9): import of the
 * scheduling system's HL7 v2 SIU messages, and the reminder e-mails.
 */
#ifndef PORTALCTL_VISITS_CTL_H
#define PORTALCTL_VISITS_CTL_H

#include <stdio.h>

/*
 * The body of "portalctl visits VERB ...", argv[0] the verb:
 *   import FILE|FOLDER|- ...	each file (one message, several plain
 *				messages, or an MLLP stream), each regular
 *				file of a folder in name order, or standard
 *				input; one transaction per message
 *   remind			queue the reminder e-mails due now
 * Results go to out, messages to err. 0 done, 1 something refused or
 * failed, 2 usage.
 */
int	ctl_visits(int argc, char **argv, FILE *out, FILE *err);

#endif
