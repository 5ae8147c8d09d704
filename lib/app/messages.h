/*
 * Secure messages (F-MSG 1-6; F-PROXY 2), the operations of both sides:
 * the family's (list, compose, send, open a thread, reply, attachment) and
 * the care team's (inbox, open, answer, attachment). Each gathers the
 * facts, asks lib/policy/policy_messages.h, does its work in its own
 * transaction and writes its own audit row (app.h). Used by
 * cgi-bin/messages and cgi-bin/inbox, and by tests/app/test_app_messages.
 *
 * A refusal is one answer for "not yours" and "none" (APP_REFUSED); its
 * audit row (messages.refused, inbox.refused) names what was asked for:
 * "<what>: <asked>", where asked is the caller's words for the id asked
 * ("asked id=12", audit_asked in lib/web/audit_req.h).
 */
#ifndef PORTAL_MESSAGES_H
#define PORTAL_MESSAGES_H

#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "magic.h"
#include "record.h"
#include "store_clinics.h"
#include "store_messages.h"

struct call;

#define MSG_MAX_FILES	3
#define MSG_MAX_FILE	MAGIC_MAX_BYTES	/* the size magic_refusal names */
#define MSG_MAX_BODY	20000		/* characters of text, either side */

/* A file as it came, before its checks. */
struct msg_upload {
	const char		*name;		/* as the person's computer named it */
	const unsigned char	*data;
	size_t			 len;
};

/* A thread with everything its page shows. */
struct msg_thread_view {
	struct thread		 t;
	struct message		*m;
	size_t			 nm;
	struct attachment	*at;		/* of every message, no data */
	size_t			 nat;
};

/* What a new message or an answer carries. Required: body and html;
 * files: those of the form's file inputs (empty ones are skipped). */
struct msg_body_in {
	const char		*body;		/* Markdown, as typed */
	const char		*html;		/* body rendered (lib/web/md.h) */
	const struct msg_upload	*files;
	size_t			 nfiles;
	int			 invalid;	/* the caller's field checks failed */
	const char		*key;		/* the form's one-time key (issue
						 * 9.4); NULL is invalid input */
};

/* ---- The family's side (actor: a family account) ---- */

struct messages_list_in {
	int64_t		 patient;	/* 0: the first the account may see */
	int		 asked_patient;	/* a patient was asked for (even
					 * malformed: then patient is 0) */
	const char	*asked;
};
struct messages_list_out {
	struct record_choice	*choices;	/* the switcher */
	size_t			 nchoices;
	int64_t			 patient;	/* the one chosen, 0 if none */
	struct patient		 shown;		/* and who they are (id 0 if
						 * none) */
	int			 none;		/* no patient to show: no threads,
						 * no audit row */
	struct thread		*threads;	/* the account's own, newest first */
	size_t			 nthreads;
};
/* The account's threads about one patient. APP_OK (and messages.list; or
 * out->none without a row), APP_REFUSED (messages.refused "patient: ..."
 * for a patient asked for that the account may not see), APP_ERROR. */
enum app_rc	app_messages_list(const struct call *,
		    const struct messages_list_in *, struct messages_list_out *);

/* For the home page (issue 15.1), without an audit row of its own: how
 * many of the threads app_messages_list would list for patient have a
 * message the family has not read (0 where the list shows none). 0 or
 * -1. */
int		messages_unread(const struct call *, int64_t patient, size_t *n);

struct messages_compose_in {
	int64_t		 patient;
	int		 asked_patient;	/* a patient was asked for (even
					 * malformed: then patient is 0) */
	const char	*asked;
};
struct messages_compose_out {
	struct record_choice	*choices;	/* the patients to choose from */
	size_t			 nchoices;
	int			 pick;		/* none asked, several: the
						 * parent chooses first */
	int64_t			 patient;	/* the one written about */
	struct patient		 shown;		/* and who they are */
	struct clinic		*clinics;	/* the patient's care teams,
						 * by name */
	size_t			 nclinics;
};
/* The compose page's facts (it names the patient and their care teams: a
 * view). No patient asked for: the account's only one, or out->pick with
 * the choices when it has several (issue 15.1: the parent picks, never
 * silently the first; row messages.compose on patient 0, "choose the
 * patient: N named"). APP_OK (messages.compose), APP_REFUSED
 * (messages.refused "compose: ..."), APP_ERROR. */
