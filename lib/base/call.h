/*
 * Who does something, and when: what every operation of the application
 * layer is given instead of an HTTP request, so that a web handler,
 * portalctl and a test call the same functions the same way.
 */
#ifndef PORTAL_CALL_H
#define PORTAL_CALL_H

#include <stdint.h>
#include <time.h>

struct arena;

/* What a process loads once, at start (opened by portal_open, app/portal.h). */
struct conf;
struct db;
struct tmpl_set;
struct pwlist;
struct policy_rules;

struct portal {
	struct conf		*conf;
	struct db		*db;
	struct tmpl_set		*tmpl;		/* web workers only (http_main) */
	struct pwlist		*pwlist;
	struct policy_rules	*rules;		/* release rules (F-PROXY 6) */
	unsigned char		 key[32];	/* CSRF key, derived from the
						 * installation key (keyfile.h) */
	unsigned char		 mfa_key[32];	/* seals TOTP secrets (app/mfa.c),
						 * derived from it too */
};


enum actor_kind {
	ACTOR_NOBODY,		/* not signed in */
	ACTOR_FAMILY,		/* a family account: accounts.id */
	ACTOR_STAFF,		/* a hospital staff member: staff.id */
	ACTOR_PROVIDER,		/* a provider-portal account (to come) */
	ACTOR_SPONSORED,	/* a provider's sponsored user (to come) */
	ACTOR_CLI,		/* portalctl, run by hospital IT */
	ACTOR__MAX
};

struct actor {
	enum actor_kind	 kind;
	int64_t		 id;		/* 0 for ACTOR_NOBODY and ACTOR_CLI */
	const char	*addr;		/* client address, "" if none */
};

/*
 * What became of a call's audit rows (issue 9.2): audit_call counts each
 * row here, so that the web layer, in one place, refuses a page whose
 * row failed and a page of health information with no row at all.
 */
struct call_audit {
	unsigned	 ca_acked;	/* rows durable */
	unsigned	 ca_failed;	/* rows refused, or lost with their transaction */
	unsigned	 ca_pending;	/* rows in a caller's open transaction */
	int		 ca_no_phi;	/* the handler says: no health information shown */
};

struct call {
	struct portal	*p;		/* the process's portal */
	struct arena	*a;		/* freed when the call is over */
	struct actor	 who;
	time_t		 now;		/* read once, by whoever makes the call */
	struct call_audit *audit;	/* NULL: nobody counts (portalctl, tests) */
};

/* "family:12", "staff:3", "cli", "anonymous": how the audit log names
 * an actor. Static text or the arena's. */
const char	*actor_name(struct arena *, const struct actor *);
/* Where an actor's row came from, for the audit's address column: the
 * client's address; for portalctl (ACTOR_CLI, no address) the Unix user
 * who ran it, "local:portal", then the user who logged in when another
 * (the kernel's login id, which sudo and su keep: "login:alice") and
 * sudo's SUDO_USER when set ("sudo:alice"). */
const char	*actor_addr(struct arena *, const struct actor *);

#endif
