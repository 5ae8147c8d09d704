/*
 * Fields that more than one program takes, declared once (issue 8.6): the
 * same name, label, check and flags wherever they appear in a field table
 * (form.h). A program's own fields stay in the program.
 */
#ifndef PORTAL_FIELDS_H
#define PORTAL_FIELDS_H

#include "form.h"

/* ?p= or p: a patient's id (not required: no patient means "the first",
 * or a refusal, as each page says). */
#define FIELD_PATIENT		{ "p", "patient", valid_id, 0 }
/* id: a message thread's id. */
#define FIELD_THREAD		{ "id", "conversation", valid_id, F_REQ }
/* ?id=: an attachment's id. */
#define FIELD_ATTACHMENT	{ "id", "attachment", valid_id, F_REQ }
/* clinic: one of the patient's care teams. */
#define FIELD_CLINIC		{ "clinic", "care team", valid_id, F_REQ }
/* body: a message from the family or the care team's answer, in Markdown
 * (F-MSG 1, 5): one rule for both, fields_msg_body. */
#define FIELD_MSG_BODY		{ "body", "message", fields_msg_body, F_REQ }
/* key: the one-time key of a compose or reply form (issue 9.4), 32 hex
 * digits made when the form is shown (msg_page_key). Not F_REQ: a form
 * without one (a page opened before an upgrade) gets fields_send_key_refused,
 * from msg_page_body, instead of "Enter the ...". */
#define FIELD_SEND_KEY		{ "key", "this form", fields_send_key, 0 }

/* Several lines of valid UTF-8 of at most max characters (counted as
 * characters, not bytes): NULL and *out, or the message to show (toolong
 * when it is too long). The one rule of free text people write. */
const char	*fields_text(struct arena *, const char *in, size_t len,
		    size_t max, const char *toolong, const char **out);
/* A message body: valid UTF-8 (new lines allowed) of at most
 * MSG_MAX_BODY (20,000) characters, counted as characters, not bytes.
 * NULL and *out, or the message to show. */
const char	*fields_msg_body(struct arena *, const char *in, size_t len,
		    const char **out);
/* A send key: exactly 32 lower-case hex digits. */
const char	*fields_send_key(struct arena *, const char *in, size_t len,
		    const char **out);
/* What a form without a good key is told: nothing was sent, press Send
 * again (the page comes back with a new key and everything typed). */
extern const char fields_send_key_refused[];

#endif
