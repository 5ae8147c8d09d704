/*
 * Templates with escaping by default. A template set is read from a folder
 * of *.html files once, at process start, and compiled; rendering then
 * costs no file access. The syntax is a small Mustache:
 *
 *   {{name}}             the value, HTML-escaped (safe in text and quoted
 *                        attributes)
 *   {{url name}}         the value percent-encoded for a query component
 *   {{html name}}        a value the program marked as trusted HTML with
 *                        tvars_html (only lib/web does: rendered Markdown,
 *                        QR codes)
 *   {{#name}}..{{/name}} a list: once per item, the item's names first,
 *                        then the enclosing ones; a true flag or non-empty
 *                        string: once; otherwise nothing
 *   {{^name}}..{{/name}} only when name is missing, false, "" or an empty list
 *   {{>other}}           the template other.html of the same set
 *   {{! comment }}       nothing
 *
 * There is no way to print a string value raw.
 */
#ifndef PORTAL_TMPL_H
#define PORTAL_TMPL_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct buf;
struct tmpl_set;
struct tvars;

/*
 * Reads and compiles every *.html in dir (names without ".html").
 * On error returns NULL and puts "file:line: what" in err.
 * Free with tmpl_set_free.
 */
struct tmpl_set	*tmpl_set_load(const char *dir, char *err, size_t errsz);
/* Compiles one template from memory, named name, into a new set
 * (for tests and fuzzing). Same error convention. */
struct tmpl_set	*tmpl_set_parse(const char *name, const char *text, size_t len,
		    char *err, size_t errsz);
void		 tmpl_set_free(struct tmpl_set *);
/* Nonzero if the set has a template of that name. */
int		 tmpl_has(const struct tmpl_set *, const char *name);

/* Renders name with v into out; -1 if there is no such template. */
int		 tmpl_render(const struct tmpl_set *, const char *name,
		    const struct tvars *v, struct buf *out);

/* A scope of values, in arena memory. Names and values are not copied:
 * they must live as long as the arena (arena strings, or literals).
 * Setting a name again replaces it. */
struct tvars	*tvars_new(struct arena *a);
void		 tvars_str(struct tvars *, const char *name, const char *val);
void		 tvars_strf(struct tvars *, const char *name, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));
/* n in decimal, as tvars_strf(v, name, "%" PRId64, n) gives it. */
void		 tvars_int(struct tvars *, const char *name, int64_t n);
void		 tvars_bool(struct tvars *, const char *name, int on);
/* A moment (Unix seconds) in the hospital's time zone, as every page
 * shows one: "YYYY-MM-DD HH:MM" (tvars_when) or "YYYY-MM-DD"
 * (tvars_day); "" for 0. */
void		 tvars_when(struct tvars *, const char *name, int64_t t);
void		 tvars_day(struct tvars *, const char *name, int64_t t);
/* The same in words, as family pages show them (lib/base/words.h):
 * tvars_date "29 April 2011", tvars_datetime "26 Dec 2010, 10:00"; ""
 * for 0. tvars_isodate: an ISO text from a document or the store in
 * words at its precision, or the text as it came if it is not ISO.
 * tvars_age: "15 years" on the day now for a birth date "YYYY-MM-DD",
 * "" if there is none. */
void		 tvars_date(struct tvars *, const char *name, int64_t t);
void		 tvars_datetime(struct tvars *, const char *name, int64_t t);
void		 tvars_isodate(struct tvars *, const char *name, const char *iso);
void		 tvars_age(struct tvars *, const char *name, const char *dob,
		    int64_t now);
void		 tvars_html(struct tvars *, const char *name, const char *html);
/* Appends a new item to the list name (created on first use) and
 * returns the item's scope; its parent is v. */
struct tvars	*tvars_item(struct tvars *v, const char *name);
/* Marks name as a list even if no item is ever added ({{^name}} then
 * renders). */
void		 tvars_list(struct tvars *v, const char *name);

#endif
