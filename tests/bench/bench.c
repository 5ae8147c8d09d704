/*
 * The synthetic hospital of `make bench` (see bench.h). The catalogues
 * below (names, departments, lab panels, studies, drugs ...) are tables;
 * one pseudo-random stream with a fixed seed picks from them, patient by
 * patient, so the same arguments always give the same database. The rows
 * go in through store_bench in a few large transactions.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "auth.h"
#include "bench.h"
#include "bizday.h"
#include "civil.h"
#include "conf.h"
#include "db.h"
#include "md.h"
#include "store_accounts.h"
#include "store_bench.h"
#include "store_clinics.h"
#include "store_messages.h"
#include "store_staff.h"

#define N(x)		(sizeof(x) / sizeof((x)[0]))
#define VISITS		3	/* per patient */
#define RADIOLOGY_PCT	5
#define SEED		0x5eed0fb0a7c4ULL
#define MSG_SEED	0x5eed0fb0a7c5ULL	/* the messages' own stream */

/* ---- pseudo-random numbers and dates ---- */

struct rng {
	uint64_t	 s;
};

/* splitmix64: fast, and good enough to pick from tables. */
static uint64_t
rng_next(struct rng *r)
{
	uint64_t	 z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* 0 .. n-1 (n > 0). */
static long
rng_below(struct rng *r, long n)
{
	return (long)(rng_next(r) % (uint64_t)n);
}

/* lo .. hi inclusive. */
static long
rng_range(struct rng *r, long lo, long hi)
{
	return lo + rng_below(r, hi - lo + 1);
}

/* [0, 1) */
static double
rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) / 9007199254740992.0;
}

#define PICK(r, table)	((table)[rng_below((r), (long)N(table))])

/* "YYYY-MM-DD" of day. */
static void
fmt_date(char *out, size_t sz, long day)
{
	int	 y, m, d;

	civil_date(day, &y, &m, &d);
	snprintf(out, sz, "%04d-%02d-%02d", y, m, d);
}

/* "YYYY-MM-DD<sep>HH:MM" of a Unix time. */
static void
fmt_time(char *out, size_t sz, int64_t t, char sep)
{
	int	 y, m, d;
	long	 s = (long)(t % 86400);

	civil_date((long)(t / 86400), &y, &m, &d);
	snprintf(out, sz, "%04d-%02d-%02d%c%02ld:%02ld", y, m, d, sep,
	    s / 3600, s / 60 % 60);
}

/* ---- catalogues ---- */

static const char *const girls[] = {
	"Olivia", "Emma", "Charlotte", "Amelia", "Sophia", "Mia", "Isabella",
	"Ava", "Evelyn", "Luna", "Harper", "Sofia", "Camila", "Eleanor",
	"Elizabeth", "Violet", "Scarlett", "Emily", "Hazel", "Lily", "Gianna",
	"Aurora", "Penelope", "Aria", "Nora", "Chloe", "Ellie", "Mila",
	"Avery", "Layla", "Abigail", "Ella", "Isla", "Eliana", "Nova", "Madison",
	"Zoe", "Ivy", "Grace", "Lucy", "Willow", "Emilia", "Riley", "Naomi",
	"Victoria", "Stella", "Elena", "Hannah", "Valentina", "Maya", "Zoey",
	"Delilah", "Leah", "Lainey", "Lillian", "Paisley", "Genesis", "Madelyn",
};
static const char *const boys[] = {
	"Liam", "Noah", "Oliver", "James", "Elijah", "Mateo", "Theodore",
	"Henry", "Lucas", "William", "Benjamin", "Levi", "Sebastian", "Jack",
	"Ezra", "Michael", "Daniel", "Leo", "Owen", "Samuel", "Hudson",
	"Alexander", "Asher", "Luca", "Ethan", "John", "David", "Jackson",
	"Joseph", "Mason", "Luke", "Matthew", "Julian", "Dylan", "Elias",
	"Jacob", "Maverick", "Gabriel", "Logan", "Aiden", "Thomas", "Isaac",
	"Miles", "Grayson", "Santiago", "Anthony", "Wyatt", "Carter", "Jayden",
	"Ezekiel", "Caleb", "Cooper", "Josiah", "Charles", "Christopher",
};
static const char *const families[] = {
	"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller",
	"Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez",
	"Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
	"Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark",
	"Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King",
	"Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green",
	"Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell",
	"Carter", "Roberts", "Gomez", "Phillips", "Evans", "Turner", "Diaz",
	"Parker", "Cruz", "Edwards", "Collins", "Reyes", "Stewart", "Morris",
	"Morales", "Murphy", "Cook", "Rogers", "Gutierrez", "Ortiz", "Morgan",
	"Cooper", "Peterson", "Bailey", "Reed", "Kelly", "Howard", "Ramos",
	"Kim", "Cox", "Ward", "Richardson", "Watson", "Brooks", "Chavez",
	"Wood", "James", "Bennett", "Gray", "Mendoza", "Ruiz", "Hughes",
	"Price", "Alvarez", "Castillo", "Sanders", "Patel", "Myers", "Long",
	"Ross", "Foster", "Jimenez", "Chen", "O'Brien", "Kowalski", "Nakamura",
};
static const char *const clinics[] = {
	"General Pediatrics", "General Pediatrics", "General Pediatrics",
	"Cardiology", "Endocrinology", "Pulmonology", "Gastroenterology",
	"Neurology", "Orthopedics", "Dermatology", "Allergy and Immunology",
	"Hematology", "Nephrology", "Otolaryngology", "Ophthalmology",
	"Developmental Medicine", "Rheumatology", "Urology",
};
static const char *const sites[] = {
	"Main Campus, Building A", "Main Campus, Building B",
	"North Shore Outpatient Center", "Westside Pediatric Clinic",
	"Harbor Point Specialty Center", "Riverside Health Center",
};
static const char *const reasons[] = {
	"fever and cough", "well-child check", "abdominal pain", "headaches",
	"asthma follow-up", "ear pain", "rash", "fatigue", "sore throat",
	"follow-up of abnormal labs", "growth concerns", "wheezing",
};

