/*
 * The one-time keys of compose and reply forms (issue 9.4,
 * sql/009-send-keys.sql): a message is stored with the key of the form
 * that sent it, in the same transaction, so a second POST of that form
 * finds it instead of storing a copy.
 */
#ifndef PORTAL_STORE_SEND_KEYS_H
#define PORTAL_STORE_SEND_KEYS_H

#include <stdint.h>

struct arena;
struct db;

/* The thread of the message that author (staff or family) already sent
 * with key: 1 and *thread, 0 if none (*thread 0), -1 on error. */
/* The message an author sent with a key. */
struct send_key_hit {
	int64_t		 thread;
	int64_t		 patient;	/* the thread's */
	const char	*body;		/* as typed */
};

/* The message the author (staff or not) sent with key: 1 (into *out, its
 * text in a's memory), 0 (none), -1. */
int	store_send_key_find(struct db *, struct arena *, int from_staff,
	    int64_t author, const char *key, struct send_key_hit *out);
/* Stores key with message, inside the sender's transaction. 0, or -1 (a
 * key already stored for the author is an error: the caller looked
 * first, in the same transaction). */
int	store_send_key_set(struct db *, int64_t message, const char *key);

#endif
