/*
 * portalctl pages (pages.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "conf.h"
#include "http.h"
#include "pages.h"
#include "tmpl.h"

static const struct {
	const char	*tmpl;
	const char	*file;
	const char	*title;
} pages[] = {
	{ "page404", "404.html", "Page not found" },
	{ "page50x", "50x.html", "Not available right now" },
	/* The server's own 413, past client_max_body_size or
	 * LimitRequestBody (32 MB, as the page says). */
	{ "page413", "413.html", "Too large to send" },
};

/* Writes text to dir/name through a temporary file renamed over it, so
 * that the server never serves half a page. */
static int
put(struct arena *a, const char *dir, const char *name, const struct buf *b,
    FILE *err)
{
	const char	*path = arena_printf(a, "%s/%s", dir, name);
	const char	*tmp = arena_printf(a, "%s/.%s.tmp", dir, name);
	FILE		*f;

	if ((f = fopen(tmp, "w")) == NULL) {
		fprintf(err, "portalctl: %s: %s\n", tmp, strerror(errno));
		return 1;
	}
	if (fwrite(b->b_data, 1, b->b_len, f) != b->b_len || fclose(f) != 0) {
		fprintf(err, "portalctl: %s: %s\n", tmp, strerror(errno));
		remove(tmp);
		return 1;
	}
	if (rename(tmp, path) == -1) {
		fprintf(err, "portalctl: %s: %s\n", path, strerror(errno));
		remove(tmp);
		return 1;
	}
	return 0;
}

int
ctl_pages(struct arena *a, const struct conf *cf, const char *dir, FILE *err)
{
	struct tmpl_set	*ts;
	struct tvars	*v;
	struct buf	 b;
	char		 why[512];
	size_t		 i;
	int		 rc = 0;

	if ((ts = tmpl_set_load(cf->templates, why, sizeof(why))) == NULL) {
		fprintf(err, "portalctl: templates: %s\n", why);
		return 1;
	}
	for (i = 0; i < sizeof(pages) / sizeof(pages[0]) && rc == 0; i++) {
		v = tvars_new(a);
		http_conf_vars(v, cf);
		tvars_str(v, "title", pages[i].title);
		buf_init(&b, a);
		if (tmpl_render(ts, pages[i].tmpl, v, &b) == -1) {
			fprintf(err, "portalctl: no template %s\n", pages[i].tmpl);
			rc = 1;
		} else
			rc = put(a, dir, pages[i].file, &b, err);
	}
	tmpl_set_free(ts);
	return rc;
}
