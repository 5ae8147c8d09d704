/*
 * The page values of the family's Visits pages (visit_page.h).
 */
#include <string.h>

#include "conf.h"
#include "http.h"
#include "tmpl.h"
#include "visit_page.h"

void
visit_page_switcher(struct ctx *c, const struct record_choice *ch, size_t n,
    const struct record_view *rv)
{
	struct tvars	*it;
	size_t		 i;

	for (i = 0; i < n; i++) {
		it = tvars_item(c->vars, "choices");
		tvars_int(it, "id", ch[i].patient_id);
		tvars_str(it, "name", ch[i].name);
		tvars_bool(it, "selected", ch[i].patient_id == rv->patient.id);
	}
	tvars_bool(c->vars, "several", n > 1);
	tvars_int(c->vars, "patient_id", rv->patient.id);
	tvars_strf(c->vars, "patient_name", "%s %s", rv->patient.given,
	    rv->patient.family);
}

/* A visit's values and, per act, the policy's verdict by name
 * ("confirm_ok", "join_not_open_yet"): the template words them. */
void
visit_page_visit(struct ctx *c, struct tvars *it, const struct visits_item *x)
{
	static const char *const acts[VISIT_ACT__MAX] = {
		"see", "confirm", "cancel", "checkin", "join",
	};
	const struct visit	*v = &x->s.v;
	int			 k;

	tvars_int(it, "id", v->id);
	tvars_str(it, "video_support", c->call.p->conf->video_support_phone);
	tvars_datetime(it, "when", v->start);
	tvars_int(it, "minutes", v->minutes);
	tvars_str(it, "clinic", v->clinic);
	tvars_str(it, "type_name", v->type_name);
	tvars_str(it, "provider", v->provider);
	tvars_str(it, "place", v->location[0] != '\0' ? v->location :
	    v->clinic_location);
	tvars_bool(it, "video", v->video);
	tvars_str(it, "clinic_phone", v->clinic_phone[0] != '\0' ?
	    v->clinic_phone : c->call.p->conf->main_phone);
	tvars_bool(it, arena_printf(c->call.a, "status_%s", v->status), 1);
	tvars_bool(it, "is_upcoming", x->s.f.status == VSTAT_BOOKED &&
	    x->s.f.end > x->s.f.now);
	tvars_bool(it, "confirmed", v->confirmed != 0);
	if (v->confirmed != 0)
		tvars_datetime(it, "confirmed_at", v->confirmed);
	if (v->cancelled != 0)
		tvars_datetime(it, "cancelled_at", v->cancelled);
	tvars_str(it, "cancel_reason", v->cancel_reason);
	tvars_bool(it, "checked_in", x->s.f.checked_in);
	tvars_datetime(it, "join_opens", policy_visit_join_opens(v->start));
	tvars_int(it, "notice_hours", v->notice_hours);
	tvars_bool(it, "again", x->again);
	for (k = 1; k < VISIT_ACT__MAX; k++)
		tvars_bool(it, arena_printf(c->call.a, "%s_%s", acts[k],
		    policy_visit_verdict_name(x->may[k])), 1);
}

static void
type_vars(struct ctx *c, struct tvars *it, const struct visits_type *t)
{
	tvars_int(it, "type_id", t->t.id);
	tvars_str(it, "type_clinic", t->t.clinic);
	tvars_str(it, "type_name", t->t.name);
	tvars_int(it, "type_minutes", t->t.minutes);
	tvars_bool(it, "type_video", t->t.video);
	tvars_bool(it, arena_printf(c->call.a, "book_%s",
	    policy_book_verdict_name(t->verdict)), 1);
}

int
visit_page_schedule(struct ctx *c, const struct visits_schedule_out *out,
    long offset, int status)
{
	struct tvars	*it;
	size_t		 i;

	tvars_str(c->vars, "title", "Schedule a visit");
	visit_page_switcher(c, out->choices, out->nchoices, &out->rv);
	for (i = 0; i < out->ntypes; i++) {
		type_vars(c, tvars_item(c->vars, "types"), &out->types[i]);
		if (out->types[i].verdict == BOOK_OK)
			tvars_bool(c->vars, "bookable", 1);
	}
	tvars_bool(c->vars, "has_chosen", out->has_chosen);
	if (out->has_chosen)
		type_vars(c, tvars_item(c->vars, "chosen"), &out->chosen);
	tvars_list(c->vars, "slots");
	for (i = 0; i < out->nslots; i++) {
		it = tvars_item(c->vars, "slots");
		tvars_int(it, "slot_id", out->slots[i].id);
		tvars_datetime(it, "slot_when", out->slots[i].start);
		tvars_str(it, "slot_provider", out->slots[i].provider);
		tvars_bool(it, "preferred", out->provider[0] != '\0' &&
		    strcmp(out->slots[i].provider, out->provider) == 0);
	}
	tvars_bool(c->vars, "more", out->more);
	tvars_int(c->vars, "next_from", offset + VISITS_SLOTS_PAGE);
	tvars_int(c->vars, "days", VISITS_SLOTS_DAYS);
	tvars_bool(c->vars, "taken", out->why == VW_TAKEN);
	if (out->why == VW_BOOK)
		tvars_bool(c->vars, arena_printf(c->call.a, "refused_%s",
		    policy_book_verdict_name(out->book)), 1);
	c->page = "visits_schedule";
	return status;
}


void
visit_page_requests(struct ctx *c, const struct vf_request *r, size_t n)
{
	struct tvars	*it;
	size_t		 i;

	tvars_list(c->vars, "requests");
	for (i = 0; i < n; i++) {
		it = tvars_item(c->vars, "requests");
		tvars_int(it, "id", r[i].id);
		tvars_str(it, "clinic", r[i].clinic);
		tvars_str(it, "preferred", r[i].preferred);
		tvars_date(it, "created", r[i].created);
		tvars_bool(it, arena_printf(c->call.a, "req_%s", r[i].status), 1);
	}
}

void
visit_page_encounters(struct ctx *c, const struct rec_row *r, size_t n)
{
	struct tvars	*it;
	size_t		 i;

	tvars_list(c->vars, "encounters");
	for (i = 0; i < n; i++) {
		if (r[i].planned)
			continue;
		it = tvars_item(c->vars, "encounters");
		tvars_int(it, "id", r[i].id);
		tvars_str(it, "title", r[i].name);
		tvars_isodate(it, "date", r[i].when);
		/* The place once: EHRs often name the department as the
		 * location too ("General Pediatrics, General Pediatrics"). */
		if (r[i].detail[0] == NULL || r[i].department == NULL ||
		    strcmp(r[i].detail[0], r[i].department) != 0)
			tvars_str(it, "location", r[i].detail[0]);
		tvars_str(it, "provider", r[i].detail[1]);
		tvars_str(it, "department", r[i].department);
	}
}
