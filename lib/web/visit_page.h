/*
 * The page values of the family's Visits pages (issue 13): the patient
 * switcher, one visit with what the policy says of each act (by name:
 * "confirm_ok", "join_not_open_yet"; the templates word them), the
 * schedule page, the requests and the record's encounters. Kept out of
 * cgi-bin/visits so that other visit pages (pre-check-in) can show a
 * visit the same way. The operations are lib/app/visits.h.
 */
#ifndef PORTAL_VISIT_PAGE_H
#define PORTAL_VISIT_PAGE_H

#include <stddef.h>

#include "visits.h"

struct ctx;
struct tvars;

/* patient_id, patient_name, several and the list "choices". */
void	visit_page_switcher(struct ctx *, const struct record_choice *,
	    size_t n, const struct record_view *);
/* A visit's values into it (the page's vars or a list item). */
void	visit_page_visit(struct ctx *, struct tvars *it,
	    const struct visits_item *);
/* The schedule page (visits_schedule) of out; returns status. */
int	visit_page_schedule(struct ctx *, const struct visits_schedule_out *,
	    long offset, int status);
/* The list "requests". */
void	visit_page_requests(struct ctx *, const struct vf_request *, size_t n);
/* The list "encounters": past C-CDA encounters (planned ones skipped). */
void	visit_page_encounters(struct ctx *, const struct rec_row *, size_t n);

#endif