struct lab {
	const char	*code;		/* LOINC */
	const char	*name;
	const char	*unit;
	double		 lo, hi;	/* reference range; lo == hi: qualitative */
	int		 decimals;
};

static const struct lab cbc[] = {
	{ "6690-2", "WBC", "10*3/uL", 4.5, 13.5, 1 },
	{ "789-8", "RBC", "10*6/uL", 4.0, 5.2, 2 },
	{ "718-7", "Hemoglobin", "g/dL", 11.5, 15.5, 1 },
	{ "4544-3", "Hematocrit", "%", 35, 45, 1 },
	{ "787-2", "MCV", "fL", 77, 95, 0 },
	{ "777-3", "Platelets", "10*3/uL", 150, 400, 0 },
};
static const struct lab bmp[] = {
	{ "2951-2", "Sodium", "mmol/L", 135, 145, 0 },
	{ "2823-3", "Potassium", "mmol/L", 3.5, 5.1, 1 },
	{ "2075-0", "Chloride", "mmol/L", 98, 107, 0 },
	{ "2028-9", "Carbon dioxide", "mmol/L", 20, 28, 0 },
	{ "3094-0", "Urea nitrogen", "mg/dL", 5, 18, 0 },
	{ "2160-0", "Creatinine", "mg/dL", 0.3, 0.7, 2 },
	{ "2345-7", "Glucose", "mg/dL", 70, 100, 0 },
	{ "17861-6", "Calcium", "mg/dL", 8.8, 10.8, 1 },
};
static const struct lab hepatic[] = {
	{ "1742-6", "ALT", "U/L", 5, 45, 0 },
	{ "1920-8", "AST", "U/L", 10, 40, 0 },
	{ "6768-6", "Alkaline phosphatase", "U/L", 100, 320, 0 },
	{ "1975-2", "Bilirubin, total", "mg/dL", 0.1, 1.2, 1 },
	{ "1751-7", "Albumin", "g/dL", 3.5, 5.0, 1 },
};
static const struct lab lipids[] = {
	{ "2093-3", "Cholesterol, total", "mg/dL", 100, 170, 0 },
	{ "2571-8", "Triglycerides", "mg/dL", 30, 90, 0 },
	{ "2085-9", "HDL cholesterol", "mg/dL", 45, 100, 0 },
	{ "13457-7", "LDL cholesterol, calculated", "mg/dL", 50, 110, 0 },
};
static const struct lab thyroid[] = {
	{ "3016-3", "TSH", "mIU/L", 0.7, 5.7, 2 },
	{ "3024-7", "Free T4", "ng/dL", 0.9, 1.7, 2 },
};
static const struct lab urine[] = {
	{ "5811-5", "Specific gravity, urine", NULL, 1.005, 1.030, 3 },
	{ "5803-2", "pH, urine", NULL, 5.0, 8.0, 1 },
	{ "2888-6", "Protein, urine", NULL, 0, 0, 0 },
	{ "2350-7", "Glucose, urine", NULL, 0, 0, 0 },
	{ "5799-2", "Nitrite, urine", NULL, 0, 0, 0 },
};
static const struct lab single[] = {
	{ "4548-4", "Hemoglobin A1c", "%", 4.0, 5.6, 1 },
	{ "1988-5", "C-reactive protein", "mg/L", 0.1, 10, 1 },
	{ "4537-7", "Sedimentation rate", "mm/h", 1, 20, 0 },
	{ "1989-3", "Vitamin D, 25-hydroxy", "ng/mL", 30, 100, 0 },
	{ "5671-3", "Lead, blood", "ug/dL", 0.5, 3.5, 1 },
	{ "2276-4", "Ferritin", "ng/mL", 7, 140, 0 },
	{ "78012-2", "Strep A antigen, rapid", NULL, 0, 0, 0 },
};

