/* Message threads, their messages and attachments (F-MSG). */
#ifndef PORTAL_STORE_MESSAGES_H
#define PORTAL_STORE_MESSAGES_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct arena;
struct db;

struct thread {
	int64_t		 id;
	int64_t		 patient_id;
	int64_t		 clinic_id;
	int64_t		 account_id;	/* the account that started it */
	int		 by_patient;	/* started by the patient's own account */
	const char	*topic;
	const char	*subject;
	const char	*status;	/* waiting, answered */
	int64_t		 due;		/* 0 when not waiting */
	int64_t		 created;
	int64_t		 updated;
	int		 unread_family;
	int		 unread_staff;
	const char	*clinic;	/* the clinic's name */
	const char	*patient;	/* the patient's name */
};

struct message {
	int64_t		 id;
	int		 from_staff;
	const char	*author;	/* the author's name */
	const char	*html;		/* rendered, safe */
	int64_t		 sent;
	int64_t		 due;
	int		 files;		/* 1 if it has attachments */
};

struct attachment {
	int64_t		 id;
	int64_t		 message_id;
	int64_t		 thread_id;
	const char	*name;
	const char	*mime;
	int64_t		 size;
	const void	*data;		/* only from store_attachment_get */
};

int64_t	store_thread_create(struct db *, const struct thread *t, time_t now);
int64_t	store_message_add(struct db *, int64_t thread, int from_staff,
	    int64_t author, const char *body, const char *html, time_t now,
	    int64_t due);
int64_t	store_attachment_add(struct db *, int64_t message, const char *name,
	    const char *mime, const void *data, size_t size);
/* After a family message: waiting for the care team until due. */
int	store_thread_waiting(struct db *, int64_t thread, int64_t due, time_t now);
/* After a care-team answer. */
int	store_thread_answered(struct db *, int64_t thread, time_t now);
/* The family side (staff 0) or the care team (staff 1) has read it. */
int	store_thread_read(struct db *, int64_t thread, int staff);

int	store_thread_get(struct db *, struct arena *, int64_t id, struct thread *out);
/* The same, and *on_team: 1 if staff is on the care team of the thread's
 * clinic (one statement for the care team's thread pages). */
int	store_thread_get_staff(struct db *, struct arena *, int64_t id,
	    int64_t staff, struct thread *out, int *on_team);
/* The account's threads about one patient, newest first. */
int	store_threads_of(struct db *, struct arena *, int64_t account,
	    int64_t patient, struct thread **out, size_t *n);
/*
 * The care team's inbox, in two parts, each over all the staff member's
 * clinics and read from an index (issue 9.5): the waiting threads after
 * (due, id), earliest due first; the answered ones before (updated, id),
 * latest update first. At most limit each; 0 or -1. A thread waits with a
 * due time always (the message that makes it wait sets it).
 */
int	store_inbox_waiting(struct db *, struct arena *, int64_t staff,
	    int64_t due, int64_t id, size_t limit, struct thread **out,
	    size_t *n);
int	store_inbox_answered(struct db *, struct arena *, int64_t staff,
	    int64_t updated, int64_t id, size_t limit, struct thread **out,
	    size_t *n);
int	store_thread_messages(struct db *, struct arena *, int64_t thread,
	    struct message **out, size_t *n);
/* The attachments of every message of a thread (no data). */
int	store_thread_attachments(struct db *, struct arena *, int64_t thread,
	    struct attachment **out, size_t *n);
/* One attachment with its data: 1, 0 (none), -1. */
int	store_attachment_get(struct db *, struct arena *, int64_t id,
	    struct attachment *out);

#endif
