/*
 * Refusal rows naming the id asked for; see audit_refused.h.
 */
#include <string.h>

#include "arena.h"
#include "audit.h"
#include "audit_refused.h"
#include "http.h"
#include "valid.h"

int
audit_refused(struct ctx *c, const char *action, int64_t patient,
    const char *what, const char *param)
{
	const char	*raw, *id, *detail;

	if ((raw = http_query(c, param)) == NULL)
		raw = http_form(c, param);
	if (raw == NULL)
		detail = arena_printf(c->a, "%s: no %s", what, param);
	else if (valid_id(c->a, raw, strlen(raw), &id) == NULL)
		detail = arena_printf(c->a, "%s: asked %s=%s", what, param, id);
	else
		detail = arena_printf(c->a, "%s: asked %s=malformed (%zu bytes)",
		    what, param, strlen(raw));
	return audit_req(c, action, patient, detail);
}
