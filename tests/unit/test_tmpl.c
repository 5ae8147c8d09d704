/*
 * Templates and escapers, as tables: a template, the values it gets and
 * the page it must make; a broken template and the line its error must
 * name. Hostile values stand in every context a page has.
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "html.h"
#include "tmpl.h"
#include "t.h"

#define HOSTILE	"\"><script>alert(1)</script>"

/* Most rows share one page's worth of values. */
static void
setup_std(struct tvars *v)
{
	struct tvars	*g, *m;

	tvars_str(v, "t", HOSTILE);
	tvars_str(v, "js", "javascript:alert('x')");
	tvars_str(v, "q", "a b&c=d/e?f#g~-_.");
	tvars_str(v, "amp", "&<>\"'");
	tvars_str(v, "name", "Ann");
	tvars_str(v, "utf", "\xc3\xa9");
	tvars_str(v, "empty", "");
	tvars_html(v, "h", "<em>hi</em>");
	tvars_html(v, "hempty", "");
	tvars_bool(v, "on", 1);
	tvars_bool(v, "off", 0);
	tvars_list(v, "nolist");

	tvars_str(tvars_item(v, "kids"), "name", "Bo");
	tvars_str(tvars_item(v, "kids"), "name", "<Cy>");
	tvars_str(tvars_item(v, "kids"), "age", "3");

	g = tvars_item(v, "groups");
	tvars_str(g, "title", "A");
	m = tvars_item(g, "members");
	tvars_str(m, "n", "x");
	m = tvars_item(g, "members");
	tvars_str(m, "n", "y");
	g = tvars_item(v, "groups");
	tvars_str(g, "title", "B");
	tvars_list(g, "members");
}

static void
setup_replace(struct tvars *v)
{
	tvars_str(v, "x", "1");
	tvars_str(v, "x", "2");
	tvars_bool(v, "y", 1);
	tvars_str(v, "y", "s");
	tvars_str(tvars_item(v, "z"), "i", "gone");
	tvars_bool(v, "z", 0);
	tvars_str(v, "l", "was a string");
	tvars_str(tvars_item(v, "l"), "i", "a");
	tvars_list(v, "l");		/* keeps the items */
	tvars_str(tvars_item(v, "l"), "i", "b");
	tvars_strf(v, "f", "%d<%s", 3, "a");
}

static void
setup_order(struct tvars *v)
{
	int	 i;

	for (i = 0; i < 10; i++)
		tvars_strf(tvars_item(v, "l"), "i", "%d", i);
}

/* tvars_int writes what "%" PRId64 writes, at both ends of the range. */
static void
setup_int(struct tvars *v)
{
	tvars_int(v, "a", 0);
	tvars_int(v, "b", 1234567);
	tvars_int(v, "c", -42);
	tvars_int(v, "d", INT64_MAX);
	tvars_int(v, "e", INT64_MIN);
}

