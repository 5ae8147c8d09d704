/*
 * Billing's review of families' insurance changes (issue 14.2; the
 * family's side, pre-check-in's insurance step, inserts them): the queue
 * of pending changes, oldest first; one change with the coverage it
 * replaces; its card photos (served only when the stored type is one of
 * the allowed kinds and the bytes say so: lib/base/magic.c); approve
 * (the coverage named is updated, or a new one added, source 'family',
 * in the transaction that decides) or reject with a reason. The account
 * that sent it is e-mailed, without health information. Who: billing
 * staff (policy_staff STAFF_INSURANCE_REVIEW). Audited "insurance.*".
 */
#ifndef PORTAL_APP_INSREVIEW_H
#define PORTAL_APP_INSREVIEW_H

#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "magic.h"
#include "store_insreview.h"

struct call;

#define IR_PAGE		50

enum ir_why {
	IR_OK,
	IR_ROLE,	/* not billing staff: 403 */
	IR_NONE,	/* no such change (or photo): 404 */
	IR_DECIDED,	/* decided already: 409 */
	IR_GONE,	/* the coverage it replaces is not the patient's any
			 * more: 409, nothing changed */
};

/* 1 if the caller may review, 0, -1. */
int		app_ir_may(const struct call *);
/* The pending changes (a row insurance.list per patient). */
enum app_rc	app_ir_queue(const struct call *, struct ins_change **out,
		    size_t *n, int64_t *total, enum ir_why *why);

struct ir_detail {
	struct ins_change	 ch;
	struct ins_coverage	 was;	/* the coverage replaced */
	int			 has_was;
};
/* One change (insurance.view). */
enum app_rc	app_ir_get(const struct call *, int64_t id,
		    struct ir_detail *out, enum ir_why *why);

struct ir_photo {
	const unsigned char	*data;
	size_t			 len;
	enum magic_type		 kind;	/* the allowed kind it is */
	const char		*mime;	/* magic_mime(kind) */
};
/* A card photo (back 0 front, 1 back) of a change (insurance.photo). */
enum app_rc	app_ir_photo(const struct call *, int64_t id, int back,
		    struct ir_photo *out, enum ir_why *why);

struct ir_decide_in {
	int64_t		 id;
	int		 approve;
	const char	*reason;	/* required to reject */
};
/* APP_INVALID (*msg: the reason is missing or too long); APP_OK after
 * the change, the decision, the e-mail and the row, in one transaction. */
enum app_rc	app_ir_decide(const struct call *, const struct ir_decide_in *,
		    const char **msg, enum ir_why *why);

#endif
