/*
 * portalctl conf nginx|apache|systemd|spawn-fcgi [NAME=VALUE...]: the
 * shipped configuration templates (conf/ in the source tree,
 * PREFIX/share/portal/conf when installed) filled for the paths this
 * portalctl is installed under (issue 16.2). The one rendering rule:
 * `make demo`, the HTTP tests and an installation all use it.
 */
#ifndef PORTALCTL_CONF_CTL_H
#define PORTALCTL_CONF_CTL_H

#include <stdio.h>

struct arena;

/* argv[0] is "conf". Prints the kind's files to out (systemd's each
 * after a line "# file: NAME"); 0, 1 when a @NAME@ stays unfilled or a
 * file cannot be read (nothing printed), 2 for a usage error. */
int	ctl_conf(struct arena *, int argc, char **argv, FILE *out, FILE *err);

#endif