static const struct rtest {
	const char	 *tmpl;
	void		(*setup)(struct tvars *);
	const char	 *want;
} rtests[] = {
	{ "{{a}} {{b}} {{c}} {{d}} {{e}}", setup_int,
	  "0 1234567 -42 9223372036854775807 -9223372036854775808" },
	/* Text and comments pass exactly as written. */
	{ "plain <b>text</b> {{! a comment }}done", NULL,
	  "plain <b>text</b> done" },
	{ "  {{#on}}\n  a\n{{/on}}\n\t", setup_std, "  \n  a\n\n\t" },
	{ "{ } }} {x} {", NULL, "{ } }} {x} {" },
	{ "{{!\nmulti-line\ncomment\n}}x", NULL, "x" },
	{ "{{ name }}{{# on }}y{{/ on }}{{url  name}}", setup_std,
	  "AnnyAnn" },
	/* Every special byte, in text and in each context. */
	{ "{{amp}}", setup_std, "&amp;&lt;&gt;&quot;&#39;" },
	{ "{{url amp}}", setup_std, "%26%3C%3E%22%27" },
	{ "{{html amp}}", setup_std, "&amp;&lt;&gt;&quot;&#39;" },
	{ "<a href=\"/x?q={{url t}}\" title=\"{{t}}\">{{t}}</a>", setup_std,
	  "<a href=\"/x?q=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E\""
	  " title=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">"
	  "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</a>" },
	{ "<a title='{{t}}'>", setup_std,
	  "<a title='&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;'>" },
	{ "<a href=\"/go?u={{url js}}\">{{js}}</a>", setup_std,
	  "<a href=\"/go?u=javascript%3Aalert%28%27x%27%29\">"
	  "javascript:alert(&#39;x&#39;)</a>" },
	{ "{{url q}}", setup_std, "a%20b%26c%3Dd%2Fe%3Ff%23g~-_." },
	{ "{{utf}}|{{url utf}}", setup_std, "\xc3\xa9|%C3%A9" },
	/* Only a value marked HTML prints raw, and only under {{html}}. */
	{ "{{html h}}|{{h}}|{{url h}}", setup_std,
	  "<em>hi</em>|&lt;em&gt;hi&lt;/em&gt;|%3Cem%3Ehi%3C%2Fem%3E" },
	{ "{{html t}}", setup_std,
	  "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" },
	/* Flags, lists and missing names print nothing. */
	{ "[{{on}}][{{off}}][{{kids}}][{{nolist}}]", setup_std,
	  "[][][][]" },
	{ "[{{url on}}{{html on}}{{url kids}}{{html kids}}]", setup_std,
	  "[]" },
	{ "[{{nope}}{{url nope}}{{html nope}}{{#nope}}x{{/nope}}]",
	  setup_std, "[]" },
	{ "[{{name}}]", NULL, "[]" },
	/* Lists: the item first, then the scope the list was set in. */
	{ "{{#kids}}[{{name}}]{{/kids}}", setup_std,
	  "[Bo][&lt;Cy&gt;][Ann]" },
	{ "{{#groups}}{{title}}:{{#members}}{{n}}@{{title}}/{{name}},"
	  "{{/members}}{{^members}}none{{/members}};{{/groups}}", setup_std,
	  "A:x@A/Ann,y@A/Ann,;B:none;" },
	/* An item's parent is where its list was set, not where it is
	 * used: kids items see the page's names, not the group's. */
	{ "{{#groups}}{{#kids}}{{name}}{{title}} {{/kids}}{{/groups}}",
	  setup_std, "Bo &lt;Cy&gt; Ann Bo &lt;Cy&gt; Ann " },
	{ "{{#l}}{{i}}{{/l}}", setup_order, "0123456789" },
	/* Flags and strings as sections; the scope stays. */
	{ "{{#on}}yes{{/on}}{{#off}}no{{/off}}{{#name}}n={{name}}{{/name}}"
	  "{{#empty}}e{{/empty}}{{#nope}}m{{/nope}}{{#nolist}}l{{/nolist}}",
	  setup_std, "yesn=Ann" },
	{ "{{#h}}1{{/h}}{{#hempty}}2{{/hempty}}", setup_std, "1" },
	/* Inverted: missing, false, "", empty list; nothing else. */
	{ "{{^nope}}1{{/nope}}{{^off}}2{{/off}}{{^empty}}3{{/empty}}"
	  "{{^nolist}}4{{/nolist}}{{^hempty}}5{{/hempty}}{{^on}}x{{/on}}"
	  "{{^name}}x{{/name}}{{^kids}}x{{/kids}}{{^h}}x{{/h}}", setup_std,
	  "12345" },
	{ "{{^x}}{{#x}}no{{/x}}yes{{/x}}", NULL, "yes" },
	/* Setting a name again replaces it, whatever it was. */
	{ "{{x}}{{y}}[{{#z}}{{i}}{{/z}}]{{#l}}{{i}}{{/l}}{{f}}",
	  setup_replace, "2s[]ab3&lt;a" },
};

