/*
 * A provider-portal user's saved patient list (P-ACCESS 5): their own,
 * sponsored users included. The list says nothing of access: the caller
 * asks paccess for each row at every look.
 */
#ifndef PORTAL_STORE_SAVED_H
#define PORTAL_STORE_SAVED_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "store_patients.h"

struct arena;
struct db;

struct saved {
	struct patient	 patient;
	int64_t		 created;
};

/* Adds patient to account's list (again: nothing). 0 or -1. */
int	store_saved_add(struct db *, int64_t account, int64_t patient,
	    time_t now);
/* Takes patient off account's list: 1, 0 if it was not on it, -1. */
int	store_saved_remove(struct db *, int64_t account, int64_t patient);
/* Account's list, by name. 0 or -1. */
int	store_saved_list(struct db *, struct arena *, int64_t account,
	    struct saved **out, size_t *n);
/* 1 if patient is on account's list, 0 if not, -1. */
int	store_saved_has(struct db *, int64_t account, int64_t patient);

#endif
