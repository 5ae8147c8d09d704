/*
 * The web side of secure messages, shared by cgi-bin/messages and
 * cgi-bin/inbox: a message's input from the request (its body rendered
 * from Markdown, its files), a thread's page values, an attachment as a
 * download. The operations are lib/app/messages.h.
 */
#ifndef PORTAL_MSG_PAGE_H
#define PORTAL_MSG_PAGE_H

#include <stdint.h>

#include "messages.h"
#include "valid.h"

struct ctx;
struct form;
struct tvars;

/* The message of a form read with FIELD_MSG_BODY and FIELD_SEND_KEY: the
 * body, its HTML (rendered once, here), the "file" inputs, the send key,
 * and whether the form's checks failed (a form without a key fails them:
 * fields_send_key_refused). */
void		 msg_page_body(struct ctx *c, struct form *f,
		    struct msg_body_in *out);
/* The page value "key": f's send key if it has a good one (a form shown
 * again keeps its key), else a new one, 128 random bits. */
void		 msg_page_key(struct ctx *c, const struct form *f);
/* A form page that gave back a form whose key already sent another
 * message (used): the page gets a new key, so that sending it again is
 * not refused again. Returns status. */
int		 msg_page_rekey(struct ctx *c, int used, int status);
/*
 * The form of a send that failed or was refused, with everything typed
 * (f, echoed; attachments must be chosen again) and a new chance to send
 * it with the same key, posted to action: no thread and no care team is
 * shown (either would be a view of health information, whose audit row
 * the database may not take now). status: 503 (cannot answer now), 500
 * (a bug), or a refusal (404) with reason. The page is message_unsent;
 * the caller adds its own fields' values first. Returns status.
 */
int		 msg_page_unsent(struct ctx *c, struct form *f, int status,
		    const char *reason, const char *action, const char *back);
/* A new thread's kind of question (the field "topic"): one of the
 * table's codes, else the message to show. */
const char	*msg_page_valid_topic(struct arena *a, const char *in,
		    size_t len, const char **out);
/* The page values "topics" (code, label), the one of f (if any)
 * selected. */
void		 msg_page_topics(struct ctx *c, const struct form *f);
/* The compose page's values "choices" (id, name, selected: patient),
 * "several", and "switch_get" (the form that only changes the patient,
 * shown where nothing is typed: to pick first, or no care team). */
void		 msg_page_choices(struct ctx *c, const struct record_choice *ch,
		    size_t n, int64_t patient, int pick, size_t nclinics);
/* "Wednesday, November 25, 2026, 5:00 p.m." */
const char	*msg_page_when(struct ctx *c, int64_t t);
/* Page values of a thread: its messages and attachments, whose links
 * are file_path?id=N. */
void		 msg_page_thread(struct ctx *c, const struct msg_thread_view *t,
		    const char *file_path);
/* Sends an attachment as a download: its own type, nosniff, a safe file
 * name, no caching. Returns 200. */
int		 msg_page_file(struct ctx *c, const struct attachment *at);

#endif
