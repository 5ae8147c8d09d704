/*
 * Hospital staff: what a staff member's roles let them do (issue 11.8).
 * Every staff operation asks here, and here asks the policy.
 */
#ifndef PORTAL_APP_STAFF_H
#define PORTAL_APP_STAFF_H

#include <stdint.h>

#include "policy_staff.h"

struct call;
struct db;
struct arena;

/* 1 if the caller is a staff member (not disabled) one of whose roles
 * may do act, 0 if not, -1 if the store could not answer. */
int		app_staff_may(const struct call *, enum staff_act act);
/* The same for an act done to a clinic's things: also membership of
 * the clinic where the policy binds the act to own clinics
 * (policy_staff_may_at). 1, 0, or -1. */
int		app_staff_may_at(const struct call *, enum staff_act act,
		    int64_t clinic);
/* The member's set of roles (STAFF_ROLE_BIT), or -1 on error. */
long		app_staff_roles(struct db *, struct arena *, int64_t id);

#endif
