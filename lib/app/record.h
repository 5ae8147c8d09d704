/*
 * A family viewer's record: which patients the signed-in account may see
 * now, and which items of each section are released to it. Gathers the
 * relationship data from the store and asks the policy (lib/policy*);
 * decides nothing itself. Used by cgi-bin/record for the pages, the
 * printable page and the C-CDA download.
 */
#ifndef PORTAL_RECORD_H
#define PORTAL_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "store_patients.h"
#include "store_record.h"

struct call;
struct ctx;

struct record_view {
	struct patient	 patient;
	int		 level;		/* the policy's access level */
	const char	*refusal;	/* when refused: why, for the audit */
};

struct record_choice {
	int64_t		 patient_id;
	const char	*name;
};

/* Opens the patient for the signed-in account: 1 and *v if the policy
 * gives access now; 0 if not, or if there is no such patient (one answer
 * for both); -1 on error. */
int	record_open(struct ctx *c, int64_t patient, struct record_view *v);
/* The same for a call's actor (a family account; no access for anyone
 * else), without a request (lib/app/messages.c). */
int	record_open_call(const struct call *c, int64_t patient,
	    struct record_view *v);
/* The patients the account may see now, for the switcher. */
int	record_patients(struct ctx *c, struct record_choice **out, size_t *n);
int	record_patients_call(const struct call *c, struct record_choice **out,
	    size_t *n);
/* The rows of section s released to the viewer. */
int	record_rows(struct ctx *c, const struct record_view *v, enum rec_section s,
	    struct rec_row **out, size_t *n);

/* 1 if the signed-in account holds patient as the patient themself. */
int	record_is_self(struct ctx *c, int64_t patient);
int	record_is_self_call(const struct call *c, int64_t patient);
/* One row of section s by id: 1 if it is the patient's and released to
 * the viewer; 0 if not, or if there is no such row (one answer); -1. */
int	record_row(struct ctx *c, const struct record_view *v, enum rec_section s,
	    int64_t id, struct rec_row *out);

#endif
