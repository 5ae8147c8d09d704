/*
 * Scheduling messages (HL7 v2.5.1 chapter 10, SIU) as the portal takes
 * them: what one message says about one appointment, read from a parsed
 * message (hl7.h) without the database. lib/app/siuimport.c applies it.
 *
 * The interface profile (ARCHITECTURE.md, "Visits: HL7 v2 scheduling
 * messages"):
 *  - MSH-9 SIU^S12 (new), S13 (rescheduled), S14 (modified), S15
 *    (cancelled), S26 (no-show); any version 2.3 to 2.8.
 *  - SCH-2 filler appointment id (EI): the key, "namespace^id" (EI.2,
 *    else EI.3, may be empty). SCH-1 placer id (kept for the report).
 *    SCH-7 reason, SCH-8 appointment type (CE), SCH-9/SCH-10 duration and
 *    its units (MIN, H), SCH-11 TQ (^^duration^start^end), SCH-25 filler
 *    status (CE). Start: SCH-11.4, else AIS-4; length: SCH-9, else the
 *    TQ duration (M30, H1), else its end, else AIS-7/AIS-8.
 *  - PID-3: the repetition whose assigning authority (CX.4) is the
 *    hospital's: its namespace (HD.1) equal to conf mrn_authority, or
 *    its universal id (HD.2) equal to conf mrn_root. PD1-12 "Y"
 *    (protection indicator) makes the visit confidential.
 *  - AIS-3 service (CE): the visit type's code. AIP-3 (XCN) or AIG-3
 *    (CE text) the provider. AIL-3 (PL) the place: point of care (PL.1)
 *    and description (PL.9) name the clinic; AIL-4 location type VIDEO,
 *    TELEHEALTH or VIRTUAL makes it a video visit.
 *  - An S12 without PID whose SCH-25 is "Open" (not in HL7 table 0278: a
 *    convention of the interface) is an open slot; its S15 withdraws it.
 */
#ifndef PORTAL_SIU_H
#define PORTAL_SIU_H

#include <stddef.h>

struct arena;
struct hl7_msg;

enum siu_event {
	SIU_S12,	/* new */
	SIU_S13,	/* rescheduled */
	SIU_S14,	/* modified */
	SIU_S15,	/* cancelled */
	SIU_S26,	/* no-show */
	SIU__MAX
};

struct siu {
	enum siu_event	 event;
	const char	*control;	/* MSH-10 */
	const char	*filler;	/* "namespace^id" */
	const char	*placer;	/* SCH-1.1, "" */
	const char	*reason;	/* SCH-7 text, "" */
	const char	*cancel_reason;	/* SCH-6 text, "" */
	const char	*type_code;	/* AIS-3.1, else SCH-8.1, "" */
	const char	*type_text;	/* AIS-3.2, else SCH-8.2, "" */
	const char	*status;	/* SCH-25.1, "" */
	int		 open;		/* an open slot (no PID, status Open) */
	long long	 start;		/* 0: none given */
	long		 minutes;	/* 0: none given */
	int		 has_pid;
	const char	*mrn;		/* under the hospital's authority;
					 * NULL: none there */
	int		 confidential;	/* PD1-12 Y */
	const char	*provider;	/* "" */
	const char	*clinic_code;	/* AIL-3.1, "" */
	const char	*clinic_desc;	/* AIL-3.9, "" */
	const char	*location;	/* what a family reads: AIL-3.9, else
					 * room, building, floor; "" */
	const char	*premises;	/* room, building, floor alone; "" */
	int		 video;		/* AIL-4 VIDEO, TELEHEALTH, VIRTUAL */
};

/*
 * Reads m into *out (texts in a) for a hospital whose MRNs are assigned
 * by authority (HD namespace) or root (HD universal id). 0, or -1 with
 * the reason in why (no message text in it): not SIU, an event not
 * taken, no SCH or more than one, no filler id, a bad start or length.
 */
int		 siu_read(struct arena *a, const struct hl7_msg *m,
		    const char *authority, const char *root, struct siu *out,
		    char *why, size_t whysz);

/* "S12" ... */
const char	*siu_event_name(enum siu_event);

#endif
