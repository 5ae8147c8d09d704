/*
 * QR codes as SVG (qr.h). libqrencode (Debian's libqrencode4) does the
 * hard part, Reed-Solomon and masking; here each row's runs of dark
 * modules become one-module-high rectangles of a single <path>, so the
 * markup stays small (a 20-byte secret's URI: a few kilobytes) and
 * renders crisply at any size.
 */
#include <string.h>

#include <qrencode.h>

#include "arena.h"
#include "html.h"
#include "qr.h"
#include "tmpl.h"

#define QUIET	4	/* modules of light margin (ISO/IEC 18004) */

const char *
qr_svg(struct arena *a, const char *text, const char *label)
{
	QRcode		*q;
	struct buf	 b;
	int		 w, x, y, run, size;

	if ((q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1)) ==
	    NULL)
		return NULL;
	w = q->width;
	size = w + 2 * QUIET;
	buf_init(&b, a);
	buf_printf(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
	    "aria-label=\"", size, size, size * 6, size * 6);
	html_text(&b, label);
	buf_printf(&b, "\" shape-rendering=\"crispEdges\">"
	    "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
	    size, size);
	for (y = 0; y < w; y++)
		for (x = 0; x < w; x += run > 0 ? run : 1) {
			/* The lowest bit of each module's byte: dark. */
			for (run = 0; x + run < w && (q->data[y * w + x + run] & 1);
			    run++)
				;
			if (run > 0)
				buf_printf(&b, "M%d %dh%dv1h-%dz", x + QUIET,
				    y + QUIET, run, run);
		}
	buf_puts(&b, "\"/></svg>");
	QRcode_free(q);
	return b.b_data;
}

int
qr_var(struct tvars *v, struct arena *a, const char *name, const char *text,
    const char *label)
{
	const char	*svg;

	if ((svg = qr_svg(a, text, label)) == NULL)
		return -1;
	tvars_html(v, name, svg);
	return 0;
}
