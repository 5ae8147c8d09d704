/*
 * One SIU message read as the interface profile of siu.h says.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "hl7.h"
#include "siu.h"

static const char *const events[SIU__MAX] = {
	[SIU_S12] = "S12", [SIU_S13] = "S13", [SIU_S14] = "S14",
	[SIU_S15] = "S15", [SIU_S26] = "S26",
};

const char *
siu_event_name(enum siu_event e)
{
	return e < SIU__MAX ? events[e] : "";
}

/* The first non-empty of two texts. */
static const char *
either(const char *x, const char *y)
{
	return *x != '\0' ? x : y;
}

/* Minutes of a length n in units u (CE code: MIN, min, M, H, HR, HRS,
 * h; empty: minutes). -1 when not one. */
static long
length(const char *n, const char *u)
{
	char	*end;
	long	 v;

	if (*n == '\0')
		return 0;
	v = strtol(n, &end, 10);
	if (end == n || *end != '\0' || v <= 0 || v > 1440)
		return -1;
	if (*u == '\0' || strcasecmp(u, "MIN") == 0 || strcasecmp(u, "M") == 0)
		return v;
	if (strcasecmp(u, "H") == 0 || strcasecmp(u, "HR") == 0 ||
	    strcasecmp(u, "HRS") == 0 || strcasecmp(u, "HOUR") == 0)
		return v <= 24 ? v * 60 : -1;
	return -1;
}

/* A TQ duration ("M30", "H1"; v2.5.1 4.4.3), in minutes; 0 if empty. */
static long
tq_length(const char *d)
{
	char	 u[2] = { 0, 0 };

	if (*d == '\0')
		return 0;
	if (*d != 'M' && *d != 'H')
		return length(d, "");
	u[0] = *d;
	return length(d + 1, u);
}

/* The hospital's MRN among PID-3's repetitions, or NULL. */
static const char *
mrn(struct arena *a, const struct hl7_msg *m, const struct hl7_seg *pid,
    const char *authority, const char *root)
{
	const char	*id, *ns, *uid;
	size_t		 r, n = hl7_reps(m, pid, 3);

	for (r = 0; r < n; r++) {
		id = hl7_get(a, m, pid, 3, r, 1, 0);
		ns = hl7_get(a, m, pid, 3, r, 4, 1);
		uid = hl7_get(a, m, pid, 3, r, 4, 2);
		if (*id != '\0' && ((*ns != '\0' && strcmp(ns, authority) == 0) ||
		    (*uid != '\0' && strcmp(uid, root) == 0)))
			return id;
	}
	return NULL;
}

static const char *
person(struct arena *a, const struct hl7_msg *m, const struct hl7_seg *s,
    size_t f)
{
	const char	*fam = hl7_get(a, m, s, f, 0, 2, 1),
			*giv = hl7_get(a, m, s, f, 0, 3, 0),
			*pre = hl7_get(a, m, s, f, 0, 6, 0),
			*deg = hl7_get(a, m, s, f, 0, 7, 0);

	if (*fam == '\0')
		return "";
	return arena_printf(a, "%s%s%s%s%s%s%s", pre, *pre ? " " : "", giv,
	    *giv ? " " : "", fam, *deg ? ", " : "", deg);
}

/* Room, building and floor (PL.2, PL.7, PL.8) as words; "". */
static const char *
premises(struct arena *a, const struct hl7_msg *m, const struct hl7_seg *ail)
{
	const char	*room = hl7_get(a, m, ail, 3, 0, 2, 0),
			*bldg = hl7_get(a, m, ail, 3, 0, 7, 0),
			*floor = hl7_get(a, m, ail, 3, 0, 8, 0);

	return arena_printf(a, "%s%s%s%s%s%s", *room ? "Room " : "", room,
	    *room && (*bldg || *floor) ? ", " : "", bldg,
	    *bldg && *floor ? ", floor " : *floor ? "Floor " : "", floor);
}

static const char *
place(struct arena *a, const struct hl7_msg *m, const struct hl7_seg *ail)
{
	const char	*desc = hl7_get(a, m, ail, 3, 0, 9, 0);

	return *desc != '\0' ? desc : premises(a, m, ail);
}

static int
is_video(const char *type)
{
	return strcasecmp(type, "VIDEO") == 0 ||
	    strcasecmp(type, "TELEHEALTH") == 0 ||
	    strcasecmp(type, "VIRTUAL") == 0;
}

