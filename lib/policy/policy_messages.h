/*
 * Who may read a message thread, and who may write about a patient to
 * which care team (F-MSG 1, 4, 5; F-PROXY 2). Pure: lib/app/messages.c
 * gathers the facts from the store and asks here.
 */
#ifndef PORTAL_POLICY_MESSAGES_H
#define PORTAL_POLICY_MESSAGES_H

#include "policy_record.h"

enum thread_viewer {
	THREAD_NOBODY,		/* neither a family account nor hospital staff */
	THREAD_FAMILY,		/* a family account */
	THREAD_CARE_TEAM,	/* a hospital staff member */
	THREAD__MAX
};

/* The facts about one viewer and one thread. */
struct thread_access {
	enum thread_viewer	 viewer;
	enum access_level	 level;		/* family: the account's access to
						 * the thread's patient now */
	int			 started_by_viewer; /* family: the thread is the
						 * account's own */
	int			 started_by_patient; /* started by the patient's
						 * own account */
	int			 on_care_team;	/* staff: a member of the care team
						 * of the thread's clinic */
};

/*
 * 1 if the viewer may read the thread (and answer in it), else 0. A
 * thread belongs to the account that started it (one the care team starts
 * belongs to the account it is addressed to); only that account and the
 * care team of the thread's clinic see it. So the parent of a
 * 13-17-year-old never sees the teen's threads, and the teen never sees
 * the parent's: a PROXY_TEEN viewer never sees a thread the patient
 * started even if the other flags say otherwise. A staff member sees
 * every thread of the clinics whose care team they are on, and no other
 * (level and the started_* flags are then ignored).
 */
int		 policy_thread_visible(const struct thread_access *in);

enum message_new {
	MESSAGE_NEW_OK,
	MESSAGE_NEW_NO_PATIENT,	/* the account has no access to the patient
				 * now: the same answer as no such patient */
	MESSAGE_NEW_CLINIC,	/* the chosen clinic does not care for the
				 * patient: choose another */
};

/*
 * Whether a family account with this access level to a patient may write
 * to the care team about them (and see their list of threads and the
 * compose page): any access but none. clinic_chosen: a clinic was named
 * (0 for the list and the compose page); clinic_cares: that clinic cares
 * for the patient. MESSAGE_NEW_NO_PATIENT comes before _CLINIC.
 */
enum message_new policy_message_new(enum access_level level,
		    int clinic_chosen, int clinic_cares);

#endif
