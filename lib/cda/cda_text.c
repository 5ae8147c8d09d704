/*
 * Reading a parsed CDA tree: elements of the urn:hl7-org:v3 namespace by
 * name and path, attributes, narrative text rendered with its whitespace
 * folded (blocks on lines of their own, table cells joined by " | "),
 * the narrative elements that coded values point to by ID, and the
 * display names of codes and people. Nothing here writes.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "arena.h"
#include "cda.h"

#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))

static const char	 v3[] = "urn:hl7-org:v3";
static const char	 xsi[] = "http://www.w3.org/2001/XMLSchema-instance";

int
cda_is(const xmlNode *n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	    strcmp((const char *)n->ns->href, v3) == 0 &&
	    (name == NULL || strcmp((const char *)n->name, name) == 0);
}

xmlNode *
cda_next(const xmlNode *n, const char *name)
{
	for (n = n != NULL ? n->next : NULL; n != NULL; n = n->next)
		if (cda_is(n, name))
			return (xmlNode *)n;
	return NULL;
}

xmlNode *
cda_child(const xmlNode *n, const char *name)
{
	if (n == NULL || n->children == NULL)
		return NULL;
	if (cda_is(n->children, name))
		return n->children;
	return cda_next(n->children, name);
}

xmlNode *
cda_path(const xmlNode *n, const char *path)
{
	char		 step[64];
	const char	*slash;
	size_t		 len;

	while (n != NULL && *path != '\0') {
		slash = strchr(path, '/');
		len = slash != NULL ? (size_t)(slash - path) : strlen(path);
		if (len >= sizeof(step))
			return NULL;
		memcpy(step, path, len);
		step[len] = '\0';
		n = cda_child(n, step);
		path += len + (slash != NULL);
	}
	return (xmlNode *)n;
}

/* The value of an attribute in namespace ns (NULL: none), trimmed; NULL
 * when absent or blank. Values are one text node (no DTD, no entities). */