static const struct panel {
	const char		*name;
	const struct lab	*tests;
	size_t			 n;
} panels[] = {
	{ "Complete blood count", cbc, N(cbc) },
	{ "Complete blood count", cbc, N(cbc) },
	{ "Basic metabolic panel", bmp, N(bmp) },
	{ "Basic metabolic panel", bmp, N(bmp) },
	{ "Hepatic function panel", hepatic, N(hepatic) },
	{ "Lipid panel", lipids, N(lipids) },
	{ "Thyroid function", thyroid, N(thyroid) },
	{ "Urinalysis", urine, N(urine) },
	{ NULL, single, N(single) },	/* one test, no panel */
};

static const struct study {
	const char	*code;
	const char	*name;
	const char	*findings;
	const char	*impression;
} studies[] = {
	{ "36643-5", "XR Chest 2 views",
	    "The lungs are clear. No focal consolidation, pleural effusion or "
	    "pneumothorax. The cardiothymic silhouette is normal.",
	    "No acute cardiopulmonary process." },
	{ "37002-3", "XR Wrist 3 views",
	    "There is a nondisplaced buckle fracture of the distal radial "
	    "metaphysis. Growth plates are normal. No dislocation.",
	    "Buckle fracture of the distal radius." },
	{ "24558-9", "US Abdomen complete",
	    "The liver, gallbladder, pancreas, spleen and kidneys are normal in "
	    "size and appearance. No free fluid.",
	    "Normal abdominal ultrasound." },
	{ "24725-4", "CT Head without contrast",
	    "No intracranial hemorrhage, mass effect or midline shift. The "
	    "ventricles are normal in size. The calvarium is intact.",
	    "No acute intracranial abnormality." },
	{ "30745-4", "XR Abdomen 1 view",
	    "Moderate stool burden throughout the colon. Nonobstructive bowel "
	    "gas pattern. No free air.",
	    "Moderate stool burden, compatible with constipation." },
	{ "24627-2", "US Renal",
	    "Both kidneys are normal in size with normal corticomedullary "
	    "differentiation. No hydronephrosis. The bladder is unremarkable.",
	    "Normal renal ultrasound." },
};

static const struct drug {
	const char	*name, *code, *dose, *route, *freq;
} drugs[] = {
	{ "Amoxicillin 400 mg/5 mL oral suspension", "308182", "5 mL", "oral",
	    "twice daily" },
	{ "Albuterol HFA 90 mcg/actuation inhaler", "745679", "2 puffs",
	    "inhaled", "every 4 hours as needed" },
	{ "Cetirizine 5 mg tablet", "1014678", "5 mg", "oral", "once daily" },
	{ "Fluticasone 50 mcg/actuation nasal spray", "896188", "1 spray",
	    "nasal", "once daily" },
	{ "Methylphenidate ER 18 mg tablet", "1091170", "18 mg", "oral",
	    "every morning" },
	{ "Ibuprofen 100 mg/5 mL oral suspension", "197805", "10 mL", "oral",
	    "every 6 hours as needed" },
	{ "Montelukast 5 mg chewable tablet", "200224", "5 mg", "oral",
	    "at bedtime" },
	{ "Polyethylene glycol 3350 powder", "876193", "17 g", "oral",
	    "once daily" },
	{ "Levothyroxine 25 mcg tablet", "966247", "25 mcg", "oral",
	    "once daily" },
	{ "Ferrous sulfate 75 mg/mL oral drops", "1297288", "1 mL", "oral",
	    "once daily" },
};

static const struct allergy {
	const char	*substance, *reaction, *severity;
} allergens[] = {
	{ "Penicillin", "Hives", "moderate" },
	{ "Peanut", "Anaphylaxis", "severe" },
	{ "Amoxicillin", "Rash", "mild" },
	{ "Egg", "Vomiting", "mild" },
	{ "Latex", "Contact dermatitis", "mild" },
	{ "Sulfamethoxazole", "Rash", "moderate" },
	{ "Tree nuts", "Swelling of the lips", "severe" },
};

static const struct problem {
	const char	*name, *code;
} problems[] = {
	{ "Asthma", "J45.909" }, { "Allergic rhinitis", "J30.9" },
	{ "Attention-deficit hyperactivity disorder", "F90.9" },
	{ "Atopic dermatitis", "L20.9" }, { "Constipation", "K59.00" },
	{ "Recurrent otitis media", "H66.90" }, { "Iron deficiency anemia", "D50.9" },
	{ "Obesity", "E66.9" }, { "Migraine", "G43.909" },
	{ "Gastroesophageal reflux", "K21.9" },
};

static const struct vaccine {
	const char	*name, *code;
} vaccines[] = {
	{ "DTaP", "20" }, { "IPV", "10" }, { "MMR", "03" }, { "Varicella", "21" },
	{ "Hepatitis B", "08" }, { "Hepatitis A", "83" }, { "Influenza", "150" },
	{ "Hib", "49" }, { "Pneumococcal conjugate PCV13", "133" },
	{ "Rotavirus", "116" }, { "Tdap", "115" }, { "MenACWY", "114" },
};

