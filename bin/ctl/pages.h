/*
 * portalctl pages DIR: the web server's own error pages, rendered from
 * the templates with the configuration (issue 15.5). nginx and Apache
 * serve them for their own errors (an unknown URL, a program that does
 * not answer), when no program may be there to render a page.
 */
#ifndef PORTALCTL_PAGES_H
#define PORTALCTL_PAGES_H

#include <stdio.h>

struct arena;
struct conf;

/* Writes DIR/404.html and DIR/50x.html (0644, each replaced whole);
 * 0, or 1 with the reason on err. */
int	ctl_pages(struct arena *, const struct conf *, const char *dir,
	    FILE *err);

#endif