static const char *
attr_ns(struct arena *a, const xmlNode *n, const char *name, const char *ns)
{
	const xmlAttr	*at;
	const char	*v, *e;
	xmlChar		*tmp;

	if (n == NULL || n->type != XML_ELEMENT_NODE)
		return NULL;
	for (at = n->properties; at != NULL; at = at->next) {
		if (strcmp((const char *)at->name, name) != 0)
			continue;
		if (ns == NULL ? at->ns != NULL : (at->ns == NULL ||
		    strcmp((const char *)at->ns->href, ns) != 0))
			continue;
		if (at->children != NULL && at->children->next == NULL &&
		    at->children->type == XML_TEXT_NODE)
			v = (const char *)at->children->content;
		else {
			tmp = xmlNodeListGetString(n->doc, at->children, 1);
			v = arena_strdup(a, tmp != NULL ? (const char *)tmp : "");
			xmlFree(tmp);
		}
		if (v == NULL)
			return NULL;
		while (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n')
			v++;
		for (e = v + strlen(v); e > v && (e[-1] == ' ' || e[-1] == '\t' ||
		    e[-1] == '\r' || e[-1] == '\n'); e--)
			;
		if (e == v)
			return NULL;
		return *e == '\0' ? v : arena_strndup(a, v, (size_t)(e - v));
	}
	return NULL;
}

const char *
cda_attr(struct arena *a, const xmlNode *n, const char *name)
{
	return attr_ns(a, n, name, NULL);
}

const char *
cda_xsi_type(struct arena *a, const xmlNode *n)
{
	const char	*t = attr_ns(a, n, "type", xsi), *colon;

	/* "xsi:type='PQ'" or with a prefix of the v3 namespace: "v3:PQ". */
	if (t != NULL && (colon = strchr(t, ':')) != NULL)
		t = colon + 1;
	return t;
}

/* ---- Narrative text ---- */

struct render {
	struct buf	 out;
	size_t		 cap;
	int		 lines;		/* blocks on lines of their own */
	int		 space;		/* a space is due before more text */
	int		 nl;		/* a line break is due */
	int		 cell;		/* a cell separator is due */
	int		 full;
};

static const char *const blocks[] = {
	"paragraph", "list", "item", "table", "thead", "tbody", "tfoot", "tr",
	"caption", "br", "footnote", "title",
};

static int
is_block(const xmlNode *n)
{
	size_t	 i;

	for (i = 0; i < NELEM(blocks); i++)
		if (strcmp((const char *)n->name, blocks[i]) == 0)
			return 1;
	return 0;
}

/* Length of the whitespace at s (space, tab, CR, LF, U+00A0); 0 if none. */
static size_t
ws_len(const unsigned char *s)
{
	if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		return 1;
	if (s[0] == 0xc2 && s[1] == 0xa0)
		return 2;
	return 0;
}

static void
render_put(struct render *r, const char *s, size_t n)
{
	if (r->out.b_len + n > r->cap) {
		n = r->cap - r->out.b_len;
		/* Do not cut a UTF-8 sequence. */
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		r->full = 1;
	}
	buf_put(&r->out, s, n);
}

static void
render_text(struct render *r, const unsigned char *s)
{
	const unsigned char	*run;
	size_t			 w;

	while (*s != '\0' && !r->full) {
		if ((w = ws_len(s)) > 0) {
			r->space = 1;
			s += w;
			continue;
		}
		for (run = s; *s != '\0' && ws_len(s) == 0; s++)
			;
		if (r->out.b_len > 0) {
			if (r->nl && r->lines)
				render_put(r, "\n", 1);
			else if (r->cell)
				render_put(r, " | ", 3);
			else if (r->space || r->nl)
				render_put(r, " ", 1);
		}
		r->nl = r->space = r->cell = 0;
		render_put(r, (const char *)run, (size_t)(s - run));
	}
}

static void
render_node(struct render *r, const xmlNode *n)
{
	const xmlNode	*c;
	int		 block;

	for (c = n->children; c != NULL && !r->full; c = c->next) {
		switch (c->type) {
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			if (c->content != NULL)
				render_text(r, c->content);
			break;
		case XML_ELEMENT_NODE:
			block = is_block(c);
			if (block)
				r->nl = 1;
			else if (strcmp((const char *)c->name, "td") == 0 ||
			    strcmp((const char *)c->name, "th") == 0)
				r->cell = !r->nl;
			render_node(r, c);
			if (block)
				r->nl = 1;
			break;
		default:
			break;
		}
	}
}

char *
cda_text(struct arena *a, const xmlNode *n, size_t cap, int lines)
{
	struct render	 r;

	if (n == NULL)
		return NULL;
	memset(&r, 0, sizeof(r));
	buf_init(&r.out, a);
	r.cap = cap;
	r.lines = lines;
	render_node(&r, n);
	return r.out.b_len > 0 ? r.out.b_data : NULL;
}

int
cda_has_text(const xmlNode *n)
{
	const xmlNode		*c;
	const unsigned char	*s;
	size_t			 w;

	for (c = n != NULL ? n->children : NULL; c != NULL; c = c->next) {
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
		    (s = c->content) != NULL) {
			for (; *s != '\0'; s += w)
				if ((w = ws_len(s)) == 0)
					return 1;
		} else if (c->type == XML_ELEMENT_NODE && cda_has_text(c))
			return 1;
	}
	return 0;
}

/* ---- Elements by ID ---- */

/*
 * Sorted, not hashed: a document chooses its IDs, and could choose them
 * to collide. Each element's text is rendered once however often it is
 * referenced: a document may point at one big element from every entry.
 */
struct id {
	const char	*key;
	xmlNode		*node;
	size_t		 order;		/* in the document: the first wins */
	char		*text;
	int		 done;
};

struct cda_ids {
	struct id	*v;
	size_t		 n, cap;
};