static const char *const note_openings[] = {
	"Seen today with a parent for %s.",
	"Comes in for %s, accompanied by a parent.",
	"Follow-up visit for %s.",
};
static const char note_body[] =
    "History obtained from the parent and the patient. Eating and sleeping "
    "well, no recent travel, immunizations up to date. On examination the "
    "child is well appearing and in no distress; vital signs are within "
    "normal limits for age. Lungs clear, heart regular without murmur, "
    "abdomen soft and non-tender. Plan: supportive care, return if symptoms "
    "worsen or do not improve within a week. Questions answered.";

/* Message threads: what they are about, and what each side writes
 * (Markdown, rendered once at the start with md_render). */
static const struct subject {
	const char	*topic, *subject;
} subjects[] = {
	{ "prescription", "Refill of the albuterol inhaler" },
	{ "prescription", "Question about the amoxicillin dose" },
	{ "test_result", "Blood test results from the last visit" },
	{ "test_result", "What does the urine test mean?" },
	{ "medical_question", "Rash after starting a new soap" },
	{ "medical_question", "Fever on and off for two days" },
	{ "medical_question", "Trouble sleeping since the new medicine" },
	{ "referral", "Referral to a pediatric allergist" },
	{ "follow_up", "Follow-up after last week's visit" },
	{ "form", "School medication form for the fall" },
	{ "form", "Camp physical form" },
	{ "other", "Change of our phone number" },
};
static const char *const family_says[] = {
	"Hello,\n\nOur child has been coughing at night for about a week, "
	"mostly after going to bed. Should we give the inhaler before bed, and "
	"how many puffs?\n\nThank you.",
	"Hi,\n\nWe saw the new results in the portal. A few values are marked "
	"*high*. Is this something we should worry about, or can it wait until "
	"the next visit?",
	"Good morning,\n\nThe rash is still there on both arms. It is not "
	"itchy and there is no fever. We stopped the new soap two days ago.\n\n"
	"- Should we keep using the cream?\n- Do we need to come in?",
	"Hello,\n\nCould you please fill in the school form we left at the "
	"front desk? The school needs it **before Friday**. The nurse's fax "
	"number is on the second page.",
	"Thank you for the quick answer. We will try that and write again if "
	"nothing changes by the weekend.",
	"Hi again,\n\nThe fever came back last night (38.6 C) but went down "
	"with ibuprofen. Eating and drinking well. Anything else we should "
	"watch for?",
};
static const char *const staff_says[] = {
	"Hello,\n\nThank you for your message. Yes, **2 puffs** before bed is "
	"fine for the next week. If the cough wakes your child up more than "
	"twice a night, please call the clinic to be seen.\n\n"
	"Nora, RN, General Pediatrics",
	"Hello,\n\nDr. Patel reviewed the results: the small changes are "
	"common after a recent cold and need no treatment. We will repeat the "
	"test at the next well-child visit.",
	"Hi,\n\nKeep using the cream twice a day for one more week. If the "
	"rash spreads, blisters or comes with a fever, please book a visit.\n\n"
	"- Call 911 in an emergency.",
	"Hello,\n\nThe form is signed and was faxed to the school this "
	"morning. You can also pick up a copy at the front desk.",
	"Thanks for the update. Alternating is not needed; ibuprofen every 6 "
	"hours as needed is enough. Watch for trouble breathing, fewer wet "
	"diapers or a fever over 3 days, and call us if you see any of these.",
};

struct said {
	const char	*body;
	const char	*html;
};

/* ---- one patient ---- */

struct gen {
	struct db	*db;
	struct rng	 r;
	long		 day_first;	/* first day of the data (2016-01-01) */
	long		 day_last;	/* last day (2026-06-30) */
	int64_t		 created;	/* accounts and patients (2026-07-01) */
	int64_t		 enc_id;	/* the last encounter id used */
	const char	*pw_hash;
	struct rng	 mr;		/* for the messages only */
	int64_t		 clinic;	/* BENCH_CLINIC */
	int64_t		 nurse;		/* BENCH_NURSE */
	int64_t		 msg_first;	/* threads start in [msg_first, */
	int64_t		 msg_span;	/*  msg_first + msg_span) */
	struct said	 family[N(family_says)];
	struct said	 staff[N(staff_says)];
};

struct visit {
	int64_t		 id;
	long		 day;
	int64_t		 at;		/* start, Unix */
	const char	*kind;
	const char	*department;
	char		 provider[64];
};

