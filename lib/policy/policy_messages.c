/*
 * Message threads: who reads them, who writes about whom (see
 * policy_messages.h). Inputs in, verdict out; table-tested in
 * tests/unit/test_policy_messages.c.
 */
#include <stddef.h>

#include "policy_messages.h"

int
policy_thread_visible(const struct thread_access *in)
{
	if (in == NULL)
		return 0;
	switch (in->viewer) {
	case THREAD_CARE_TEAM:
		return in->on_care_team != 0;
	case THREAD_FAMILY:
		if (in->level != ACCESS_FULL && in->level != ACCESS_PROXY_TEEN)
			return 0;
		if (in->level == ACCESS_PROXY_TEEN && in->started_by_patient)
			return 0;
		return in->started_by_viewer != 0;
	default:
		return 0;
	}
}

enum message_new
policy_message_new(enum access_level level, int clinic_chosen, int clinic_cares)
{
	if (level != ACCESS_FULL && level != ACCESS_PROXY_TEEN)
		return MESSAGE_NEW_NO_PATIENT;
	if (clinic_chosen && !clinic_cares)
		return MESSAGE_NEW_CLINIC;
	return MESSAGE_NEW_OK;
}
