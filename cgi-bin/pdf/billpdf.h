/*
 * A statement as a PDF (issue 14.3), drawn with cairo's PDF surface:
 * the same words as the printable page (templates/billing_print.html),
 * gathered by cgi-bin/billing.c into this plain description so that the
 * two cannot drift apart. No store, no policy: what is here is shown.
 */
#ifndef PORTAL_BILLPDF_H
#define PORTAL_BILLPDF_H

#include <stddef.h>

struct buf;

#define BILLPDF_COLS	7

struct billpdf_pair {
	const char	*label;
	const char	*value;
};

struct billpdf {
	const char		*title;		/* "Statement 1001" */
	const char		*heading;	/* hospital, portal */
	struct billpdf_pair	*facts;		/* guarantor, dates, ... */
	size_t			 nfacts;
	const char		*cols[BILLPDF_COLS];
	const char		*(*rows)[BILLPDF_COLS];
	size_t			 nrows;
	struct billpdf_pair	*totals;
	size_t			 ntotals;
	const char		*footer;	/* the billing contact */
};

/* The PDF into out: 0, or -1 if cairo failed. */
int	billpdf_render(const struct billpdf *, struct buf *out);

#endif
