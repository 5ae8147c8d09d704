/*
 * A statement as a PDF (billpdf.h): US Letter, a heading, the facts, a
 * table of the lines (descriptions wrapped, never cut), the totals and
 * the billing contact; a new page whenever the next row would not fit.
 *
 * cairo is opened at the first PDF, not linked: it and what it pulls in
 * (pixman, fontconfig, freetype, X11's libraries) made every billing
 * worker 2 MB larger from its start (11.7 MB resident, over the budget of
 * 10, issue 9.6), and most workers never make a PDF.
 */
#include <dlfcn.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>

#include "arena.h"
#include "billpdf.h"
#include "log.h"

#define PAGE_W	612.0
#define PAGE_H	792.0
#define MARGIN	50.0
#define SIZE	9.0
#define LEAD	12.0

/* Its SONAME (cairo 1.x); Debian's libcairo2, installed with the headers. */
#define CAIRO_LIB	"libcairo.so.2"

#define CAIRO_FNS(X)							\
	X(cairo_create) X(cairo_destroy) X(cairo_line_to)		\
	X(cairo_move_to) X(cairo_pdf_surface_create_for_stream)		\
	X(cairo_select_font_face) X(cairo_set_font_size)		\
	X(cairo_set_line_width) X(cairo_set_source_rgb)			\
	X(cairo_show_page) X(cairo_show_text) X(cairo_status)		\
	X(cairo_stroke) X(cairo_surface_destroy) X(cairo_surface_finish)	\
	X(cairo_surface_status) X(cairo_text_extents)

/* The functions used, found once by name; typed by their declarations. */
static struct {
#define CAIRO_PTR(f)	__typeof__(f) *f;
	CAIRO_FNS(CAIRO_PTR)
#undef CAIRO_PTR
} cx;

/* 0 once every function is found; -1 if not, said in the log once: a
 * worker does not try again (nor log again) at every PDF asked for; one
 * started after cairo is mended does. */
