/*
 * portalctl's options: "--name value" and "--flag" anywhere after the
 * command, read by name (one copy for every command file).
 */
#ifndef PORTAL_CTLOPT_H
#define PORTAL_CTLOPT_H

/* The value after --name in argv, or NULL. */
const char	*ctl_opt(int argc, char **argv, const char *name);
/* The value after --name, or def when --name is not given. */
const char	*ctl_opt_or(int argc, char **argv, const char *name,
		    const char *def);
/* 1 if --name stands in argv, else 0. */
int		 ctl_flag(int argc, char **argv, const char *name);

#endif
