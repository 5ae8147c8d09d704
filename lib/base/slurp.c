/*
 * Reading a whole file descriptor, with a ceiling (slurp.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "slurp.h"

void *
slurp(int fd, size_t max, size_t *len)
{
	unsigned char	*p = NULL, *np;
	size_t		 cap = 0;
	ssize_t		 n;

	*len = 0;
	if (max < (size_t)-1)
		max++;
	for (;;) {
		if (*len == cap) {
			if (cap == max)
				break;
			cap = cap == 0 ? 65536 : cap * 2 > max ? max : cap * 2;
			if ((np = realloc(p, cap)) == NULL)
				goto err;
			p = np;
		}
		if ((n = read(fd, p + *len, cap - *len)) == -1) {
			if (errno == EINTR)
				continue;
			goto err;
		}
		if (n == 0)
			break;
		*len += (size_t)n;
	}
	if (p == NULL)
		p = malloc(1);
	return p;
err:
	free(p);
	return NULL;
}
