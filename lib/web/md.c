/*
 * Markdown to HTML with cmark in safe mode. Safe mode alone still lets
 * through data:image/png, gif, jpeg and webp sources and every remote
 * image, and drops raw HTML without a trace; so the parsed tree is fixed
 * before it is rendered:
 *   - a link's URL is emptied unless it is http:, https:, mailto: or
 *     relative, judged as a browser would read it (leading spaces and
 *     controls skipped, tabs and newlines ignored, case folded);
 *   - an image becomes a link to its source around its alt text (or
 *     just its alt text inside a link), so nothing loads by itself;
 *   - a link left inside another link gives up its own;
 *   - raw HTML becomes text (inline) or a code block (block): what was
 *     typed is shown, escaped, rather than lost ("<Tylenol> twice a day").
 * Nodes are collected in one walk and changed after it, so no iterator
 * sees a tree that moves under it. Bodies over MD_MAX_BYTES are not
 * parsed at all (see md.h) but escaped here as plain text.
 */
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "arena.h"
#include "valid.h"
#include "md.h"

/* Never CMARK_OPT_UNSAFE (DESIGN, known pitfalls). Hard breaks: a line
 * break typed in the message box stays one. */
#define MD_OPTS	(CMARK_OPT_DEFAULT | CMARK_OPT_SAFE | \
	CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_HARDBREAKS)

_Static_assert((MD_OPTS & CMARK_OPT_UNSAFE) == 0, "cmark unsafe mode");

struct nodes {
	cmark_node	**n_v;
	size_t		  n_len;
	size_t		  n_cap;
};

static void
nodes_push(struct arena *a, struct nodes *ns, cmark_node *node)
{
	cmark_node	**slot;

	slot = arena_push(a, (void **)&ns->n_v, &ns->n_len, &ns->n_cap,
	    sizeof(*slot));
	*slot = node;
}

/*
 * Nonzero if a browser would follow u only as http:, https:, mailto: or
 * a relative reference. The scheme is what comes before a ':' that
 * precedes any '/', '?' or '#'; a ':' there after anything but exactly
 * one of the three schemes makes the URL unsafe, even where a browser
 * would read a relative path ("a b:c"): nobody needs those in a message.
 */
static int
md_url_ok(const char *u)
{
	static const char *const ok[] = { "http", "https", "mailto" };
	const unsigned char	*s = (const unsigned char *)u;
	char			 scheme[8];
	size_t			 n = 0, i;
	int			 c;

	while (*s != '\0' && *s <= 0x20)
		s++;
	for (; *s != '\0'; s++) {
		if (*s == '\t' || *s == '\n' || *s == '\r')
			continue;
		if (*s == '/' || *s == '?' || *s == '#')
			return 1;
		if (*s == ':') {
			if (n >= sizeof(scheme))
				return 0;
			scheme[n] = '\0';
			for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
				if (strcmp(scheme, ok[i]) == 0)
					return 1;
			return 0;
		}
		c = *s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s;
		if (n < sizeof(scheme))
			scheme[n] = (char)c;
		n++;
	}
	return 1;
}

static void
md_fix_url(cmark_node *node)
{
	const char	*u = cmark_node_get_url(node);

	if (u != NULL && !md_url_ok(u))
		cmark_node_set_url(node, "");
}

static int
md_in_link(cmark_node *node)
{
	for (node = cmark_node_parent(node); node != NULL;
	    node = cmark_node_parent(node))
		if (cmark_node_get_type(node) == CMARK_NODE_LINK)
			return 1;
	return 0;
}

/* Puts node's children in its place and frees it. */
static void
md_unwrap(cmark_node *node)
{
	cmark_node	*c;

	while ((c = cmark_node_first_child(node)) != NULL)
		if (!cmark_node_insert_before(node, c))
			break;
	cmark_node_free(node);
}

/* Puts a new node of type t with node's literal in its place. */
static void
md_literal_as(cmark_node *node, cmark_node_type t)
{
	cmark_node	*nn = cmark_node_new(t);
	const char	*lit = cmark_node_get_literal(node);

	if (nn != NULL && cmark_node_set_literal(nn, lit != NULL ? lit : "") &&
	    cmark_node_insert_before(node, nn))
		nn = NULL;
	if (nn != NULL)
		cmark_node_free(nn);
	cmark_node_free(node);
}

/* An image becomes a link to its (checked) source around its alt text;
 * inside a link, or with no source left, just the alt text. */
