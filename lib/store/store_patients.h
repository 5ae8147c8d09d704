/* Patients, the people on file for them, and their visits. */
#ifndef PORTAL_STORE_PATIENTS_H
#define PORTAL_STORE_PATIENTS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct arena;
struct db;

struct patient {
	int64_t		 id;
	const char	*mrn;
	const char	*given;
	const char	*family;
	const char	*dob;		/* YYYY-MM-DD */
	const char	*sex;
	int		 foster;
	int		 guardianship;
	const char	*email;		/* the patient's own address, or NULL */
};

struct relation {
	int64_t		 id;
	int64_t		 patient_id;
	const char	*kind;	/* parent, legal_guardian, dcf_caseworker, foster_parent */
	const char	*given;
	const char	*family;
	const char	*email;
	const char	*phone;
};

int	store_patient_by_id(struct db *, struct arena *, int64_t id, struct patient *out);
int	store_patient_by_mrn(struct db *, struct arena *, const char *mrn,
	    struct patient *out);
/* The new patient's id, or -1 (for example, the MRN exists). */
int64_t	store_patient_create(struct db *, const struct patient *, time_t now);
/* Sets (or with NULL clears) the patient's own address on file. 0 or -1. */
int	store_patient_set_email(struct db *, int64_t id, const char *email);
int64_t	store_relation_add(struct db *, const struct relation *);
int	store_relations(struct db *, struct arena *, int64_t patient,
	    struct relation **out, size_t *n);
int64_t	store_encounter_add(struct db *, int64_t patient, const char *date,
	    const char *kind, const char *department, int confidential);
/* 1 if the patient had a visit on date (YYYY-MM-DD), 0 if not, -1. */
int	store_encounter_on(struct db *, int64_t patient, const char *date);

#endif
