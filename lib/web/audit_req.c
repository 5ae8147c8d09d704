/*
 * Audit rows of web requests, and refusal rows naming the id asked for;
 * see audit_req.h.
 */
#include <string.h>

#include "arena.h"
#include "audit.h"
#include "audit_req.h"
#include "http.h"
#include "valid.h"

int
audit_req(struct ctx *c, const char *action, int64_t patient, const char *detail)
{
	return audit_call(&c->call, action, patient, detail);
}

const char *
audit_asked(struct ctx *c, const char *param)
{
	const char	*raw, *id;

	if ((raw = http_query(c, param)) == NULL)
		raw = http_form(c, param);
	if (raw == NULL)
		return arena_printf(c->call.a, "no %s", param);
	if (valid_id(c->call.a, raw, strlen(raw), &id) == NULL)
		return arena_printf(c->call.a, "asked %s=%s", param, id);
	return arena_printf(c->call.a, "asked %s=malformed (%zu bytes)", param,
	    strlen(raw));
}

int
audit_refused(struct ctx *c, const char *action, int64_t patient,
    const char *what, const char *param)
{
	return audit_req(c, action, patient, arena_printf(c->call.a, "%s: %s",
	    what, audit_asked(c, param)));
}