static const struct etest {
	const char	*tmpl;
	const char	*where;		/* the message starts so */
	const char	*what;		/* and contains this */
} etests[] = {
	{ "a\nb {{name\nc", "t:2: ", "without '}}'" },
	{ "a\n\n{{a {{b}}", "t:3: ", "without '}}'" },
	{ "{{", "t:1: ", "without '}}'" },
	{ "x\n{{#a}}\n", "t:2: ", "section 'a' not closed" },
	{ "{{#a}}\n{{#b}}{{/b}}\n{{^c}}", "t:3: ", "section 'c' not closed" },
	{ "x\n\n{{/a}}", "t:3: ", "closes no section" },
	{ "{{#a}}\n{{#b}}\n{{/a}}{{/b}}", "t:3: ",
	  "section 'b' of line 2 is open" },
	{ "{{#a}}{{/a}}\n{{/a}}", "t:2: ", "closes no section" },
	{ "\n{{raw x}}", "t:2: ", "unknown directive 'raw'" },
	{ "{{&x}}", "t:1: ", "unknown directive" },
	{ "\n{{{x}}}", "t:2: ", "unknown directive" },
	{ "{{=<% %>=}}", "t:1: ", "unknown directive" },
	{ "\n\n\n{{n@me}}", "t:4: ", "bad character in name" },
	{ "{{#a/b}}{{/a/b}}", "t:1: ", "bad character in name" },
	{ "{{url a b}}", "t:1: ", "bad character in name" },
	{ "\n{{>a\xff}}", "t:2: ", "bad character in name" },
	{ "{{}}", "t:1: ", "empty tag" },
	{ "\n{{  }}", "t:2: ", "empty tag" },
	{ "{{#}}", "t:1: ", "missing name" },
	{ "{{> }}", "t:1: ", "missing name" },
	{ "x\n{{>nope}}", "t:2: ", "no template 'nope'" },
	{ "\n\n{{#a}}{{>t}}{{/a}}", "t:3: ", "makes a cycle" },
};

static void
test_render(void)
{
	struct arena		*a = arena_new();
	const struct rtest	*r;
	struct tmpl_set		*s;
	struct tvars		*v;
	struct buf		 out;
	char			 err[256], what[64];
	size_t			 i;

	for (i = 0; i < sizeof(rtests) / sizeof(rtests[0]); i++) {
		r = &rtests[i];
		snprintf(what, sizeof(what), "render row %zu", i);
		err[0] = '\0';
		s = tmpl_set_parse("t", r->tmpl, strlen(r->tmpl), err,
		    sizeof(err));
		T_OK(s != NULL, "%s: %s", what, err);
		if (s == NULL)
			continue;
		v = tvars_new(a);
		if (r->setup != NULL)
			r->setup(v);
		buf_init(&out, a);
		T_INT(tmpl_render(s, "t", v, &out), 0, what);
		T_STR(out.b_data, r->want, what);
		T_INT(out.b_len, strlen(r->want), what);
		tmpl_set_free(s);
		arena_reset(a);
	}
	arena_free(a);
}

static void
test_errors(void)
{
	const struct etest	*e;
	struct tmpl_set		*s;
	char			 err[256];
	size_t			 i;

	for (i = 0; i < sizeof(etests) / sizeof(etests[0]); i++) {
		e = &etests[i];
		err[0] = '\0';
		s = tmpl_set_parse("t", e->tmpl, strlen(e->tmpl), err,
		    sizeof(err));
		T_OK(s == NULL, "error row %zu: compiled", i);
		tmpl_set_free(s);
		T_OK(strncmp(err, e->where, strlen(e->where)) == 0 &&
		    strstr(err, e->what) != NULL,
		    "error row %zu: got \"%s\", want \"%s...%s\"", i, err,
		    e->where, e->what);
		T_OK(strchr(err, '\n') == NULL, "error row %zu: newline", i);
	}
}