enum app_rc	app_messages_compose(const struct call *,
		    const struct messages_compose_in *, struct messages_compose_out *);

struct messages_send_in {
	int64_t			 patient;
	const char		*asked;
	int64_t			 clinic;	/* 0 if not given or malformed */
	const char		*topic;
	const char		*subject;
	struct msg_body_in	 msg;
};
struct messages_send_out {
	int64_t			 thread;	/* APP_OK: the new thread, or the
						 * one the key already sent */
	int			 already;	/* APP_OK: the key's message was
						 * stored before: nothing now */
	int			 bad_clinic;	/* APP_INVALID: not the patient's */
	int			 key_used;	/* APP_INVALID: the form's key sent
						 * another message: a new key */
	const char		*problem;	/* APP_INVALID: a file's, or NULL */
	struct clinic		*clinics;	/* APP_INVALID: to choose again */
	size_t			 nclinics;
	struct patient		 shown;		/* APP_INVALID: who it is about */
	struct record_choice	*choices;	/* APP_INVALID: the patients to
						 * choose from */
	size_t			 nchoices;
};
/* A new thread to the chosen care team, waiting for its answer until the
 * due time (F-MSG 3). APP_OK (messages.sent "thread N, K attachments",
 * with the thread), APP_INVALID (messages.refused_input, detail the file
 * problem; nothing stored), APP_REFUSED (messages.refused "compose: ..."),
 * APP_BUSY, APP_ERROR. */
enum app_rc	app_messages_send(const struct call *,
		    const struct messages_send_in *, struct messages_send_out *);

struct msg_thread_in {
	int64_t		 thread;	/* 0 if malformed */
	const char	*asked;
};
/* One thread, marked read by the family. APP_OK (messages.read "thread
 * N"), APP_REFUSED (messages.refused "thread: ..."), APP_BUSY, APP_ERROR. */
enum app_rc	app_messages_open(const struct call *,
		    const struct msg_thread_in *, struct msg_thread_view *out);

struct msg_reply_in {
	int64_t			 thread;
	const char		*asked;
	struct msg_body_in	 msg;
};
struct msg_reply_out {
	struct msg_thread_view	 view;		/* APP_INVALID: to show again */
	const char		*problem;	/* APP_INVALID: a file's, or NULL */
	int64_t			 already;	/* APP_OK: the thread whose message
						 * the key already sent (nothing
						 * stored now), else 0 */
	int			 key_used;	/* APP_INVALID: the form's key sent
						 * another message: a new key */
};
/*
 * Every send (app_messages_send, app_messages_reply, app_inbox_answer) is
 * idempotent by its msg.key: in its transaction it looks for a message
 * that the same author already sent with that key; if it is this very
 * message (the same text, to the same thread, or for a new thread about
 * the same patient) it stores nothing and answers APP_OK with
 * out->already; if it is another one (a form sent twice with different
 * text) it answers APP_INVALID with out->key_used: the page gives the
 * text back under a new key, nothing is lost or dropped. The key is
 * committed with the message, so a retry after a lost answer (a killed
 * worker) finds it. A failure of the database that is not a bug (locked,
 * full, read-only: db_unavailable) is APP_BUSY.
 */
/* A message in a thread of the account's. APP_OK (messages.sent "thread
 * N, K attachments"), APP_INVALID (messages.refused_input), APP_REFUSED
 * (messages.refused "reply: ..."), APP_BUSY, APP_ERROR. */
enum app_rc	app_messages_reply(const struct call *,
		    const struct msg_reply_in *, struct msg_reply_out *);

