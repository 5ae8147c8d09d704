/*
 * libFuzzer: the input is a template. If it compiles, it is rendered with
 * hostile values of every kind. Beyond ASan and UBSan, one oracle: when
 * the template itself has no '<', the only '<' in the page may come from
 * the one value marked HTML ("<b>", "</b>"); any other means a string
 * escaped its escaper.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "tmpl.h"

/*
 * Lists nested in themselves render 3^depth times ({{#l}}{{#l}}...):
 * fine for a trusted template, a timeout here. Few '#', few sections.
 */
#define FUZZ_MAXSECT	6

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_vars(struct tvars *v)
{
	struct tvars	*it;
	int		 i;

	tvars_str(v, "s", "\"><script>alert(1)</script>");
	tvars_str(v, "a", "&<>\"' javascript:x");
	tvars_str(v, "e", "");
	tvars_html(v, "h", "<b>bold</b>");
	tvars_bool(v, "f", 1);
	tvars_bool(v, "g", 0);
	tvars_list(v, "z");
	for (i = 0; i < 3; i++) {
		it = tvars_item(v, "l");
		tvars_strf(it, "n", "%d", i);
		tvars_str(it, "s", "<i>'item'</i>");
		if (i == 1)
			tvars_str(tvars_item(it, "l"), "n", "<inner>");
	}
}

static int
only_html_lt(const char *s, size_t len)
{
	const char	*p, *end = s + len;

	for (; (p = memchr(s, '<', (size_t)(end - s))) != NULL; s = p + 1)
		if ((size_t)(end - p) < 3 || (strncmp(p, "<b>", 3) != 0 &&
		    strncmp(p, "</b>", 4) != 0))
			return 0;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tmpl_set	*s;
	struct arena	*a;
	struct tvars	*v;
	struct buf	 out;
	char		 err[256];
	size_t		 i, nsect = 0;

	s = tmpl_set_parse("fuzz", (const char *)data, size, err,
	    sizeof(err));
	if (s == NULL) {
		if (memchr(err, '\n', strnlen(err, sizeof(err))) != NULL)
			abort();	/* a message must stay one line */
		return 0;
	}
	for (i = 0; i < size; i++)
		nsect += data[i] == '#';
	if (nsect > FUZZ_MAXSECT) {
		tmpl_set_free(s);
		return 0;
	}
	a = arena_new();
	v = tvars_new(a);
	fuzz_vars(v);
	buf_init(&out, a);
	if (tmpl_render(s, "fuzz", v, &out) == -1)
		abort();
	if (memchr(data, '<', size) == NULL &&
	    !only_html_lt(out.b_data, out.b_len))
		abort();
	arena_free(a);
	tmpl_set_free(s);
	return 0;
}
