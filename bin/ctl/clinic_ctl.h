/*
 * portalctl's clinic set-up commands (issue 13.2), apart from
 * portalctl.c: the same operations as the staff pages (lib/app/clinicset).
 */
#ifndef PORTALCTL_CLINIC_H
#define PORTALCTL_CLINIC_H

#include <stdio.h>

struct portal;

/* 1 if argv[1] is one of this module's subcommands. */
int	ctl_clinic_is_verb(const char *verb);
/*
 * The body of "portalctl clinic ...": argv[0] "clinic", then
 *   add NAME [--phone P] [--location L]   (also --clinic NAME)
 *   set --clinic NAME [--phone P] [--location L]
 *   type add --clinic NAME --name N --minutes M [--video] [--self-schedule]
 *       [--notice-hours H] [--copay DOLLARS] [--code C]
 *   type set --type ID [any of the above; --no-video --no-self-schedule
 *       --retire --offer]
 *   document add --type ID --title T [--replaces ID] < body.txt
 *   document retire ID
 *   slots add --type ID --start 'YYYY-MM-DD HH:MM' [--count N]
 *       [--every MINUTES] [--provider P] [--location L]
 *   slot withdraw ID
 *   list [--clinic NAME]
 * Results to out, errors to err. 0 done, 1 refused or failed, 2 usage.
 */
int	ctl_clinic(struct portal *, int argc, char **argv, FILE *in, FILE *out,
	    FILE *err);

#endif
