/*
 * portalctl's provider directory commands (issue 12.1): loading the
 * directory from the NPPES NPI registry file, and the PCP on file.
 */
#ifndef PORTALCTL_DIRECTORY_CTL_H
#define PORTALCTL_DIRECTORY_CTL_H

#include <stdio.h>

/*
 * "portalctl patient pcp MRN --npi NPI | --none", argv[0] "pcp": makes
 * the directory entry with that NPI the patient's PCP on file (or none).
 * Audited "pcp.set"; access follows at the next request. 0 done, 1 not
 * (no such patient or entry), 2 usage.
 */
int	ctl_patient_pcp(int argc, char **argv, FILE *out, FILE *err);
/*
 * "portalctl providers import FILE", argv[0] "import": loads the NPPES
 * file (ctl_providers in directory_ctl.c says how). A progress line on
 * err, the summary on out. 0 done (lines may have been skipped, each
 * named on err), 1 the file could not be read or the database failed,
 * 2 usage.
 */
int	ctl_providers(int argc, char **argv, FILE *out, FILE *err);

#endif
