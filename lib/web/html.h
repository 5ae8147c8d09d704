/*
 * Escaping by context (as cgit's html.c): one function per place a value
 * can stand in a page. Nothing else writes user data into a page.
 */
#ifndef PORTAL_HTML_H
#define PORTAL_HTML_H

struct buf;

/* Element text and double- or single-quoted attribute values:
 * & < > " ' become entities; other bytes pass (input is UTF-8 checked
 * at the edge). */
void	html_text(struct buf *b, const char *s);
/* A query-string component: everything but A-Z a-z 0-9 - _ . ~ is %XX. */
void	html_urlarg(struct buf *b, const char *s);

#endif