static void
md_image(cmark_node *img)
{
	cmark_node	*link, *c, *text;
	const char	*url = cmark_node_get_url(img);
	const char	*title = cmark_node_get_title(img);

	if (url == NULL || *url == '\0' || md_in_link(img)) {
		md_unwrap(img);
		return;
	}
	if ((link = cmark_node_new(CMARK_NODE_LINK)) == NULL ||
	    !cmark_node_set_url(link, url) ||
	    !cmark_node_set_title(link, title != NULL ? title : "") ||
	    !cmark_node_insert_before(img, link)) {
		if (link != NULL)
			cmark_node_free(link);
		md_unwrap(img);
		return;
	}
	while ((c = cmark_node_first_child(img)) != NULL)
		if (!cmark_node_append_child(link, c))
			break;
	if (cmark_node_first_child(link) == NULL &&
	    (text = cmark_node_new(CMARK_NODE_TEXT)) != NULL) {
		if (!cmark_node_set_literal(text, url) ||
		    !cmark_node_append_child(link, text))
			cmark_node_free(text);
	}
	cmark_node_free(img);
}

static void
md_fix(struct arena *a, cmark_node *doc)
{
	struct nodes		 links = { NULL, 0, 0 }, images = { NULL, 0, 0 };
	struct nodes		 inl = { NULL, 0, 0 }, blk = { NULL, 0, 0 };
	cmark_iter		*it;
	cmark_node		*node;
	cmark_event_type	 ev;
	size_t			 i;

	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		node = cmark_iter_get_node(it);
		switch (cmark_node_get_type(node)) {
		case CMARK_NODE_LINK:
			md_fix_url(node);
			break;
		case CMARK_NODE_IMAGE:
			md_fix_url(node);
			nodes_push(a, &images, node);
			break;
		case CMARK_NODE_HTML_INLINE:
			nodes_push(a, &inl, node);
			break;
		case CMARK_NODE_HTML_BLOCK:
			nodes_push(a, &blk, node);
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);

	for (i = 0; i < inl.n_len; i++)
		md_literal_as(inl.n_v[i], CMARK_NODE_TEXT);
	for (i = 0; i < blk.n_len; i++)
		md_literal_as(blk.n_v[i], CMARK_NODE_CODE_BLOCK);
	/* In document order: an outer image is a link before its inner
	 * ones are looked at. */
	for (i = 0; i < images.n_len; i++)
		md_image(images.n_v[i]);

	/* Links inside links (an image's alt text may hold one). */
	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		node = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER &&
		    cmark_node_get_type(node) == CMARK_NODE_LINK &&
		    md_in_link(node))
			nodes_push(a, &links, node);
	}
	cmark_iter_free(it);
	for (i = 0; i < links.n_len; i++)
		md_unwrap(links.n_v[i]);
}

/*
 * Text too long for cmark, as typed: one paragraph, escaped, line breaks
 * kept, broken UTF-8 and control characters as U+FFFD (as cmark does).
 */
static char *
md_plain(struct arena *a, const unsigned char *s, size_t len)
{
	struct buf	 b;
	size_t		 k;
	unsigned	 cp;

	buf_init(&b, a);
	buf_puts(&b, "<p>");
	while (len > 0) {
		/* A run of bytes that stand for themselves, in one copy. */
		for (k = 0; k < len && s[k] >= 0x20 && s[k] < 0x7f &&
		    s[k] != '&' && s[k] != '<' && s[k] != '>' && s[k] != '"';
		    k++)
			;
		if (k > 0) {
			buf_put(&b, s, k);
			s += k;
			len -= k;
			continue;
		}
		if ((k = valid_utf8_char(s, len, &cp)) == 0) {
			buf_puts(&b, "\xef\xbf\xbd");
			s++;
			len--;
			continue;
		}
		switch (cp) {
		case '&':
			buf_puts(&b, "&amp;");
			break;
		case '<':
			buf_puts(&b, "&lt;");
			break;
		case '>':
			buf_puts(&b, "&gt;");
			break;
		case '"':
			buf_puts(&b, "&quot;");
			break;
		case '\r':
			if (len > 1 && s[1] == '\n')
				break;
			/* FALLTHROUGH */
		case '\n':
			buf_puts(&b, "<br />\n");
			break;
		case '\t':
			buf_putc(&b, '\t');
			break;
		default:
			if (cp < 0x20 || cp == 0x7f)
				buf_puts(&b, "\xef\xbf\xbd");
			else
				buf_put(&b, s, k);
			break;
		}
		s += k;
		len -= k;
	}
	buf_puts(&b, "</p>\n");
	return b.b_data;
}

char *
md_render(struct arena *a, const char *markdown, size_t len)
{
	cmark_node	*doc;
	char		*html, *out;

	if (markdown == NULL)
		markdown = "", len = 0;
	if (len > MD_MAX_BYTES)
		return md_plain(a, (const unsigned char *)markdown, len);
	if ((doc = cmark_parse_document(markdown, len, MD_OPTS)) == NULL)
		return arena_strdup(a, "");
	md_fix(a, doc);
	html = cmark_render_html(doc, MD_OPTS);
	cmark_node_free(doc);
	if (html == NULL)
		return arena_strdup(a, "");
	out = arena_strdup(a, html);
	cmark_get_default_mem_allocator()->free(html);
	return out;
}
