/*
 * Template sets. Every *.html of a folder is compiled once, at start, into
 * a tree of nodes; rendering only walks the nodes, so a request costs no
 * parsing and no file access. Which escaper a value goes through is decided
 * by one table (printers[] below) from the tag and the value's kind; the
 * only raw output is a value the program itself marked as HTML.
 * All of a set lives in one arena of its own, freed by tmpl_set_free.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "civil.h"
#include "html.h"
#include "tmpl.h"
#include "words.h"

#define TMPL_NEST	64		/* sections inside sections */
#define TMPL_PARTIALS	8		/* partials inside partials */
#define TMPL_MAXFILE	(1024 * 1024)	/* bytes in a template file */

enum node_type {
	NODE_TEXT,
	NODE_VAR,
	NODE_URLVAR,
	NODE_HTMLVAR,
	NODE_SECTION,
	NODE_INVERTED,
	NODE_PARTIAL,
	NODE__MAX
};

struct tmpl;

struct node {
	enum node_type	 n_type;
	const char	*n_text;	/* NODE_TEXT: bytes; else the name */
	size_t		 n_len;
	size_t		 n_line;	/* where the tag opens */
	struct node	*n_child;	/* sections: the body */
	struct node	*n_next;
	struct node	*n_nextpart;	/* next partial of the template */
	struct tmpl	*n_tmpl;	/* NODE_PARTIAL, once linked */
};

struct tmpl {
	const char	*t_name;
	const char	*t_file;	/* the name used in messages */
	struct node	*t_nodes;
	struct node	*t_parts;	/* its partial nodes, in order */
	int		 t_mark;	/* 0 new, 1 being visited, 2 done */
	int		 t_depth;	/* longest partial chain below */
	struct tmpl	*t_next;
};

struct tmpl_set {
	struct arena	*s_arena;	/* every template, node and text */
	struct tmpl	*s_head;
	struct tmpl	*s_tail;
};

enum tval_type {
	TV_STR,
	TV_HTML,
	TV_BOOL,
	TV_LIST,
	TV__MAX
};

struct tval {
	const char	*tv_name;
	size_t		 tv_len;
	enum tval_type	 tv_type;
	const char	*tv_str;	/* TV_STR, TV_HTML */
	int		 tv_on;		/* TV_BOOL */
	struct tvars	*tv_head;	/* TV_LIST: items in order added */
	struct tvars	*tv_tail;
	struct tval	*tv_next;
};

struct tvars {
	struct arena		*v_arena;
	const struct tvars	*v_parent;
	struct tval		*v_vals;
	struct tvars		*v_next;	/* next item of its list */
};

/*
 * How a tag prints a value, by value kind. NULL prints nothing: flags
 * and lists have no text. The one raw entry is {{html}} of an HTML value;
 * a plain string under {{html}} is escaped, so a mix-up cannot inject.
 */
typedef void	(*print_fn)(struct buf *, const char *);

static void	print_raw(struct buf *, const char *);

static const print_fn printers[NODE__MAX][TV__MAX] = {
	[NODE_VAR] = { [TV_STR] = html_text, [TV_HTML] = html_text },
	[NODE_URLVAR] = { [TV_STR] = html_urlarg, [TV_HTML] = html_urlarg },
	[NODE_HTMLVAR] = { [TV_STR] = html_text, [TV_HTML] = print_raw },
};

/* What a tag may start with; the last entry, a plain name, always fits. */
enum tag_kind {
	TAG_COMMENT,
	TAG_OPEN,
	TAG_CLOSE,
	TAG_NODE
};

static const struct tagdef {
	const char	*td_prefix;
	size_t		 td_len;
	int		 td_word;	/* needs a space after the prefix */
	enum tag_kind	 td_kind;
	enum node_type	 td_type;
} tagdefs[] = {
	{ "!", 1, 0, TAG_COMMENT, NODE__MAX },
	{ "#", 1, 0, TAG_OPEN, NODE_SECTION },
	{ "^", 1, 0, TAG_OPEN, NODE_INVERTED },
	{ "/", 1, 0, TAG_CLOSE, NODE__MAX },
	{ ">", 1, 0, TAG_NODE, NODE_PARTIAL },
	{ "url", 3, 1, TAG_NODE, NODE_URLVAR },
	{ "html", 4, 1, TAG_NODE, NODE_HTMLVAR },
	{ "", 0, 0, TAG_NODE, NODE_VAR },
};

static void
print_raw(struct buf *b, const char *s)
{
	buf_puts(b, s);
}

