/*
 * Bulk writes of the synthetic hospital of `make bench` (bench.c):
 * one plain INSERT per table, with the ids chosen by the caller where
 * other rows point at them, and the switches that make a load of millions
 * of rows take seconds instead of hours. Nothing here is used by a page.
 */
#ifndef PORTAL_STORE_BENCH_H
#define PORTAL_STORE_BENCH_H

#include <stdint.h>

struct db;

/* Prepares the load's statements (db_prepare): 0, or -1 after saying
 * which does not compile. Before any other call. */
int	store_bench_prepare(struct db *);
/* 1 if the database holds no patient and no account yet, 0 if it does,
 * -1 on error. */
int	store_bench_fresh(struct db *);

/*
 * store_bench_load_begin: db_bulk (rollback journal off, synchronous off,
 * foreign keys off, a large page cache), then BEGIN. Until store_bench_load_end
 * the file is not crash-safe: a failed or interrupted load leaves a
 * database to delete, never to use. 0 or -1.
 * store_bench_commit: COMMIT and BEGIN again (to bound a transaction).
 * store_bench_load_end: COMMIT, then db_bulk off (WAL, synchronous=FULL
 * and foreign keys on again, as db_open leaves a connection). 0 or -1.
 */
int	store_bench_load_begin(struct db *);
int	store_bench_commit(struct db *);
int	store_bench_load_end(struct db *);

struct bench_patient {
	int64_t		 id;
	const char	*mrn;
	const char	*given;
	const char	*family;
	const char	*dob;		/* YYYY-MM-DD */
	const char	*sex;
	int64_t		 created;
};

struct bench_relation {
	int64_t		 id;
	int64_t		 patient_id;
	const char	*kind;
	const char	*given;
	const char	*family;
	const char	*email;
	const char	*phone;
};

struct bench_encounter {
	int64_t		 id;
	int64_t		 patient_id;
	const char	*date;		/* YYYY-MM-DD */
	const char	*kind;		/* outpatient, inpatient, emergency */
	const char	*department;
	const char	*start_at;	/* ISO 8601 */
	const char	*end_at;
	const char	*title;
	const char	*location;
	const char	*provider;
	const char	*provider_contact;
	int		 confidential;
};

struct bench_result {
	int64_t		 patient_id;
	int64_t		 encounter_id;
	const char	*kind;		/* lab, radiology */
	const char	*panel;
	const char	*code;
	const char	*name;
	const char	*value;
	const char	*unit;
	const char	*ref_range;
	const char	*flag;
	const char	*report;
	int64_t		 resulted;
	const char	*resulted_text;
};

struct bench_note {
	int64_t		 patient_id;
	int64_t		 encounter_id;
	const char	*department;
	const char	*note_type;
	const char	*title;
	const char	*author;
	const char	*body;
	int64_t		 completed;
	int		 confidential;
};

/* A message thread in its final state (the messages go in through
 * store_message_add): due 0 is stored as NULL. */
struct bench_thread {
	int64_t		 id;
	int64_t		 patient_id;
	int64_t		 clinic_id;
	int64_t		 account_id;
	const char	*topic;
	const char	*subject;
	const char	*status;	/* waiting, answered */
	int64_t		 due;
	int		 unread_family;
	int		 unread_staff;
	int64_t		 created;
	int64_t		 updated;
};

/* Medications, allergies, problems, immunizations and vitals share one
 * shape: a name, a code and up to five more text columns t1..t5, which
 * are, per kind (a '-' is not stored):
 *
 *	               name       code  t1          t2     t3         t4          t5
 *	MEDICATION     name       code  dose        route  frequency  start_text  status
 *	ALLERGY        substance  -     reaction    severity status   -           -
 *	PROBLEM        name       code  onset_text  status -          -           -
 *	IMMUNIZATION   name       code  date_text   status -          -           -
 *	VITAL          name       code  value       unit   taken_text -           -
 */
enum bench_item {
	BENCH_MEDICATION,
	BENCH_ALLERGY,
	BENCH_PROBLEM,
	BENCH_IMMUNIZATION,
	BENCH_VITAL,
	BENCH_ITEM__MAX
};

/* Each returns 0, or -1 (with the reason on stderr, from db_exec). */
int	store_bench_patient(struct db *, const struct bench_patient *);
int	store_bench_relation(struct db *, const struct bench_relation *);
int	store_bench_encounter(struct db *, const struct bench_encounter *);
int	store_bench_result(struct db *, const struct bench_result *);
int	store_bench_note(struct db *, const struct bench_note *);
int	store_bench_thread(struct db *, const struct bench_thread *);
int	store_bench_item(struct db *, enum bench_item, int64_t patient,
	    const char *name, const char *code, const char *t1, const char *t2,
	    const char *t3, const char *t4, const char *t5);

#endif
