/*
 * Loading a visit for its family (visit.h): the visit, the caller's
 * access to its patient, the steps done, the policy's facts.
 */
#include <string.h>
#include <strings.h>
#include <time.h>

#include "arena.h"
#include "call.h"
#include "civil.h"
#include "conf.h"
#include "store_visits.h"
#include "visit.h"

static const struct {
	enum checkin_step	 step;
	const char		*name;
} steps[] = {
	{ STEP_CONTACT, "contact" },
	{ STEP_INSURANCE, "insurance" },
	{ STEP_COPAY, "copay" },
	{ STEP_DOCUMENTS, "documents" },
};
#define NSTEPS	(sizeof(steps) / sizeof(steps[0]))

const char *
visit_step_name(enum checkin_step s)
{
	size_t	 i;

	for (i = 0; i < NSTEPS; i++)
		if (steps[i].step == s)
			return steps[i].name;
	return "";
}

enum checkin_step
visit_step_parse(const char *name)
{
	size_t	 i;

	for (i = 0; name != NULL && i < NSTEPS; i++)
		if (strcmp(steps[i].name, name) == 0)
			return steps[i].step;
	return 0;
}

long
visit_day(time_t t)
{
	struct tm	 tm;

	if (localtime_r(&t, &tm) == NULL)
		return 0;
	return civil_days(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

void
visit_facts_of(const struct call *c, const struct visit *v,
    enum access_level level, unsigned done, unsigned needed,
    struct visit_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->level = level;
	f->confidential = v->confidential;
	f->status = policy_visit_status(v->status);
	f->now = c->now;
	f->start = v->start;
	f->end = v->start + (time_t)v->minutes * 60;
	f->today = visit_day(c->now);
	f->day = visit_day(v->start);
	f->notice_hours = v->notice_hours;
	f->video = v->video;
	f->confirmed = v->confirmed != 0;
	f->checked_in = (done & needed) == needed;
}

int
visit_load(const struct call *c, int64_t id, struct visit_seen *out)
{
	const char	**names;
	size_t		  n, i;
	int64_t		  docs = 0;
	int		  rc;

	memset(out, 0, sizeof(*out));
	if (id <= 0)
		return 0;
	if ((rc = store_visit_get(c->p->db, c->a, id, &out->v)) != 1)
		return rc;
	if ((rc = record_access(c, out->v.patient_id, &out->rv)) != 1)
		return rc;
	if (store_visit_steps_done(c->p->db, c->a, id, &names, &n) == -1)
		return -1;
	for (i = 0; i < n; i++)
		out->done |= (unsigned)visit_step_parse(names[i]);
	if (out->v.type_id != 0 &&
	    store_visit_type_documents(c->p->db, out->v.type_id, &docs) == -1)
		return -1;
	/* Without online payment the copay is paid on arrival: not a step. */
	out->needed = STEP_CONTACT | STEP_INSURANCE |
	    (out->v.copay_cents > 0 && conf_pay_online(c->p->conf) ?
	    STEP_COPAY : 0) |
	    (docs > 0 ? STEP_DOCUMENTS : 0);
	visit_facts_of(c, &out->v, (enum access_level)out->rv.level, out->done,
	    out->needed, &out->f);
	return policy_visit(VISIT_SEE, &out->f) == VISIT_OK;
}

enum visit_verdict
visit_may(const struct visit_seen *s, enum visit_act act)
{
	return policy_visit(act, &s->f);
}
