/*
 * Sharing a patient's record with providers, the family's side (F-SHARE
 * 1-3): who may share, what a share of theirs lets a provider see, and
 * which grants (and the views made through them) an account holder sees
 * and may revoke. What a provider sees through a grant is the provider
 * release of policy_record.h (policy_provider_item_visible).
 */
#ifndef PORTAL_POLICY_SHARE_H
#define PORTAL_POLICY_SHARE_H

#include <stdio.h>

#include "policy_record.h"

/*
 * The scope a share (an invitation, or an approved request) by an
 * account holder carries, or SCOPE_NONE if they may not share:
 *   the patient themself with full access (an adult; 13-17 for their own
 *   record): SCOPE_PATIENT;
 *   a parent, legal guardian or DCF caseworker with full access (a child
 *   under 13; an adult with guardianship papers): SCOPE_CLINICAL;
 *   a parent or guardian of a 13-17-year-old: SCOPE_CLINICAL, which
 *   never holds what the parent may not see (confidential care);
 *   anyone without access now: SCOPE_NONE.
 */
enum share_scope policy_share_scope(enum hold_role role, enum access_level level);
/*
 * 1 if an account holder with this access level sees a grant of this
 * scope (in the list of providers with access, among the pending
 * requests, and the views made through it in "who has seen"), and may
 * revoke it; 0 if not. A teen's own grants (SCOPE_PATIENT) are not their
 * parent's to see.
 */
int		 policy_share_sees(enum access_level level, enum share_scope grant);
/*
 * 1 if a grant of scope grant still counts, given what its giver may
 * share today (policy_share_scope of their holding, SCOPE_NONE if they no
 * longer hold the patient): a grant is its giver's consent, in force only
 * while it is still theirs to give (a parent's ends with the 18th
 * birthday, DCF custody, or when they are no longer on file). A grant of
 * no known scope never counts.
 */
int		 policy_grant_counts(enum share_scope giver, enum share_scope grant);
/* The sharing part of `portalctl policy`. */
void		 policy_print_sharing(FILE *out);

#endif