/* A value of test t with its flag, mostly within the reference range. */
static void
lab_value(struct rng *r, const struct lab *t, char *val, size_t vsz,
    char *range, size_t rsz, const char **flag)
{
	double	 v, span = t->hi - t->lo;
	long	 u = rng_below(r, 100);

	if (t->lo == t->hi) {		/* qualitative */
		snprintf(val, vsz, "%s", u < 6 ? "Positive" : "Negative");
		snprintf(range, rsz, "Negative");
		*flag = u < 6 ? "A" : "N";
		return;
	}
	snprintf(range, rsz, "%.*f-%.*f", t->decimals, t->lo, t->decimals, t->hi);
	if (u < 7) {
		v = t->lo - span * 0.3 * rng_unit(r);
		if (v <= 0)
			v = t->lo * 0.5;
		*flag = "L";
	} else if (u < 15) {
		v = t->hi + span * 0.5 * rng_unit(r);
		*flag = "H";
	} else {
		v = t->lo + span * rng_unit(r);
		*flag = "N";
	}
	snprintf(val, vsz, "%.*f", t->decimals, v);
}

static int
gen_visits(struct gen *g, int64_t patient, long dob_day, struct visit *v)
{
	struct bench_encounter	 e;
	long			 first, days[VISITS], t;
	char			 date[16], start[24], end[24], contact[24];
	int			 i, j, k;

	first = dob_day + 7 > g->day_first ? dob_day + 7 : g->day_first;
	for (i = 0; i < VISITS; i++)
		days[i] = rng_range(&g->r, first, g->day_last);
	for (i = 1; i < VISITS; i++)		/* oldest first */
		for (j = i; j > 0 && days[j - 1] > days[j]; j--) {
			t = days[j];
			days[j] = days[j - 1];
			days[j - 1] = t;
		}
	for (i = 0; i < VISITS; i++) {
		memset(&e, 0, sizeof(e));
		v[i].id = ++g->enc_id;
		v[i].day = days[i];
		v[i].at = (int64_t)days[i] * 86400 + 3600 * rng_range(&g->r, 8, 17) +
		    60 * 15 * rng_below(&g->r, 4);
		k = (int)rng_below(&g->r, 100);
		if (k < 80) {
			v[i].kind = "outpatient";
			v[i].department = PICK(&g->r, clinics);
			e.title = "Office visit";
		} else if (k < 93) {
			v[i].kind = "emergency";
			v[i].department = "Emergency Medicine";
			e.title = "Emergency department visit";
		} else {
			v[i].kind = "inpatient";
			v[i].department = "Hospital Medicine";
			e.title = "Hospital admission";
		}
		snprintf(v[i].provider, sizeof(v[i].provider), "Dr. %s %s",
		    rng_below(&g->r, 2) ? PICK(&g->r, girls) : PICK(&g->r, boys),
		    PICK(&g->r, families));
		fmt_date(date, sizeof(date), days[i]);
		fmt_time(start, sizeof(start), v[i].at, 'T');
		fmt_time(end, sizeof(end), v[i].at + (*v[i].kind == 'i' ?
		    86400 * rng_range(&g->r, 1, 4) : 1800), 'T');
		snprintf(contact, sizeof(contact), "617-555-%04ld",
		    rng_below(&g->r, 10000));
		e.id = v[i].id;
		e.patient_id = patient;
		e.date = date;
		e.kind = v[i].kind;
		e.department = v[i].department;
		e.start_at = start;
		e.end_at = end;
		e.location = PICK(&g->r, sites);
		e.provider = v[i].provider;
		e.provider_contact = contact;
		e.confidential = rng_below(&g->r, 100) == 0;
		if (store_bench_encounter(g->db, &e) == -1)
			return -1;
	}
	return 0;
}

/* n results over the visits: lab panels, about 5% radiology studies. */
static int
gen_results(struct gen *g, int64_t patient, const struct visit *v, long n)
{
	struct bench_result	 res;
	const struct panel	*pn = NULL;
	const struct study	*sd;
	char			 val[32], range[32], when[24], report[512];
	size_t			 pos = 0;
	int64_t			 order_at = 0;
	long			 k;
	int			 vi, cur = -1;

	for (k = 0; k < n; k++) {
		vi = (int)(k * VISITS / n);
		memset(&res, 0, sizeof(res));
		res.patient_id = patient;
		res.encounter_id = v[vi].id;
		if (vi != cur || pn == NULL || pos >= pn->n) {
			/* A new order: another panel, resulted later that day. */
			pn = &panels[rng_below(&g->r, (long)N(panels))];
			pos = pn->name == NULL ? (size_t)rng_below(&g->r, (long)pn->n) : 0;
			order_at = v[vi].at + 60 * rng_range(&g->r, 30, 300);
			cur = vi;
		}
		if (rng_below(&g->r, 100) < RADIOLOGY_PCT) {
			sd = &studies[rng_below(&g->r, (long)N(studies))];
			snprintf(report, sizeof(report), "EXAM: %s\nINDICATION: %s.\n"
			    "FINDINGS: %s\nIMPRESSION: %s", sd->name,
			    PICK(&g->r, reasons), sd->findings, sd->impression);
			res.kind = "radiology";
			res.code = sd->code;
			res.name = sd->name;
			res.report = report;
			res.resulted = v[vi].at + 60 * rng_range(&g->r, 60, 600);
		} else {
			res.kind = "lab";
			res.panel = pn->name;
			res.code = pn->tests[pos].code;
			res.name = pn->tests[pos].name;
			res.unit = pn->tests[pos].unit;
			lab_value(&g->r, &pn->tests[pos], val, sizeof(val), range,
			    sizeof(range), &res.flag);
			res.value = val;
			res.ref_range = range;
			res.resulted = order_at;	/* the whole order at once */
			pos = pn->name == NULL ? pn->n : pos + 1;
		}
		fmt_time(when, sizeof(when), res.resulted, ' ');
		res.resulted_text = when;
		if (store_bench_result(g->db, &res) == -1)
			return -1;
	}
	return 0;
}