/* Sections nest to 64; one more is refused (the C stack is at stake). */
static void
test_nesting(void)
{
	struct arena	*a = arena_new();
	struct tmpl_set	*s;
	struct buf	 b;
	char		 err[256];
	int		 i;

	buf_init(&b, a);
	for (i = 0; i < 64; i++)
		buf_puts(&b, "{{#on}}");
	buf_puts(&b, "x");
	for (i = 0; i < 64; i++)
		buf_puts(&b, "{{/on}}");
	s = tmpl_set_parse("t", b.b_data, b.b_len, err, sizeof(err));
	T_OK(s != NULL, "64 sections: %s", err);
	tmpl_set_free(s);

	buf_init(&b, a);
	for (i = 0; i < 65; i++)
		buf_puts(&b, "{{#on}}\n");
	s = tmpl_set_parse("t", b.b_data, b.b_len, err, sizeof(err));
	T_OK(s == NULL, "65 sections compiled");
	T_OK(strncmp(err, "t:65: ", 6) == 0 && strstr(err, "deeper"),
	    "65 sections: %s", err);
	tmpl_set_free(s);
	arena_free(a);
}

/* Escapers called directly, including NULL and the empty string. */
static void
test_html(void)
{
	struct arena	*a = arena_new();
	struct buf	 b;

	buf_init(&b, a);
	html_text(&b, NULL);
	html_text(&b, "");
	html_urlarg(&b, NULL);
	html_urlarg(&b, "");
	T_INT(b.b_len, 0, "escape nothing");
	html_text(&b, "a&&b\x01\x7f");
	T_STR(b.b_data, "a&amp;&amp;b\x01\x7f", "html_text controls");
	buf_init(&b, a);
	html_urlarg(&b, "\x01 +%\xff");
	T_STR(b.b_data, "%01%20%2B%25%FF", "html_urlarg");
	arena_free(a);
}

static int
write_file(const char *dir, const char *name, const char *text)
{
	char	 path[512];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "w")) == NULL)
		return -1;
	fputs(text, f);
	return fclose(f);
}

static void
clean_dir(const char *dir, const char *const *names)
{
	char	 path[512];

	for (; *names != NULL; names++) {
		snprintf(path, sizeof(path), "%s/%s", dir, *names);
		unlink(path);
	}
}

