/* The e-mail outbox: handlers add, `portalctl mail` delivers. */
#ifndef PORTAL_STORE_OUTBOX_H
#define PORTAL_STORE_OUTBOX_H

#include <stdint.h>
#include <time.h>

struct arena;
struct db;

struct outmail {
	int64_t		 id;
	int64_t		 created;
	const char	*to;
	const char	*subject;
	const char	*body;
	int		 attempts;
};

int64_t	store_outbox_add(struct db *, const char *to, const char *subject,
	    const char *body, time_t now);
/* Claims the oldest deliverable message (unsent, not claimed in the last
 * 10 minutes, under 20 attempts): 1 and *out, 0 if none, -1 on error. */
int	store_outbox_claim(struct db *, struct arena *, time_t now, struct outmail *out);
int	store_outbox_sent(struct db *, int64_t id, time_t now);
int	store_outbox_failed(struct db *, int64_t id, const char *error);

#endif
