/*
 * The released part of a patient's record as an HL7 C-CDA R2.1
 * Continuity of Care Document (F-RECORD 3: "view, download, transmit"),
 * written with libxml2's writer: a narrative table per section, plus
 * coded entries where the record has codes.
 */
#ifndef PORTAL_CDA_EXPORT_H
#define PORTAL_CDA_EXPORT_H

#include <stddef.h>
#include <time.h>

#include "store_record.h"

struct arena;
struct buf;
struct conf;
struct patient;

/* Writes the document into out; rows[s][0..n[s]) are the released rows
 * of each section. 0 or -1. */
int	cda_export(struct arena *a, const struct conf *cf, const struct patient *p,
	    struct rec_row *const rows[REC__MAX], const size_t n[REC__MAX],
	    time_t now, struct buf *out);

#endif
