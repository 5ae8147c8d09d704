/*
 * The demo patients' records, chosen so every release rule can be seen in
 * the pages: a routine visit and note, labs released and withheld, notes
 * from each department whose notes are not released, radiology reports 2
 * and 5 days old, a confidential visit of a teenager, an emergency visit
 * and a hospital stay, and items from an outside source. Written through
 * the importer's store functions, as if documents had been imported.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "crypto.h"
#include "db.h"
#include "demo.h"
#include "store_import.h"

#define DAY	86400

/* Which demo patients a row is for: a bit per index of demo.c's table. */
#define ALL	0x3f
#define LILY	0x01
#define ETHAN	0x02
#define SOFIA	0x04

static const struct demo_note {
	unsigned	 who;
	int		 days_ago;
	const char	*kind;		/* visit kind */
	const char	*department;
	const char	*type;
	const char	*visit;
	int		 confidential;
	const char	*body;
} notes[] = {
	{ ALL, 30, "outpatient", "General Pediatrics", "clinic", "Well-child visit", 0,
	    "Growing and developing well. Vaccines up to date. Next check-up in a year." },
	{ LILY, 25, "outpatient", "Adolescent Medicine", "clinic", "Adolescent Medicine visit", 0,
	    "(Not released to the portal: Adolescent Medicine.)" },
	{ LILY, 24, "outpatient", "Adolescent Substance Abuse Program", "clinic", "ASAP visit", 0,
	    "(Not released: Adolescent Substance Abuse Program.)" },
	{ LILY, 23, "outpatient", "Child Protection Team", "clinic", "CPT consult", 0,
	    "(Not released: Child Protection Team.)" },
	{ LILY, 22, "outpatient", "Gynecology", "clinic", "Gynecology visit", 0,
	    "(Not released: Gynecology.)" },
	{ LILY, 21, "outpatient", "Psychology", "clinic", "Psychology visit", 0,
	    "(Not released: Psychology.)" },
	{ LILY, 20, "outpatient", "Psychiatry", "clinic", "Psychiatry visit", 0,
	    "(Not released: Psychiatry.)" },
	{ LILY, 19, "outpatient", "Social Work", "clinic", "Social Work visit", 0,
	    "(Not released: Social Work.)" },
	{ ETHAN, 40, "emergency", "Emergency Medicine", "clinic", "Emergency visit", 0,
	    "(Not released: emergency department notes.)" },
	{ ETHAN, 35, "inpatient", "General Pediatrics", "discharge_summary", "Hospital stay", 0,
	    "(Not released: inpatient discharge summaries.)" },
	{ SOFIA, 12, "outpatient", "Adolescent Medicine", "clinic",
	    "Confidential visit", 1, "(Confidential: never released to the portal.)" },
};

static const struct demo_result {
	unsigned	 who;
	int		 days_ago;
	const char	*kind;
	const char	*code;
	const char	*name;
	const char	*value, *unit, *range, *flag;
	const char	*report;
} results[] = {
	{ ALL, 30, "lab", "718-7", "Hemoglobin [Mass/volume] in Blood", "12.9", "g/dL",
	    "11.5-15.5", "N", NULL },
	{ ALL, 30, "lab", "6690-2", "Leukocytes [#/volume] in Blood", "11.8", "10*3/uL",
	    "4.5-11.0", "H", NULL },
	{ SOFIA, 12, "lab", "56888-1", "HIV 1+2 Ab+HIV1 p24 Ag [Presence] in Serum",
	    "Negative", NULL, NULL, "N", NULL },
	{ SOFIA, 12, "lab", "2106-3", "Choriogonadotropin (pregnancy test) [Presence] in Urine",
	    "Negative", NULL, NULL, "N", NULL },
	{ LILY, 5, "radiology", "36554-4", "Chest X-ray, 2 views", NULL, NULL, NULL, NULL,
	    "Lungs clear. No focal consolidation. Heart size normal. (5 days old: shown.)" },
	{ LILY, 2, "radiology", "24531-6", "Ultrasound of abdomen", NULL, NULL, NULL, NULL,
	    "(2 days old: shown 4 days after completion.)" },
};

/* The document every demo row of one patient comes from. */
static int64_t
demo_doc(struct db *db, int64_t patient, const char *mrn, int outside, time_t now)
{
	struct imp_document	 d;
	unsigned char		 h[32];
	char			 hex[65], key[64];

	snprintf(key, sizeof(key), "demo:%s:%d", mrn, outside);
	crypto_sha256(key, strlen(key), h);
	crypto_hex(h, sizeof(h), hex);
	memset(&d, 0, sizeof(d));
	d.sha256 = hex;
	d.patient_id = patient;
	d.doc_code = "34133-9";
	d.title = outside ? "Summary from an outside clinic" : "Demo hospital record";
	d.source = outside ? "Riverside Family Clinic" : "Demo Children's Hospital";
	d.outside = outside;
	d.imported = now;
	return store_import_document(db, &d);
}

