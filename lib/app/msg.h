/*
 * Secure messages (F-MSG): who may read a thread (asked of the policy),
 * the checks on attachments, the answer-due time, and storing a message
 * with its attachments in one transaction. Shared by cgi-bin/messages
 * (families) and cgi-bin/inbox (the care team).
 */
#ifndef PORTAL_MSG_H
#define PORTAL_MSG_H

#include <stddef.h>
#include <stdint.h>

#include "magic.h"
#include "store_messages.h"

struct ctx;
struct tvars;

#define MSG_MAX_FILES	3
#define MSG_MAX_FILE	MAGIC_MAX_BYTES	/* the size magic_refusal names */
#define MSG_MAX_BODY	20000		/* characters of text */

struct msg_file {
	const char		*name;		/* safe download name */
	const char		*mime;		/* from the content */
	const unsigned char	*data;
	size_t			 len;
};

/* The thread if the signed-in family account may read it: 1; 0 if not, or
 * if there is no such thread (one answer); -1 on error. */
int	msg_family_thread(struct ctx *c, int64_t id, struct thread *t);
/* The same for the signed-in staff member (their clinics' threads). */
int	msg_staff_thread(struct ctx *c, int64_t id, struct thread *t);
/* 1 if the signed-in family account may message about patient now. */
int	msg_family_may_write(struct ctx *c, int64_t patient);

/* Checks the request's files (field "file"): at most 3, 10 MB each, of
 * the allowed kinds by content. 0 and out[0..*n) when all are good; else
 * -1 and *problem names the file and says why. Empty file inputs are
 * ignored. */
int	msg_files(struct ctx *c, struct msg_file *out, size_t *n,
	    const char **problem);
/* When the care team's answer is due for a message sent now (F-MSG 3). */
int64_t	msg_due(struct ctx *c);
/* "Wednesday, November 25, 2026, 5:00 p.m." */
const char *msg_when(struct ctx *c, int64_t t);

/*
 * Stores a message (Markdown body, rendered once) with its files, inside
 * the caller's transaction. From the family: the thread waits for the
 * care team until due. From staff: the thread is answered and the family
 * is e-mailed (no health information). The message id, or -1.
 */
int64_t	msg_store(struct ctx *c, const struct thread *t, int from_staff,
	    const char *body, const struct msg_file *f, size_t nf, int64_t due);

/* Sends an attachment as a download: its own type, nosniff, a safe file
 * name, no caching. Returns 200. */
int	msg_send_file(struct ctx *c, const struct attachment *at);

/* GET ?id= of an attachment, for the family side (staff 0) or the care
 * team (staff 1): audited, then sent as msg_send_file does. 200; 0 if the
 * viewer may not read its thread or there is none (the caller answers
 * "not found"); 500 on error. */
int	msg_attachment(struct ctx *c, int staff);

/* Page values of a thread: its messages and attachments. */
int	msg_thread_vars(struct ctx *c, const struct thread *t, struct tvars *v,
	    const char *file_path);

#endif