static int
name_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

static int
tag_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* A name fit for a message: printable, short, never a line break. */
static const char *
safe_name(char *dst, size_t dstsz, const char *s, size_t len)
{
	size_t	 i;

	if (len > dstsz - 1)
		len = dstsz - 1;
	for (i = 0; i < len; i++)
		dst[i] = (s[i] > ' ' && s[i] < 0x7f) ? s[i] : '?';
	dst[i] = '\0';
	return dst;
}

/* Puts "file:line: what" in err; returns -1 for the caller to pass on. */
static int
perr(char *err, size_t errsz, const char *file, size_t line,
    const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	if (err == NULL || errsz == 0)
		return -1;
	if (line > 0)
		n = snprintf(err, errsz, "%s:%zu: ", file, line);
	else
		n = snprintf(err, errsz, "%s: ", file);
	if (n < 0 || (size_t)n >= errsz)
		return -1;
	va_start(ap, fmt);
	vsnprintf(err + n, errsz - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* Index of the first "cc" at or after from, or len. */
static size_t
find2(const char *s, size_t len, size_t from, char c)
{
	const char	*p;

	while (from + 1 < len) {
		if ((p = memchr(s + from, c, len - from - 1)) == NULL)
			break;
		from = (size_t)(p - s);
		if (s[from + 1] == c)
			return from;
		from++;
	}
	return len;
}

static size_t
count_lines(const char *s, size_t len)
{
	const char	*p, *end = s + len;
	size_t		 n = 0;

	while (s < end && (p = memchr(s, '\n', (size_t)(end - s))) != NULL) {
		n++;
		s = p + 1;
	}
	return n;
}

static struct node *
node_new(struct arena *a, enum node_type type, const char *text,
    size_t len, size_t line)
{
	struct node	*n;

	n = arena_alloc(a, sizeof(*n));
	n->n_type = type;
	n->n_text = text;
	n->n_len = len;
	n->n_line = line;
	return n;
}

static struct tmpl *
tmpl_find(const struct tmpl_set *s, const char *name, size_t len)
{
	struct tmpl	*t;

	for (t = s->s_head; t != NULL; t = t->t_next)
		if (strncmp(t->t_name, name, len) == 0 &&
		    t->t_name[len] == '\0')
			return t;
	return NULL;
}

/*
 * Splits one tag (the bytes between the braces) into its definition and
 * name. A name must be [A-Za-z0-9_.-]+, which also keeps a typo such as
 * {{&x}} or {{raw x}} from passing as something it is not.
 */
static int
tag_parse(const char *s, size_t len, const struct tagdef **tdp,
    const char **namep, size_t *nlenp, const char *file, size_t line,
    char *err, size_t errsz)
{
	const struct tagdef	*td;
	char			 tmp[40];
	size_t			 i;

	while (len > 0 && tag_space(s[0])) {
		s++;
		len--;
	}
	while (len > 0 && tag_space(s[len - 1]))
		len--;
	if (len == 0)
		return perr(err, errsz, file, line, "empty tag");
	for (td = tagdefs; ; td++) {
		if (len < td->td_len ||
		    memcmp(s, td->td_prefix, td->td_len) != 0)
			continue;
		if (td->td_word &&
		    (len == td->td_len || !tag_space(s[td->td_len])))
			continue;
		break;
	}
	*tdp = td;
	if (td->td_kind == TAG_COMMENT)
		return 0;
	if (td->td_len == 0) {
		for (i = 0; i < len && !tag_space(s[i]); i++)
			continue;
		if (i < len || !name_char((unsigned char)s[0]))
			return perr(err, errsz, file, line,
			    "unknown directive '%s'",
			    safe_name(tmp, sizeof(tmp), s, i));
	}
	s += td->td_len;
	len -= td->td_len;
	while (len > 0 && tag_space(s[0])) {
		s++;
		len--;
	}
	if (len == 0)
		return perr(err, errsz, file, line, "missing name");
	for (i = 0; i < len; i++)
		if (!name_char((unsigned char)s[i]))
			return perr(err, errsz, file, line,
			    "bad character in name '%s'",
			    safe_name(tmp, sizeof(tmp), s, len));
	*namep = s;
	*nlenp = len;
	return 0;
}

/*
 * Compiles text into t; text is in the set's arena and text nodes point
 * into it.
 * Open sections are an explicit stack, so nesting costs no C stack and
 * is capped at TMPL_NEST.
 */
static int
tmpl_compile(struct tmpl_set *s, struct tmpl *t, const char *text,
    size_t len, char *err, size_t errsz)
{
	struct {
		struct node	 *o_node;	/* NULL for the top level */
		struct node	**o_tail;
	}			 stack[TMPL_NEST + 1];
	const struct tagdef	*td = NULL;
	struct node		*n, **parttail;
	const char		*name = NULL;
	char			 tmp[40];
	size_t			 depth = 0, pos = 0, line = 1, tag, end;
	size_t			 nlen = 0;

	stack[0].o_node = NULL;
	stack[0].o_tail = &t->t_nodes;
	parttail = &t->t_parts;
	while (pos < len) {
		tag = find2(text, len, pos, '{');
		if (tag > pos) {
			n = node_new(s->s_arena, NODE_TEXT, text + pos,
			    tag - pos, line);
			*stack[depth].o_tail = n;
			stack[depth].o_tail = &n->n_next;
			line += count_lines(text + pos, tag - pos);
		}
		if (tag == len)
			break;
		end = find2(text, len, tag + 2, '}');
		if (end == len || find2(text, end, tag + 2, '{') != end)
			return perr(err, errsz, t->t_file, line,
			    "'{{' without '}}'");
		if (tag_parse(text + tag + 2, end - tag - 2, &td, &name,
		    &nlen, t->t_file, line, err, errsz) == -1)
			return -1;
		pos = end + 2;
		switch (td->td_kind) {
		case TAG_COMMENT:
			break;
		case TAG_CLOSE:
			if (depth == 0)
				return perr(err, errsz, t->t_file, line,
				    "'{{/%s}}' closes no section",
				    safe_name(tmp, sizeof(tmp), name, nlen));
			n = stack[depth].o_node;
			if (n->n_len != nlen ||
			    memcmp(n->n_text, name, nlen) != 0)
				return perr(err, errsz, t->t_file, line,
				    "'{{/%s}}' while section '%s' of line %zu"
				    " is open",
				    safe_name(tmp, sizeof(tmp), name, nlen),
				    n->n_text, n->n_line);
			depth--;
			break;
		case TAG_OPEN:
		case TAG_NODE:
			n = node_new(s->s_arena, td->td_type,
			    arena_strndup(s->s_arena, name, nlen), nlen, line);
			*stack[depth].o_tail = n;
			stack[depth].o_tail = &n->n_next;
			if (td->td_type == NODE_PARTIAL) {
				*parttail = n;
				parttail = &n->n_nextpart;
			}
			if (td->td_kind != TAG_OPEN)
				break;
			if (depth == TMPL_NEST)
				return perr(err, errsz, t->t_file, line,
				    "sections nested deeper than %d",
				    TMPL_NEST);
			depth++;
			stack[depth].o_node = n;
			stack[depth].o_tail = &n->n_child;
			break;
		}
		line += count_lines(text + tag, end - tag);
	}
	if (depth > 0)
		return perr(err, errsz, t->t_file, stack[depth].o_node->n_line,
		    "section '%s' not closed", stack[depth].o_node->n_text);
	return 0;
}

/*
 * Depth-first walk of the partials below t, level hops from where the
 * walk began: a template met again while still open is a cycle, and no
 * chain may pass TMPL_PARTIALS. Each template is walked once.
 */
static int
tmpl_visit(struct tmpl *t, int level, char *err, size_t errsz)
{
	struct node	*n;
	struct tmpl	*u;

	if (t->t_mark == 2)
		return 0;
	t->t_mark = 1;
	for (n = t->t_parts; n != NULL; n = n->n_nextpart) {
		u = n->n_tmpl;
		if (u->t_mark == 1)
			return perr(err, errsz, t->t_file, n->n_line,
			    "partial '%s' makes a cycle", u->t_name);
		if (level >= TMPL_PARTIALS)
			goto deep;
		if (tmpl_visit(u, level + 1, err, errsz) == -1)
			return -1;
		if (u->t_depth + 1 > t->t_depth)
			t->t_depth = u->t_depth + 1;
		if (level + t->t_depth > TMPL_PARTIALS)
			goto deep;
	}
	t->t_mark = 2;
	return 0;
deep:
	return perr(err, errsz, t->t_file, n->n_line,
	    "partials nested deeper than %d", TMPL_PARTIALS);
}

/* Once every template is in: resolve partials, then check the graph. */
static int
tmpl_link(struct tmpl_set *s, char *err, size_t errsz)
{
	struct tmpl	*t;
	struct node	*n;

	for (t = s->s_head; t != NULL; t = t->t_next)
		for (n = t->t_parts; n != NULL; n = n->n_nextpart)
			if ((n->n_tmpl = tmpl_find(s, n->n_text,
			    n->n_len)) == NULL)
				return perr(err, errsz, t->t_file,
				    n->n_line, "no template '%s'", n->n_text);
	for (t = s->s_head; t != NULL; t = t->t_next)
		if (tmpl_visit(t, 0, err, errsz) == -1)
			return -1;
	return 0;
}

static struct tmpl_set *
set_new(char *err, size_t errsz)
{
	struct tmpl_set	*s;

	if ((s = calloc(1, sizeof(*s))) == NULL) {
		perr(err, errsz, "tmpl", 0, "%s", strerror(errno));
		return NULL;
	}
	s->s_arena = arena_new();
	return s;
}

static int
name_ok(const char *name, size_t len)
{
	size_t	 i;

	if (len == 0)
		return 0;
	for (i = 0; i < len; i++)
		if (!name_char((unsigned char)name[i]))
			return 0;
	return 1;
}

static struct tmpl *
set_add(struct tmpl_set *s, const char *name, size_t len, const char *file)
{
	struct tmpl	*t;

	t = arena_alloc(s->s_arena, sizeof(*t));
	t->t_name = arena_strndup(s->s_arena, name, len);
	t->t_file = file;
	if (s->s_tail == NULL)
		s->s_head = t;
	else
		s->s_tail->t_next = t;
	s->s_tail = t;
	return t;
}

/* Reads and compiles dir/fname as template fname minus ".html". */
static int
set_load_file(struct tmpl_set *s, const char *dir, const char *fname,
    char *err, size_t errsz)
{
	struct stat	 st;
	struct tmpl	*t;
	char		*path, *text, tmp[64];
	size_t		 len, got = 0;
	ssize_t		 r;
	int		 fd, rc = -1;

	len = strlen(fname) - 5;
	path = arena_printf(s->s_arena, "%s/%s", dir, fname);
	if (!name_ok(fname, len))
		return perr(err, errsz, safe_name(tmp, sizeof(tmp), fname,
		    strlen(fname)), 0, "template name not [A-Za-z0-9_.-]+");
	/* O_NONBLOCK: a FIFO named x.html must not hang the start. */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1)
		return perr(err, errsz, path, 0, "%s", strerror(errno));
	if (fstat(fd, &st) == -1) {
		perr(err, errsz, path, 0, "%s", strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = 0;		/* a folder named x.html: not ours */
		goto out;
	}
	if (st.st_size > TMPL_MAXFILE) {
		perr(err, errsz, path, 0, "larger than %d bytes",
		    TMPL_MAXFILE);
		goto out;
	}
	text = arena_alloc(s->s_arena, (size_t)st.st_size + 1);
	while (got < (size_t)st.st_size) {
		r = read(fd, text + got, (size_t)st.st_size - got);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			perr(err, errsz, path, 0, "%s", strerror(errno));
			goto out;
		}
		if (r == 0) {
			perr(err, errsz, path, 0, "changed while read");
			goto out;
		}
		got += (size_t)r;
	}
	t = set_add(s, fname, len, path);
	rc = tmpl_compile(s, t, text, got, err, errsz);
out:
	close(fd);
	return rc;
}

static int
is_template(const struct dirent *d)
{
	size_t	 len = strlen(d->d_name);

	/* Dot files are editor and system litter, not templates. */
	return d->d_name[0] != '.' && len > 5 &&
	    strcmp(d->d_name + len - 5, ".html") == 0;
}

struct tmpl_set *
tmpl_set_load(const char *dir, char *err, size_t errsz)
{
	struct tmpl_set	 *s = NULL;
	struct dirent	**ents = NULL;
	int		  i, n;

	/* Sorted, so the first error reported is the same every start. */
	if ((n = scandir(dir, &ents, is_template, alphasort)) == -1) {
		perr(err, errsz, dir, 0, "%s", strerror(errno));
		return NULL;
	}
	if ((s = set_new(err, errsz)) == NULL)
		goto err;
	for (i = 0; i < n; i++)
		if (set_load_file(s, dir, ents[i]->d_name, err, errsz) == -1)
			goto err;
	if (tmpl_link(s, err, errsz) == -1)
		goto err;
	for (i = 0; i < n; i++)
		free(ents[i]);
	free(ents);
	return s;
err:
	for (i = 0; i < n; i++)
		free(ents[i]);
	free(ents);
	tmpl_set_free(s);
	return NULL;
}

struct tmpl_set *
tmpl_set_parse(const char *name, const char *text, size_t len, char *err,
    size_t errsz)
{
	struct tmpl_set	*s;
	struct tmpl	*t;
	char		 tmp[64];
	size_t		 nlen = strlen(name);

	if (!name_ok(name, nlen)) {
		perr(err, errsz, safe_name(tmp, sizeof(tmp), name, nlen), 0,
		    "template name not [A-Za-z0-9_.-]+");
		return NULL;
	}
	if ((s = set_new(err, errsz)) == NULL)
		return NULL;
	t = set_add(s, name, nlen, arena_strndup(s->s_arena, name, nlen));
	if (tmpl_compile(s, t, arena_strndup(s->s_arena, text, len), len,
	    err, errsz) == -1 || tmpl_link(s, err, errsz) == -1) {
		tmpl_set_free(s);
		return NULL;
	}
	return s;
}

void
tmpl_set_free(struct tmpl_set *s)
{
	if (s == NULL)
		return;
	arena_free(s->s_arena);
	free(s);
}

int
tmpl_has(const struct tmpl_set *s, const char *name)
{
	return tmpl_find(s, name, strlen(name)) != NULL;
}

/* The innermost value called name: the scope first, then its parents. */
static const struct tval *
tvars_find(const struct tvars *v, const char *name, size_t len)
{
	const struct tval	*tv;

	for (; v != NULL; v = v->v_parent)
		for (tv = v->v_vals; tv != NULL; tv = tv->tv_next)
			if (tv->tv_len == len &&
			    memcmp(tv->tv_name, name, len) == 0)
				return tv;
	return NULL;
}

/* What a section tests: missing, false, "" and empty lists are false. */
static int
tval_true(const struct tval *tv)
{
	if (tv == NULL)
		return 0;
	switch (tv->tv_type) {
	case TV_STR:
	case TV_HTML:
		return tv->tv_str[0] != '\0';
	case TV_BOOL:
		return tv->tv_on;
	case TV_LIST:
		return tv->tv_head != NULL;
	default:
		return 0;
	}
}

static void
render_nodes(const struct node *n, const struct tvars *v, struct buf *out,
    int depth)
{
	const struct tval	*tv;
	const struct tvars	*item;
	print_fn		 fn;

	for (; n != NULL; n = n->n_next) {
		if (n->n_type == NODE_TEXT) {
			buf_put(out, n->n_text, n->n_len);
			continue;
		}
		if (n->n_type == NODE_PARTIAL) {
			/* Checked at load; this only guards the stack. */
			if (depth < TMPL_PARTIALS)
				render_nodes(n->n_tmpl->t_nodes, v, out,
				    depth + 1);
			continue;
		}
		tv = tvars_find(v, n->n_text, n->n_len);
		switch (n->n_type) {
		case NODE_SECTION:
			if (tv != NULL && tv->tv_type == TV_LIST)
				for (item = tv->tv_head; item != NULL;
				    item = item->v_next)
					render_nodes(n->n_child, item, out,
					    depth);
			else if (tval_true(tv))
				render_nodes(n->n_child, v, out, depth);
			break;
		case NODE_INVERTED:
			if (!tval_true(tv))
				render_nodes(n->n_child, v, out, depth);
			break;
		default:
			if (tv != NULL &&
			    (fn = printers[n->n_type][tv->tv_type]) != NULL)
				fn(out, tv->tv_str);
			break;
		}
	}
}

int
tmpl_render(const struct tmpl_set *s, const char *name,
    const struct tvars *v, struct buf *out)
{
	const struct tmpl	*t;

	if ((t = tmpl_find(s, name, strlen(name))) == NULL)
		return -1;
	render_nodes(t->t_nodes, v, out, 0);
	return 0;
}

struct tvars *
tvars_new(struct arena *a)
{
	struct tvars	*v;

	v = arena_alloc(a, sizeof(*v));
	v->v_arena = a;
	return v;
}

/* The value name of this scope only (not its parents), or NULL. */
static struct tval *
tval_own(const struct tvars *v, const char *name, size_t len)
{
	struct tval	*tv;

	for (tv = v->v_vals; tv != NULL; tv = tv->tv_next)
		if (tv->tv_len == len && memcmp(tv->tv_name, name, len) == 0)
			return tv;
	return NULL;
}

/* The value name of this scope, made new or emptied, of type type. */
static struct tval *
tval_set(struct tvars *v, const char *name, enum tval_type type)
{
	struct tval	*tv;
	size_t		 len = strlen(name);

	if ((tv = tval_own(v, name, len)) == NULL) {
		tv = arena_alloc(v->v_arena, sizeof(*tv));
		tv->tv_name = name;	/* lives as long as the arena (tmpl.h) */
		tv->tv_len = len;
		tv->tv_next = v->v_vals;
		v->v_vals = tv;
	}
	tv->tv_type = type;
	tv->tv_str = "";
	tv->tv_on = 0;
	tv->tv_head = tv->tv_tail = NULL;
	return tv;
}

void
tvars_str(struct tvars *v, const char *name, const char *val)
{
	tval_set(v, name, TV_STR)->tv_str = val != NULL ? val : "";
}

void
tvars_strf(struct tvars *v, const char *name, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = arena_vprintf(v->v_arena, fmt, ap);
	va_end(ap);
	tvars_str(v, name, s);
}

/* civil_when's text, cut to len bytes. */
static void
when_set(struct tvars *v, const char *name, int64_t t, size_t len)
{
	char	 w[CIVIL_WHEN_LEN];

	if (t == 0 || civil_when((time_t)t, w) == NULL) {
		tvars_str(v, name, "");
		return;
	}
	tvars_str(v, name, arena_strndup(v->v_arena, w, len));
}

void
tvars_when(struct tvars *v, const char *name, int64_t t)
{
	when_set(v, name, t, CIVIL_WHEN_LEN - 1);
}

void
tvars_day(struct tvars *v, const char *name, int64_t t)
{
	when_set(v, name, t, 10);
}

/* A words_* result as the value name, or "" (or fallback) without one. */
static void
words_set(struct tvars *v, const char *name, const char *w,
    const char *fallback)
{
	if (w == NULL)
		w = fallback != NULL ? fallback : "";
	tvars_str(v, name, arena_strdup(v->v_arena, w));
}

void
tvars_date(struct tvars *v, const char *name, int64_t t)
{
	char	 w[WORDS_LEN];

	words_set(v, name, t == 0 ? NULL : words_day((time_t)t, w), NULL);
}

void
tvars_datetime(struct tvars *v, const char *name, int64_t t)
{
	char	 w[WORDS_LEN];

	words_set(v, name, t == 0 ? NULL : words_when((time_t)t, w), NULL);
}

void
tvars_isodate(struct tvars *v, const char *name, const char *iso)
{
	char	 w[WORDS_LEN];

	words_set(v, name, words_iso(iso, w), iso);
}

void
tvars_age(struct tvars *v, const char *name, const char *dob, int64_t now)
{
	char	 w[WORDS_LEN];

	words_set(v, name, words_age(dob, (time_t)now, w), NULL);
}

void
tvars_int(struct tvars *v, const char *name, int64_t n)
{
	char		 buf[24], *p = buf + sizeof(buf);
	uint64_t	 u = n < 0 ? (uint64_t)0 - (uint64_t)n : (uint64_t)n;

	/* Without printf: ids are set once a row on long pages. */
	*--p = '\0';
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (n < 0)
		*--p = '-';
	tvars_str(v, name, arena_strndup(v->v_arena, p,
	    (size_t)(buf + sizeof(buf) - 1 - p)));
}

void
tvars_bool(struct tvars *v, const char *name, int on)
{
	tval_set(v, name, TV_BOOL)->tv_on = on != 0;
}

void
tvars_html(struct tvars *v, const char *name, const char *html)
{
	tval_set(v, name, TV_HTML)->tv_str = html != NULL ? html : "";
}

/* The list name of this scope, made one if it is anything else. */
static struct tval *
tval_list(struct tvars *v, const char *name)
{
	struct tval	*tv;

	if ((tv = tval_own(v, name, strlen(name))) != NULL &&
	    tv->tv_type == TV_LIST)
		return tv;
	return tval_set(v, name, TV_LIST);
}

struct tvars *
tvars_item(struct tvars *v, const char *name)
{
	struct tval	*tv = tval_list(v, name);
	struct tvars	*item;

	item = tvars_new(v->v_arena);
	item->v_parent = v;
	if (tv->tv_tail == NULL)
		tv->tv_head = item;
	else
		tv->tv_tail->v_next = item;
	tv->tv_tail = item;
	return item;
}

void
tvars_list(struct tvars *v, const char *name)
{
	(void)tval_list(v, name);
}
