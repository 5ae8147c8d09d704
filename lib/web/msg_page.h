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

struct ctx;
struct form;
struct tvars;

/* The message of a form read with FIELD_MSG_BODY: the body, its HTML
 * (rendered once, here), the "file" inputs, and whether the form's
 * checks failed. */
void		 msg_page_body(struct ctx *c, const struct form *f,
		    struct msg_body_in *out);
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