static int
gen_notes(struct gen *g, int64_t patient, const struct visit *v)
{
	struct bench_note	 nt;
	char			 body[1024], head[128];
	long			 i, n = rng_range(&g->r, 1, 3);
	const struct visit	*vv;

	for (i = 0; i < n; i++) {
		vv = &v[VISITS - 1 - i];
		memset(&nt, 0, sizeof(nt));
		snprintf(head, sizeof(head), PICK(&g->r, note_openings),
		    PICK(&g->r, reasons));
		snprintf(body, sizeof(body), "%s %s", head, note_body);
		nt.patient_id = patient;
		nt.encounter_id = vv->id;
		nt.department = vv->department;
		if (*vv->kind == 'i') {
			nt.note_type = "discharge_summary";
			nt.title = "Discharge summary";
		} else if (*vv->kind == 'e') {
			nt.note_type = "ed_note";
			nt.title = "Emergency department note";
		} else {
			nt.note_type = "clinic";
			nt.title = "Clinic note";
		}
		nt.author = vv->provider;
		nt.body = body;
		nt.completed = vv->at + 3600 * rng_range(&g->r, 2, 30);
		nt.confidential = rng_below(&g->r, 50) == 0;
		if (store_bench_note(g->db, &nt) == -1)
			return -1;
	}
	return 0;
}

/* Medications, allergies, problems, immunizations, vitals. */
static int
gen_lists(struct gen *g, int64_t patient, long dob_day, const struct visit *v)
{
	const struct drug	*dr;
	const struct allergy	*al;
	const struct problem	*pr;
	const struct vaccine	*vc;
	char			 date[16], value[16], taken[24];
	long			 i, n;
	double			 age;

	for (i = 0, n = rng_below(&g->r, 4); i < n; i++) {
		dr = &drugs[rng_below(&g->r, (long)N(drugs))];
		fmt_date(date, sizeof(date), v[rng_below(&g->r, VISITS)].day);
		if (store_bench_item(g->db, BENCH_MEDICATION, patient, dr->name,
		    dr->code, dr->dose, dr->route, dr->freq, date,
		    rng_below(&g->r, 3) ? "active" : "completed") == -1)
			return -1;
	}
	for (i = 0, n = rng_below(&g->r, 3); i < n; i++) {
		al = &allergens[rng_below(&g->r, (long)N(allergens))];
		if (store_bench_item(g->db, BENCH_ALLERGY, patient, al->substance,
		    NULL, al->reaction, al->severity, "active", NULL, NULL) == -1)
			return -1;
	}
	for (i = 0, n = rng_range(&g->r, 1, 2); i < n; i++) {
		pr = &problems[rng_below(&g->r, (long)N(problems))];
		fmt_date(date, sizeof(date), rng_range(&g->r, dob_day, v[0].day));
		if (store_bench_item(g->db, BENCH_PROBLEM, patient, pr->name,
		    pr->code, date, rng_below(&g->r, 4) ? "active" : "resolved",
		    NULL, NULL, NULL) == -1)
			return -1;
	}
	for (i = 0, n = rng_range(&g->r, 3, 6); i < n; i++) {
		vc = &vaccines[rng_below(&g->r, (long)N(vaccines))];
		fmt_date(date, sizeof(date), dob_day + 60 * (i + 1));
		if (store_bench_item(g->db, BENCH_IMMUNIZATION, patient, vc->name,
		    vc->code, date, "completed", NULL, NULL, NULL) == -1)
			return -1;
	}
	/* Height, weight and temperature at the last visit, roughly for age. */
	age = (double)(v[VISITS - 1].day - dob_day) / 365.25;
	fmt_time(taken, sizeof(taken), v[VISITS - 1].at, ' ');
	snprintf(value, sizeof(value), "%.1f", 50 + 6.5 * age + rng_below(&g->r, 8));
	if (store_bench_item(g->db, BENCH_VITAL, patient, "Height", "8302-2",
	    value, "cm", taken, NULL, NULL) == -1)
		return -1;
	snprintf(value, sizeof(value), "%.1f", 3.5 + 2.8 * age + rng_below(&g->r, 5));
	if (store_bench_item(g->db, BENCH_VITAL, patient, "Weight", "29463-7",
	    value, "kg", taken, NULL, NULL) == -1)
		return -1;
	snprintf(value, sizeof(value), "%.1f", 36.5 + 0.1 * rng_below(&g->r, 15));
	return store_bench_item(g->db, BENCH_VITAL, patient, "Body temperature",
	    "8310-5", value, "Cel", taken, NULL, NULL);
}

