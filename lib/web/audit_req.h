/*
 * Audit rows for a web request (S-1): the actor and address come from the
 * request's call. Refusal rows name what was asked for: a refused request is
 * audited with the id the person asked for, so the privacy office can see
 * who probed which record. The raw value of a malformed id never reaches
 * the audit log, only its length.
 */
#ifndef PORTAL_AUDIT_REQ_H
#define PORTAL_AUDIT_REQ_H

#include <stdint.h>

struct ctx;

/* audit_call for the request's call. 0 or -1. */
int	audit_req(struct ctx *c, const char *action, int64_t patient,
	    const char *detail);
/* Writes an audit row action for patient (0 if unknown) whose detail is
 * "<what>: asked <param>=<id>" (param from the query, else the form), or
 * "asked <param>=malformed (N bytes)", or "no <param>". 0 or -1. */
int	audit_refused(struct ctx *c, const char *action, int64_t patient,
	    const char *what, const char *param);
/* How a refusal row names the id asked for: "asked <param>=<id>" (param
 * from the query, else the form), "asked <param>=malformed (N bytes)", or
 * "no <param>". For an operation's input (lib/app/messages.h). */
const char	*audit_asked(struct ctx *c, const char *param);

#endif
