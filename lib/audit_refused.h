/*
 * Refusal rows that name what was asked for (S-1): a refused request is
 * audited with the id the person asked for, so the privacy office can see
 * who probed which record. The raw value of a malformed id never reaches
 * the audit log, only its length.
 */
#ifndef PORTAL_AUDIT_REFUSED_H
#define PORTAL_AUDIT_REFUSED_H

#include <stdint.h>

struct ctx;

/* Writes an audit row action for patient (0 if unknown) whose detail is
 * "<what>: asked <param>=<id>" (param from the query, else the form), or
 * "asked <param>=malformed (N bytes)", or "no <param>". 0 or -1. */
int	audit_refused(struct ctx *c, const char *action, int64_t patient,
	    const char *what, const char *param);

#endif