static const char *
day_text(struct arena *a, time_t t)
{
	struct tm	 tm;

	localtime_r(&t, &tm);
	return arena_printf(a, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday);
}

int
demo_record(struct db *db, struct arena *a, int index, int64_t patient,
    const char *mrn, time_t now)
{
	struct imp_owner	 own, out;
	struct imp_encounter	 e;
	struct imp_note		 n;
	struct imp_result	 r;
	struct imp_medication	 m;
	struct imp_allergy	 al;
	struct imp_problem	 pr;
	struct imp_immunization	 im;
	struct imp_vital	 v;
	unsigned		 bit = 1u << index;
	size_t			 i;
	time_t			 t;

	memset(&own, 0, sizeof(own));
	own.patient_id = patient;
	if ((own.document_id = demo_doc(db, patient, mrn, 0, now)) == -1)
		return -1;
	out = own;
	out.outside = 1;
	if ((out.document_id = demo_doc(db, patient, mrn, 1, now)) == -1)
		return -1;
	for (i = 0; i < sizeof(notes) / sizeof(notes[0]); i++) {
		if (!(notes[i].who & bit))
			continue;
		t = now - notes[i].days_ago * DAY;
		memset(&e, 0, sizeof(e));
		e.date = day_text(a, t);
		e.start_at = e.date;
		e.kind = notes[i].kind;
		e.department = notes[i].department;
		e.status = "completed";
		e.title = notes[i].visit;
		e.location = notes[i].department;
		e.provider = "Dr. Rae Doctor";
		e.provider_contact = "(617) 555-0100";
		e.confidential = notes[i].confidential;
		memset(&n, 0, sizeof(n));
		if ((n.encounter_id = store_import_encounter(db, &own, &e)) == -1)
			return -1;
		n.department = notes[i].department;
		n.note_type = notes[i].type;
		n.title = notes[i].visit;
		n.author = "Dr. Rae Doctor";
		n.body = notes[i].body;
		n.completed = t;
		n.confidential = notes[i].confidential;
		if (store_import_note(db, &own, &n) == -1)
			return -1;
	}
	/* An upcoming visit. */
	memset(&e, 0, sizeof(e));
	e.date = day_text(a, now + 10 * DAY);
	e.start_at = e.date;
	e.kind = "outpatient";
	e.department = "General Pediatrics";
	e.status = "planned";
	e.title = "Follow-up visit";
	if (store_import_encounter(db, &own, &e) == -1)
		return -1;
	for (i = 0; i < sizeof(results) / sizeof(results[0]); i++) {
		if (!(results[i].who & bit))
			continue;
		memset(&r, 0, sizeof(r));
		r.kind = results[i].kind;
		r.code = results[i].code;
		r.name = results[i].name;
		r.value = results[i].value;
		r.unit = results[i].unit;
		r.ref_range = results[i].range;
		r.flag = results[i].flag;
		r.report = results[i].report;
		r.resulted = now - results[i].days_ago * DAY;
		r.resulted_text = day_text(a, (time_t)r.resulted);
		r.panel = strcmp(r.kind, "lab") == 0 ? "Complete blood count" : NULL;
		if (store_import_result(db, &own, &r) == -1)
			return -1;
	}
	memset(&m, 0, sizeof(m));
	m.name = "Amoxicillin 250 mg/5 mL oral suspension";
	m.dose = "5 mL";
	m.route = "by mouth";
	m.frequency = "twice a day";
	m.start_text = day_text(a, now - 30 * DAY);
	m.status = "active";
	memset(&al, 0, sizeof(al));
	al.substance = "Peanut";
	al.reaction = "Hives";
	al.severity = "moderate";
	al.status = "active";
	memset(&im, 0, sizeof(im));
	im.name = "Influenza vaccine";
	im.date_text = day_text(a, now - 60 * DAY);
	im.status = "completed";
	memset(&v, 0, sizeof(v));
	v.name = "Body weight";
	v.value = "32";
	v.unit = "kg";
	v.taken_text = day_text(a, now - 30 * DAY);
	/* From the outside clinic: shown, marked as such. */
	memset(&pr, 0, sizeof(pr));
	pr.name = "Asthma, mild intermittent";
	pr.onset_text = day_text(a, now - 400 * DAY);
	pr.status = "active";
	if (store_import_medication(db, &own, &m) == -1 ||
	    store_import_allergy(db, &own, &al) == -1 ||
	    store_import_immunization(db, &own, &im) == -1 ||
	    store_import_vital(db, &own, &v) == -1 ||
	    store_import_problem(db, &out, &pr) == -1)
		return -1;
	return 0;
}
