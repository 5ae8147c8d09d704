/*
 * The readiness byte for portal-serve; see ready.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "ready.h"

void
ready_notify(void)
{
	const char	*e = getenv("PORTAL_READY_FD");
	char		*end;
	long		 fd;

	if (e == NULL)
		return;
	fd = strtol(e, &end, 10);
	if (*e != '\0' && *end == '\0' && fd > 2 && fd < 1024) {
		if (write((int)fd, "1", 1) != 1)
			log_msg("PORTAL_READY_FD: %s", strerror(errno));
		close((int)fd);
	}
	unsetenv("PORTAL_READY_FD");
}