static void
test_load(void)
{
	static const char *const files[] = {
		"page.html", "head.html", "notes.txt", ".swp.html",
		"bad.html", "p0.html", "p1.html", "p2.html", "p3.html",
		"p4.html", "p5.html", "p6.html", "p7.html", "p8.html",
		"p9.html", "a.html", "b.html", NULL
	};
	struct arena	*a = arena_new();
	struct tmpl_set	*s;
	struct tvars	*v;
	struct buf	 out;
	char		 dir[] = "/tmp/test_tmpl.XXXXXX";
	char		 err[256], name[32];
	char		 text[64];
	int		 i;

	T_OK(mkdtemp(dir) != NULL, "mkdtemp");
	T_OK(write_file(dir, "page.html",
	    "<title>{{>head}}</title>\n{{#kids}}<li>{{>head}}</li>{{/kids}}\n")
	    == 0, "write page");
	T_OK(write_file(dir, "head.html", "{{name}}|{{url name}}") == 0,
	    "write head");
	/* Not templates: other extensions and dot files are skipped. */
	T_OK(write_file(dir, "notes.txt", "{{") == 0, "write notes");
	T_OK(write_file(dir, ".swp.html", "{{") == 0, "write swap");

	s = tmpl_set_load(dir, err, sizeof(err));
	T_OK(s != NULL, "load: %s", err);
	if (s != NULL) {
		T_OK(tmpl_has(s, "page") && tmpl_has(s, "head"), "has");
		T_OK(!tmpl_has(s, "notes") && !tmpl_has(s, ".swp") &&
		    !tmpl_has(s, "page.html") && !tmpl_has(s, "pag"),
		    "has not");
		v = tvars_new(a);
		tvars_str(v, "name", "A&B");
		tvars_str(tvars_item(v, "kids"), "name", "<k>");
		tvars_item(v, "kids");
		buf_init(&out, a);
		T_INT(tmpl_render(s, "page", v, &out), 0, "render page");
		T_STR(out.b_data, "<title>A&amp;B|A%26B</title>\n"
		    "<li>&lt;k&gt;|%3Ck%3E</li><li>A&amp;B|A%26B</li>\n",
		    "page");
		buf_init(&out, a);
		T_INT(tmpl_render(s, "nope", v, &out), -1, "render missing");
		T_INT(out.b_len, 0, "render missing prints nothing");
	}
	tmpl_set_free(s);

	/* An error names the file and the line. */
	T_OK(write_file(dir, "bad.html", "ok\n{{#x}}\n") == 0, "write bad");
	s = tmpl_set_load(dir, err, sizeof(err));
	T_OK(s == NULL && strstr(err, "/bad.html:2: ") != NULL,
	    "bad file: %s", err);
	tmpl_set_free(s);
	clean_dir(dir, files);

	/* A partial naming a template the folder lacks. */
	T_OK(write_file(dir, "page.html", "\n\n{{>gone}}") == 0, "write");
	s = tmpl_set_load(dir, err, sizeof(err));
	T_OK(s == NULL && strstr(err, "/page.html:3: no template 'gone'"),
	    "missing partial: %s", err);
	tmpl_set_free(s);
	clean_dir(dir, files);

	/* A cycle across two files. */
	T_OK(write_file(dir, "a.html", "{{>b}}") == 0, "write a");
	T_OK(write_file(dir, "b.html", "\n{{>a}}") == 0, "write b");
	s = tmpl_set_load(dir, err, sizeof(err));
	T_OK(s == NULL && strstr(err, "/b.html:2: ") &&
	    strstr(err, "makes a cycle"), "cycle: %s", err);
	tmpl_set_free(s);
	clean_dir(dir, files);

	/* p0 -> p1 -> ... -> p8 is 8 partials deep: allowed. */
	for (i = 0; i <= 8; i++) {
		snprintf(name, sizeof(name), "p%d.html", i);
		if (i < 8)
			snprintf(text, sizeof(text), "%d{{>p%d}}", i, i + 1);
		else
			snprintf(text, sizeof(text), "%d", i);
		T_OK(write_file(dir, name, text) == 0, "write %s", name);
	}
	s = tmpl_set_load(dir, err, sizeof(err));
	T_OK(s != NULL, "8 deep: %s", err);
	if (s != NULL) {
		buf_init(&out, a);
		T_INT(tmpl_render(s, "p0", NULL, &out), 0, "render p0");
		T_STR(out.b_data, "012345678", "8 deep");
	}
	tmpl_set_free(s);

	/* One more is refused. */
	T_OK(write_file(dir, "p8.html", "8{{>p9}}") == 0, "write p8");
	T_OK(write_file(dir, "p9.html", "9") == 0, "write p9");
	s = tmpl_set_load(dir, err, sizeof(err));
	T_OK(s == NULL && strstr(err, "deeper than 8"), "9 deep: %s", err);
	tmpl_set_free(s);
	clean_dir(dir, files);

	T_OK(rmdir(dir) == 0, "rmdir %s", dir);
	s = tmpl_set_load(dir, err, sizeof(err));
	T_OK(s == NULL && strstr(err, dir), "no folder: %s", err);
	arena_free(a);
}

int
main(void)
{
	char		 err[256];
	struct tmpl_set	*s;

	test_html();
	test_render();
	test_errors();
	test_nesting();
	test_load();
	s = tmpl_set_parse("bad name", "", 0, err, sizeof(err));
	T_OK(s == NULL && strstr(err, "bad?name"), "template name: %s", err);
	return t_done("tmpl");
}