struct msg_attachment_in {
	int64_t		 attachment;	/* 0 if malformed */
	const char	*asked;
};
/* An attachment, with its data, of a thread the account may read.
 * APP_OK (messages.attachment "attachment N"), APP_REFUSED
 * (messages.refused "attachment: ..."), APP_ERROR. */
enum app_rc	app_messages_attachment(const struct call *,
		    const struct msg_attachment_in *, struct attachment *out);

/* ---- The care team's side (actor: a staff member) ---- */

#define INBOX_PAGE	50		/* threads a page of the inbox shows */

/*
 * A position in the inbox's order (issue 9.5): the waiting threads by due
 * time, earliest first (overdue ones thus first), then the answered ones
 * by their last update, latest first; equal times by thread id. A page
 * starts after a position; its text (inbox_pos_text) is the "next page"
 * link's cursor: opaque to the reader, a place in the order and nothing
 * about a patient.
 */
struct inbox_pos {
	int		 answered;	/* 0: among the waiting threads */
	int64_t		 key;		/* due (waiting) or updated (answered) */
	int64_t		 id;		/* the thread's id */
};
/* The cursor's text for pos (arena). */
char		*inbox_pos_text(struct arena *, const struct inbox_pos *pos);
/* Reads a cursor: 0 and *pos, or -1 for anything inbox_pos_text does not
 * write (nothing is trusted: a forged one is only another place in the
 * staff member's own inbox). */
int		 inbox_pos_parse(const char *s, struct inbox_pos *pos);

struct inbox_list_in {
	const struct inbox_pos	*after;		/* NULL: the first page */
};
struct inbox_list_out {
	struct thread	*threads;	/* at most INBOX_PAGE, in the order */
	size_t		 nthreads;
	int		 more;		/* a next page exists: it starts */
	struct inbox_pos next;		/* after this position */
};
/*
 * The care team's side is the clinic role's (issue 11.8): every app_inbox_
 * operation first asks app_staff_may(STAFF_INBOX) and refuses a caller
 * without it (APP_REFUSED, inbox.refused "<path>: no clinic role"). A
 * page tells that refusal (403) from "no such conversation" (404) by
 * asking app_inbox_may after the refusal: 1 if the caller holds the
 * role, 0 if not, -1 if the store could not answer.
 */
int		app_inbox_may(const struct call *);

/* One page of the threads of the staff member's clinics, read in index
 * order with a LIMIT (the cost of a page does not grow with the threads a
 * clinic has ever had). APP_OK (one inbox.list row "N threads" per
 * patient on the page, in one transaction), APP_REFUSED for anyone but a
 * staff member of the clinic role, APP_BUSY, APP_ERROR. */
enum app_rc	app_inbox_list(const struct call *, const struct inbox_list_in *,
		    struct inbox_list_out *);

/* A thread of the staff member's clinics, marked read by the care team.
 * APP_OK (inbox.read "thread N"), APP_REFUSED (inbox.refused
 * "/inbox/thread: ..."), APP_BUSY, APP_ERROR. */
enum app_rc	app_inbox_open(const struct call *,
		    const struct msg_thread_in *, struct msg_thread_view *out);

/* The care team's answer: the thread is answered and the family account
 * is e-mailed (without health information). APP_OK (inbox.answered
 * "thread N"), APP_INVALID (no row: nothing was shown or stored),
 * APP_REFUSED (inbox.refused "/inbox/reply: ..."), APP_BUSY, APP_ERROR. */
enum app_rc	app_inbox_answer(const struct call *,
		    const struct msg_reply_in *, struct msg_reply_out *);

/* An attachment of a thread of the staff member's clinics. APP_OK
 * (inbox.attachment "attachment N"), APP_REFUSED (inbox.refused
 * "/inbox/file: ..."), APP_ERROR. */
enum app_rc	app_inbox_attachment(const struct call *,
		    const struct msg_attachment_in *, struct attachment *out);

#endif