static int
load_cairo(void)
{
	static int	 state;		/* 0 not tried, 1 loaded, -1 failed */
	void		*h;

	if (state != 0)
		return state == 1 ? 0 : -1;
	state = -1;
	if ((h = dlopen(CAIRO_LIB, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		log_msg("PDF: %s (no PDF from this worker until it restarts)",
		    dlerror());
		return -1;
	}
#define CAIRO_SYM(f)							\
	if ((*(void **)&cx.f = dlsym(h, #f)) == NULL) {			\
		log_msg("PDF: " CAIRO_LIB " has no %s (no PDF from this "	\
		    "worker until it restarts)", #f);			\
		memset(&cx, 0, sizeof(cx));				\
		dlclose(h);						\
		return -1;						\
	}
	CAIRO_FNS(CAIRO_SYM)
#undef CAIRO_SYM
	state = 1;
	return 0;
}

/* Column widths in points: date, patient, description, four amounts.
 * An amount column holds its heading ("Adjustments" in bold: 64 points)
 * and any amount below $10,000,000 (66 points) on one line: wrap() breaks
 * a word that does not fit between characters, which made the heading
 * read "Adjustmen / ts". The description wraps between words. */
static const double widths[BILLPDF_COLS] = { 56, 72, 104, 70, 70, 70, 70 };

struct pen {
	cairo_t		*cr;
	double		 y;
	const char *const *head;	/* the table's heading row, once drawn */
};

static cairo_status_t
sink(void *arg, const unsigned char *data, unsigned int len)
{
	buf_put(arg, (const char *)data, len);
	return CAIRO_STATUS_SUCCESS;
}

static void
font(struct pen *p, int bold, double size)
{
	cx.cairo_select_font_face(p->cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
	    bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
	cx.cairo_set_font_size(p->cr, size);
}

/* A new page if need points do not fit; 1 if it began one. */
static int
room(struct pen *p, double need)
{
	if (p->y + need > PAGE_H - MARGIN) {
		cx.cairo_show_page(p->cr);
		p->y = MARGIN;
		return 1;
	}
	return 0;
}

static double
width_of(struct pen *p, const char *s)
{
	cairo_text_extents_t	 e;

	cx.cairo_text_extents(p->cr, s, &e);
	return e.x_advance;
}

/* The bytes of s (at most lim) that fit in w points, ending at a word's
 * end; if not one word fits, as many whole characters as fit (one at
 * least). */
static size_t
fit(struct pen *p, const char *s, size_t lim, double w)
{
	char	 line[512];
	size_t	 e = 0, best = 0, c;

	while (e < lim) {
		while (e < lim && s[e] == ' ')
			e++;
		while (e < lim && s[e] != ' ')
			e++;
		if (e >= sizeof(line))
			break;
		memcpy(line, s, e);
		line[e] = '\0';
		if (width_of(p, line) > w)
			break;
		best = e;
	}
	if (best > 0)
		return best;
	for (c = 1; c < lim && c < sizeof(line); c++) {
		if (((unsigned char)s[c] & 0xc0) == 0x80)
			continue;
		memcpy(line, s, c);
		line[c] = '\0';
		if (width_of(p, line) > w)
			break;
		best = c;
	}
	if (best == 0)
		for (best = 1; best < lim && ((unsigned char)s[best] & 0xc0) ==
		    0x80; best++)
			continue;
	return best;
}

/* s wrapped into lines of at most w points at x below top: the count of
 * lines (1 at least); draw 0 only counts. Nothing is cut off. */
static int
wrap(struct pen *p, const char *s, double x, double top, double w, int draw)
{
	char	 line[512];
	size_t	 len = strlen(s), i = 0, n;
	int	 lines = 0;

	while (i < len) {
		while (i < len && s[i] == ' ')
			i++;
		if (i >= len)
			break;
		n = fit(p, s + i, len - i, w);
		if (n >= sizeof(line))
			n = sizeof(line) - 1;
		memcpy(line, s + i, n);
		line[n] = '\0';
		if (draw) {
			cx.cairo_move_to(p->cr, x, top + LEAD * (lines + 1) - 3);
			cx.cairo_show_text(p->cr, line);
		}
		lines++;
		i += n;
	}
	return lines > 0 ? lines : 1;
}

static void
pair(struct pen *p, const struct billpdf_pair *pr, double lw)
{
	int	 n;

	font(p, 1, SIZE + 1);
	room(p, LEAD);
	cx.cairo_move_to(p->cr, MARGIN, p->y + LEAD - 3);
	cx.cairo_show_text(p->cr, pr->label);
	font(p, 0, SIZE + 1);
	n = wrap(p, pr->value, MARGIN + lw, p->y, PAGE_W - 2 * MARGIN - lw, 1);
	p->y += LEAD * n;
}

static void
row(struct pen *p, const char *const *cells, int bold)
{
	double	 x = MARGIN;
	int	 i, n, most = 1;

	font(p, bold, SIZE);
	for (i = 0; i < BILLPDF_COLS; i++)
		if ((n = wrap(p, cells[i], 0, 0, widths[i] - 4, 0)) > most)
			most = n;
	if (room(p, LEAD * most + 4) && p->head != NULL && !bold) {
		/* The table goes on: its heading again on the new page. */
		row(p, p->head, 1);
		font(p, bold, SIZE);
	}
	for (i = 0; i < BILLPDF_COLS; i++) {
		wrap(p, cells[i], x, p->y, widths[i] - 4, 1);
		x += widths[i];
	}
	p->y += LEAD * most + 4;
	cx.cairo_move_to(p->cr, MARGIN, p->y - 2);
	cx.cairo_line_to(p->cr, PAGE_W - MARGIN, p->y - 2);
	cx.cairo_set_line_width(p->cr, 0.3);
	cx.cairo_stroke(p->cr);
}

int
billpdf_render(const struct billpdf *d, struct buf *out)
{
	cairo_surface_t	*s;
	struct pen	 p;
	size_t		 i;
	int		 ok;

	if (load_cairo() == -1)
		return -1;
	s = cx.cairo_pdf_surface_create_for_stream(sink, out, PAGE_W, PAGE_H);
	p.cr = cx.cairo_create(s);
	p.y = MARGIN;
	p.head = NULL;
	cx.cairo_set_source_rgb(p.cr, 0, 0, 0);
	font(&p, 1, 16);
	cx.cairo_move_to(p.cr, MARGIN, p.y + 16);
	cx.cairo_show_text(p.cr, d->title);
	p.y += 26;
	font(&p, 0, SIZE + 1);
	p.y += LEAD * wrap(&p, d->heading, MARGIN, p.y, PAGE_W - 2 * MARGIN, 1);
	p.y += 8;
	for (i = 0; i < d->nfacts; i++)
		pair(&p, &d->facts[i], 150);
	p.y += 10;
	row(&p, d->cols, 1);
	p.head = d->cols;
	for (i = 0; i < d->nrows; i++)
		row(&p, d->rows[i], 0);
	p.head = NULL;
	p.y += 10;
	for (i = 0; i < d->ntotals; i++)
		pair(&p, &d->totals[i], 250);
	p.y += 10;
	font(&p, 0, SIZE + 1);
	room(&p, LEAD * wrap(&p, d->footer, 0, 0, PAGE_W - 2 * MARGIN, 0));
	wrap(&p, d->footer, MARGIN, p.y, PAGE_W - 2 * MARGIN, 1);
	cx.cairo_show_page(p.cr);
	ok = cx.cairo_status(p.cr) == CAIRO_STATUS_SUCCESS;
	cx.cairo_destroy(p.cr);
	cx.cairo_surface_finish(s);
	ok = ok && cx.cairo_surface_status(s) == CAIRO_STATUS_SUCCESS;
	cx.cairo_surface_destroy(s);
	return ok ? 0 : -1;
}
