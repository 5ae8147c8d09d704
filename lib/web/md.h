/*
 * Message bodies (F-MSG 6): Markdown to HTML with cmark in safe mode, and
 * then some. The only module whose output templates print as trusted
 * HTML ({{html name}}, tvars_html).
 */
#ifndef PORTAL_MD_H
#define PORTAL_MD_H

#include <stddef.h>

struct arena;

/* Bumped whenever md_render's output for the same input may change, so
 * HTML stored or cached beside a body can be told stale and redone. */
#define MD_RENDER_VERSION	1

/* Longer bodies are shown as plain text (escaped, line breaks kept), not
 * parsed: cmark 0.30.2 is quadratic on some inputs ("![[]()" repeated:
 * 1.7 s at 240 KB, 77 s at 1 MB), and no message needs that much. */
#define MD_MAX_BYTES	((size_t)64 * 1024)

/*
 * The HTML for len bytes of Markdown (NULs and broken UTF-8 allowed; they
 * come out as U+FFFD). Links keep only http:, https:, mailto: and
 * relative URLs (any other href is empty); images become links to their
 * source with their alt text (no <img>: a remote image in a health
 * message would tell its sender when it was read); raw HTML comes out as
 * the text that was typed, escaped; line breaks typed inside a paragraph
 * are kept (<br />). Over MD_MAX_BYTES, the text as typed (see above).
 * markdown may be NULL when len is 0. Never NULL; in a.
 */
char	*md_render(struct arena *a, const char *markdown, size_t len);

#endif
