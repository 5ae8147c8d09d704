/* Clinics, their staff and their patients: who the care team is. */
#ifndef PORTAL_STORE_CLINICS_H
#define PORTAL_STORE_CLINICS_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;

struct clinic {
	int64_t		 id;
	const char	*name;
};

/* The clinic's id, adding it if new; -1 on error. */
int64_t	store_clinic_ensure(struct db *, const char *name);
/* The id of the clinic with that name, 0 if none, -1. */
int64_t	store_clinic_id(struct db *, const char *name);
int	store_clinic_add_staff(struct db *, int64_t staff, int64_t clinic);
int	store_clinic_add_patient(struct db *, int64_t patient, int64_t clinic);
/* The clinics caring for a patient, by name. */
int	store_clinics_of_patient(struct db *, struct arena *, int64_t patient,
	    struct clinic **out, size_t *n);
/* 1 if the patient is in the clinic's care, 0 if not, -1. */
int	store_clinic_has_patient(struct db *, int64_t clinic, int64_t patient);
/* 1 if the staff member belongs to the clinic, 0 if not, -1. */
int	store_clinic_has_staff(struct db *, int64_t clinic, int64_t staff);

#endif
