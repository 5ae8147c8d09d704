/*
 * bench-data: fills a freshly initialised database with the synthetic
 * hospital of `make bench` (tests/bench/bench.c). A test tool, not part of
 * libportal.so or portalctl:
 *
 *	PORTAL_CONF=bench.conf build/bench/bench-data --patients N --results N
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "http.h"

static const char *
opt(int argc, char **argv, const char *name)
{
	int	 i;

	for (i = 1; i < argc - 1; i++)
		if (strcmp(argv[i], name) == 0)
			return argv[i + 1];
	return NULL;
}

int
main(int argc, char **argv)
{
	struct portal	*p;
	const char	*sp = opt(argc, argv, "--patients");
	const char	*sr = opt(argc, argv, "--results");
	char		*end1 = NULL, *end2 = NULL;
	long		 patients = sp ? strtol(sp, &end1, 10) : 0;
	long		 results = sr ? strtol(sr, &end2, 10) : -1;
	int		 rc;

	if (sp == NULL || sr == NULL || *end1 != '\0' || *end2 != '\0' ||
	    patients < 1 || results < 0) {
		fputs("usage: bench-data --patients N --results N\n", stderr);
		return 2;
	}
	p = portal_open(0);
	rc = bench_generate(p->db, p->conf, patients, results, stdout);
	portal_close(p);
	return rc == 0 ? 0 : 1;
}
