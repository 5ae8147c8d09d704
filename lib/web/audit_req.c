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

int
audit_refused(struct ctx *c, const char *action, int64_t patient,
    const char *what, const char *param)
{
	const char	*raw, *id, *detail;

	if ((raw = http_query(c, param)) == NULL)
		raw = http_form(c, param);
	if (raw == NULL)
		detail = arena_printf(c->call.a, "%s: no %s", what, param);
	else if (valid_id(c->call.a, raw, strlen(raw), &id) == NULL)
		detail = arena_printf(c->call.a, "%s: asked %s=%s", what, param, id);
	else
		detail = arena_printf(c->call.a, "%s: asked %s=malformed (%zu bytes)",
		    what, param, strlen(raw));
	return audit_req(c, action, patient, detail);
}