static void
ids_walk(struct arena *a, xmlNode *n, struct cda_ids *ids)
{
	struct id	*e;
	const char	*key;

	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if ((key = cda_attr(a, n, "ID")) != NULL) {
			e = arena_push(a, (void **)&ids->v, &ids->n, &ids->cap,
			    sizeof(*e));
			e->key = key;
			e->node = n;
			e->order = ids->n;
		}
		ids_walk(a, n->children, ids);
	}
}

static int
id_cmp(const void *pa, const void *pb)
{
	const struct id	*a = pa, *b = pb;
	int		 c = strcmp(a->key, b->key);

	if (c != 0)
		return c;
	return a->order < b->order ? -1 : a->order > b->order;
}

static int
id_key_cmp(const void *key, const void *pb)
{
	return strcmp(key, ((const struct id *)pb)->key);
}

struct cda_ids *
cda_ids_build(struct arena *a, xmlNode *root)
{
	struct cda_ids	*ids = arena_alloc(a, sizeof(*ids));
	size_t		 i, k;

	ids_walk(a, root, ids);
	if (ids->n > 1)
		qsort(ids->v, ids->n, sizeof(*ids->v), id_cmp);
	for (i = k = 0; i < ids->n; i++)
		if (k == 0 || strcmp(ids->v[k - 1].key, ids->v[i].key) != 0)
			ids->v[k++] = ids->v[i];
	ids->n = k;
	return ids;
}

static struct id *
ids_find(const struct cda_ids *ids, const char *ref)
{
	if (ids == NULL || ref == NULL || ids->n == 0)
		return NULL;
	if (*ref == '#')
		ref++;
	return bsearch(ref, ids->v, ids->n, sizeof(*ids->v), id_key_cmp);
}

xmlNode *
cda_ids_get(const struct cda_ids *ids, const char *ref)
{
	struct id	*e = ids_find(ids, ref);

	return e != NULL ? e->node : NULL;
}

/* ---- Names ---- */

/* The text an originalText or text element stands for: the narrative it
 * references, else its own text. */
char *
cda_ref_text(struct arena *a, const struct cda_ids *ids, const xmlNode *n)
{
	const xmlNode	*ref;
	struct id	*e;

	if (n == NULL)
		return NULL;
	if ((ref = cda_child(n, "reference")) != NULL &&
	    (e = ids_find(ids, cda_attr(a, ref, "value"))) != NULL) {
		if (!e->done) {
			e->text = cda_text(a, e->node, CDA_NAME_MAX, 0);
			e->done = 1;
		}
		if (e->text != NULL)
			return e->text;
	}
	return cda_text(a, n, CDA_NAME_MAX, 0);
}

const char *
cda_code_name(struct arena *a, const struct cda_ids *ids, const xmlNode *cd)
{
	const xmlNode	*tr;
	const char	*s;

	if (cd == NULL)
		return NULL;
	if ((s = cda_attr(a, cd, "displayName")) != NULL)
		return s;
	if ((s = cda_ref_text(a, ids, cda_child(cd, "originalText"))) != NULL)
		return s;
	for (tr = cda_child(cd, "translation"); tr != NULL;
	    tr = cda_next(tr, "translation"))
		if ((s = cda_attr(a, tr, "displayName")) != NULL)
			return s;
	return NULL;
}

char *
cda_person_name(struct arena *a, const xmlNode *name)
{
	static const char *const parts[] = { "prefix", "given", "family",
	    "suffix" };
	const xmlNode	*p;
	struct buf	 b;
	char		*s;
	size_t		 i;

	if (name == NULL)
		return NULL;
	buf_init(&b, a);
	for (i = 0; i < NELEM(parts); i++)
		for (p = cda_child(name, parts[i]); p != NULL;
		    p = cda_next(p, parts[i]))
			if ((s = cda_text(a, p, CDA_NAME_MAX, 0)) != NULL) {
				if (b.b_len > 0)
					buf_putc(&b, ' ');
				buf_puts(&b, s);
			}
	if (b.b_len == 0)
		return cda_text(a, name, CDA_NAME_MAX, 0);
	return b.b_data;
}