int
siu_read(struct arena *a, const struct hl7_msg *m, const char *authority,
    const char *root, struct siu *out, char *why, size_t whysz)
{
	const struct hl7_seg	*msh = &m->seg[0], *sch, *pid, *ais, *ail,
				*aip, *aig, *pd1;
	const char		*ev, *ns, *id, *tq_start, *ais_start;
	long long		 end = 0;
	long			 min;
	size_t			 i;

	memset(out, 0, sizeof(*out));
	out->control = hl7_get(a, m, msh, 10, 0, 1, 0);
	if (strcmp(hl7_get(a, m, msh, 9, 0, 1, 0), "SIU") != 0)
		return hl7_refuse(why, whysz, "not a scheduling message (MSH-9 is "
		    "not SIU)");
	ev = hl7_get(a, m, msh, 9, 0, 2, 0);
	for (i = 0; i < SIU__MAX && strcmp(ev, events[i]) != 0; i++)
		;
	if (i == SIU__MAX)
		return hl7_refuse(why, whysz, "event %.8s is not taken (S12, S13, "
		    "S14, S15, S26)", *ev ? ev : "(none)");
	out->event = (enum siu_event)i;
	if (hl7_count(m, "SCH") != 1)
		return hl7_refuse(why, whysz, "%s SCH segment", hl7_count(m, "SCH") ?
		    "more than one" : "no");
	if (hl7_count(m, "PID") > 1)
		return hl7_refuse(why, whysz, "more than one PID segment");
	sch = hl7_seg(m, "SCH", 0);
	pid = hl7_seg(m, "PID", 0);
	pd1 = hl7_seg(m, "PD1", 0);
	ais = hl7_seg(m, "AIS", 0);
	ail = hl7_seg(m, "AIL", 0);
	aip = hl7_seg(m, "AIP", 0);
	aig = hl7_seg(m, "AIG", 0);

	id = hl7_get(a, m, sch, 2, 0, 1, 0);
	ns = either(hl7_get(a, m, sch, 2, 0, 2, 0),
	    hl7_get(a, m, sch, 2, 0, 3, 0));
	if (*id == '\0')
		return hl7_refuse(why, whysz, "no filler appointment id (SCH-2)");
	if (strlen(id) + strlen(ns) > 200)
		return hl7_refuse(why, whysz, "a filler appointment id over 200 "
		    "bytes");
	out->filler = arena_printf(a, "%s^%s", ns, id);
	out->placer = hl7_get(a, m, sch, 1, 0, 1, 0);
	out->cancel_reason = either(hl7_get(a, m, sch, 6, 0, 2, 0),
	    hl7_get(a, m, sch, 6, 0, 1, 0));
	out->reason = either(hl7_get(a, m, sch, 7, 0, 2, 0),
	    hl7_get(a, m, sch, 7, 0, 1, 0));
	out->type_code = either(hl7_get(a, m, ais, 3, 0, 1, 0),
	    hl7_get(a, m, sch, 8, 0, 1, 0));
	out->type_text = either(hl7_get(a, m, ais, 3, 0, 2, 0),
	    hl7_get(a, m, sch, 8, 0, 2, 0));
	out->status = hl7_get(a, m, sch, 25, 0, 1, 0);
	out->has_pid = pid != NULL;
	out->open = pid == NULL && strcasecmp(out->status, "Open") == 0;

	/* When and how long. */
	tq_start = hl7_get(a, m, sch, 11, 0, 4, 1);
	ais_start = hl7_get(a, m, ais, 4, 0, 1, 0);
	if (*either(tq_start, ais_start) != '\0' &&
	    hl7_ts(either(tq_start, ais_start), &out->start) == -1)
		return hl7_refuse(why, whysz, "a start that is not a date and time "
		    "(SCH-11.4 or AIS-4)");
	if (*hl7_get(a, m, sch, 11, 0, 5, 1) != '\0' &&
	    hl7_ts(hl7_get(a, m, sch, 11, 0, 5, 1), &end) == -1)
		return hl7_refuse(why, whysz, "an end that is not a date and time "
		    "(SCH-11.5)");
	if ((min = length(hl7_get(a, m, sch, 9, 0, 1, 0),
	    hl7_get(a, m, sch, 10, 0, 1, 0))) == 0)
		min = tq_length(hl7_get(a, m, sch, 11, 0, 3, 0));
	if (min == 0 && end != 0 && out->start != 0)
		min = end - out->start > 0 && end - out->start <= 1440 * 60 ?
		    (long)((end - out->start) / 60) : -1;
	if (min == 0)
		min = length(hl7_get(a, m, ais, 7, 0, 1, 0),
		    hl7_get(a, m, ais, 8, 0, 1, 0));
	if (min < 0)
		return hl7_refuse(why, whysz, "a length that is not 1 to 1440 "
		    "minutes (SCH-9/10, SCH-11, AIS-7/8)");
	out->minutes = min;
	if (out->start == 0 && out->event != SIU_S15 && out->event != SIU_S26)
		return hl7_refuse(why, whysz, "no start (SCH-11.4 or AIS-4)");

	if (pid != NULL)
		out->mrn = mrn(a, m, pid, authority, root);
	out->confidential = strcmp(hl7_get(a, m, pd1, 12, 0, 1, 0), "Y") == 0;
	out->provider = aip != NULL ? person(a, m, aip, 3) :
	    either(hl7_get(a, m, aig, 3, 0, 2, 0), "");
	out->clinic_code = hl7_get(a, m, ail, 3, 0, 1, 0);
	out->clinic_desc = hl7_get(a, m, ail, 3, 0, 9, 0);
	out->location = ail != NULL ? place(a, m, ail) : "";
	out->premises = ail != NULL ? premises(a, m, ail) : "";
	out->video = is_video(hl7_get(a, m, ail, 4, 0, 1, 0));
	return 0;
}