/* BENCH_THREADS threads of the account acct about patient, each with 2-4
 * messages, the family's first; waiting when the family's is the last. */
static int
gen_threads(struct gen *g, int64_t patient, int64_t acct)
{
	struct bench_thread	 t;
	const struct subject	*sj;
	const struct said	*m;
	int64_t			 at, due;
	long			 k, i, n;
	int			 staff;

	for (k = 0; k < BENCH_THREADS; k++) {
		sj = &subjects[rng_below(&g->mr, (long)N(subjects))];
		n = rng_range(&g->mr, 2, 4);
		memset(&t, 0, sizeof(t));
		t.id = (patient - 1) * BENCH_THREADS + k + 1;
		t.patient_id = patient;
		t.clinic_id = g->clinic;
		t.account_id = acct;
		t.topic = sj->topic;
		t.subject = sj->subject;
		/* 7 a.m. to 10 p.m. UTC on some day of the year of messages. */
		t.created = g->msg_first + 86400 * rng_below(&g->mr,
		    g->msg_span / 86400) + 60 * rng_range(&g->mr, 7 * 60, 22 * 60);
		at = t.created;
		due = 0;
		for (i = 0; i < n; i++) {
			if (i > 0)	/* 20 minutes to 2 days later */
				at += 60 * rng_range(&g->mr, 20, 2 * 24 * 60);
			staff = (int)(i % 2);
			m = staff ? &g->staff[rng_below(&g->mr, (long)N(g->staff))] :
			    &g->family[rng_below(&g->mr, (long)N(g->family))];
			due = staff ? 0 : (int64_t)bizday_due((time_t)at, NULL);
			if (due == -1 || store_message_add(g->db, t.id, staff,
			    staff ? g->nurse : acct, m->body, m->html, (time_t)at,
			    due) == -1)
				return -1;
		}
		t.updated = at;
		if (n % 2) {		/* the family's last: waiting */
			t.status = "waiting";
			t.due = due;
			t.unread_staff = 1;
		} else {
			t.status = "answered";
			t.unread_family = (int)rng_below(&g->mr, 2);
		}
		if (store_bench_thread(g->db, &t) == -1)
			return -1;
	}
	return 0;
}

/* The clinic, its nurse, and the messages pre-rendered. */
static int
gen_clinic(struct gen *g, struct arena *a, const struct conf *cf)
{
	const char	*hash;
	size_t		 i;

	for (i = 0; i < N(family_says); i++) {
		g->family[i].body = family_says[i];
		if ((g->family[i].html = md_render(a, family_says[i],
		    strlen(family_says[i]))) == NULL)
			return -1;
	}
	for (i = 0; i < N(staff_says); i++) {
		g->staff[i].body = staff_says[i];
		if ((g->staff[i].html = md_render(a, staff_says[i],
		    strlen(staff_says[i]))) == NULL)
			return -1;
	}
	if ((hash = auth_hash(a, cf, BENCH_NURSE_PASSWORD)) == NULL ||
	    (g->clinic = store_clinic_ensure(g->db, BENCH_CLINIC)) <= 0 ||
	    (g->nurse = store_staff_create(g->db, BENCH_NURSE, hash,
	    "Nora Bench, RN", NULL, (time_t)g->created)) == -1 ||
	    store_clinic_add_staff(g->db, g->nurse, g->clinic) == -1)
		return -1;
	return 0;
}

/* Patient id, the parent on file, and, for the first BENCH_ACCOUNTS, the
 * parent's verified account holding the patient. */
