/*
 * portalctl's options (ctlopt.h).
 */
#include <string.h>

#include "ctlopt.h"

const char *
ctl_opt(int argc, char **argv, const char *name)
{
	int	 i;

	for (i = 0; i < argc - 1; i++)
		if (strcmp(argv[i], name) == 0)
			return argv[i + 1];
	return NULL;
}

const char *
ctl_opt_or(int argc, char **argv, const char *name, const char *def)
{
	const char	*v = ctl_opt(argc, argv, name);

	return v != NULL ? v : def;
}

int
ctl_flag(int argc, char **argv, const char *name)
{
	int	 i;

	for (i = 0; i < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return 1;
	return 0;
}