static int
gen_patient(struct gen *g, int64_t id, long nresults)
{
	struct bench_patient	 p;
	struct bench_relation	 rel;
	struct visit		 v[VISITS];
	char			 mrn[32], dob[16], email[64], phone[24];
	long			 dob_day;
	int64_t			 acct;
	int			 girl = (int)rng_below(&g->r, 2);

	if (id <= BENCH_ACCOUNTS)	/* young: parents see everything */
		dob_day = rng_range(&g->r, civil_days(2019, 1, 1),
		    civil_days(2024, 6, 30));
	else
		dob_day = rng_range(&g->r, civil_days(2005, 7, 1),
		    civil_days(2025, 6, 30));
	snprintf(mrn, sizeof(mrn), "B%07" PRId64, id);
	fmt_date(dob, sizeof(dob), dob_day);
	memset(&p, 0, sizeof(p));
	p.id = id;
	p.mrn = mrn;
	p.given = girl ? PICK(&g->r, girls) : PICK(&g->r, boys);
	p.family = PICK(&g->r, families);
	p.dob = dob;
	p.sex = girl ? "F" : "M";
	p.created = g->created;
	if (store_bench_patient(g->db, &p) == -1)
		return -1;

	if (id <= BENCH_ACCOUNTS)
		snprintf(email, sizeof(email), "bench%" PRId64 "@example.org", id);
	else
		snprintf(email, sizeof(email), "parent%" PRId64 "@example.org", id);
	snprintf(phone, sizeof(phone), "617-555-%04" PRId64, id % 10000);
	memset(&rel, 0, sizeof(rel));
	rel.id = id;
	rel.patient_id = id;
	rel.kind = "parent";
	rel.given = rng_below(&g->r, 2) ? PICK(&g->r, girls) : PICK(&g->r, boys);
	rel.family = p.family;
	rel.email = email;
	rel.phone = phone;
	if (store_bench_relation(g->db, &rel) == -1)
		return -1;
	if (id <= BENCH_ACCOUNTS &&
	    ((acct = store_account_create(g->db, email, g->pw_hash, rel.given,
	    rel.family, (time_t)g->created)) == -1 ||
	    store_account_verify(g->db, acct, (time_t)g->created) == -1 ||
	    store_holding_set(g->db, acct, id, "parent", rel.id, "active",
	    (time_t)g->created) == -1 || gen_threads(g, id, acct) == -1))
		return -1;
	if (store_clinic_add_patient(g->db, id, g->clinic) == -1)
		return -1;

	if (gen_visits(g, id, dob_day, v) == -1 ||
	    gen_results(g, id, v, nresults) == -1 ||
	    gen_notes(g, id, v) == -1 ||
	    gen_lists(g, id, dob_day, v) == -1)
		return -1;
	return 0;
}

/* The results of patients 0..i-1 together (i of n, total results): even,
 * plus up to 80% of the mean as a jitter that is 0 at both ends, so each
 * patient gets 20%-180% of the mean and the sum is exact. */
static long
results_before(long i, long n, long total, long jitter)
{
	long	 base = (long)((int64_t)total * i / n);	/* < 2^63: see the limits */

	if (i == 0 || i == n)
		return base;
	return base + jitter;
}

int
bench_generate(struct db *db, const struct conf *cf, long patients,
    long results, FILE *progress)
{
	struct gen	 g;
	struct arena	*a;
	long		 i, step, mean, spread, prev, next, jit;
	long		 done = 0;
	int		 fresh;

	if (patients < 1 || patients > 100000000L || results < 0 ||
	    results > 10000000000L) {
		fputs("bench: want 1 to 10^8 patients and 0 to 10^10 results\n",
		    stderr);
		return -1;
	}
	if (store_bench_prepare(db) == -1)
		return -1;
	if ((fresh = store_bench_fresh(db)) != 1) {
		fputs(fresh == 0 ? "bench: the database already holds patients "
		    "or accounts; give it a fresh one (portalctl init)\n" :
		    "bench: cannot read the database\n", stderr);
		return -1;
	}
	memset(&g, 0, sizeof(g));
	g.db = db;
	g.r.s = SEED;
	g.day_first = civil_days(2016, 1, 1);
	g.day_last = civil_days(2026, 6, 30);
	g.created = (int64_t)civil_days(2026, 7, 1) * 86400;
	g.mr.s = MSG_SEED;
	g.msg_first = g.created;
	g.msg_span = ((int64_t)civil_days(2027, 7, 1) - civil_days(2026, 7, 1)) *
	    86400;
	a = arena_new();
	/* One scrypt for all: it costs as much as a sign-in. */
	g.pw_hash = auth_hash(a, cf, BENCH_PASSWORD);
	if (g.pw_hash == NULL || store_bench_load_begin(db) == -1 ||
	    gen_clinic(&g, a, cf) == -1)
		goto err;

	mean = results / patients;
	spread = mean * 8 / 10;
	step = patients >= 10 ? patients / 10 : 1;
	prev = 0;
	for (i = 0; i < patients; i++) {
		jit = spread > 0 ? rng_below(&g.r, spread + 1) : 0;
		next = results_before(i + 1, patients, results, jit);
		if (gen_patient(&g, i + 1, next - prev) == -1)
			goto err;
		done += next - prev;
		prev = next;
		if ((i + 1) % step == 0 || i + 1 == patients) {
			if (store_bench_commit(db) == -1)
				goto err;
			if (progress != NULL) {
				fprintf(progress, "bench-data: %ld/%ld patients, "
				    "%ld results (%ld%%)\n", i + 1, patients, done,
				    (i + 1) * 100 / patients);
				fflush(progress);
			}
		}
	}
	if (store_bench_load_end(db) == -1)
		goto err;
	arena_free(a);
	return 0;
err:
	db_rollback(db);
	arena_free(a);
	fputs("bench: cannot generate the data; delete this database\n", stderr);
	return -1;
}
