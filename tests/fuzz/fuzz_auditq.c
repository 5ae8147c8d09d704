/*
 * libFuzzer harness for the privacy office's filter and export (issue
 * 16.1): the bytes, cut at the first NUL, read as an actor, an action,
 * a date (both ends) and a page (lib/app/auditq.h), and written as a CSV
 * field and a JSON string (lib/base/export.h). An actor taken is exact or
 * a kind, never both; a family taken ends in '.'; a CSV field never
 * starts with a formula character; a JSON string holds no raw control
 * character.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "auditq.h"
#include "export.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct store_audit_filter	 f;
	struct arena			*a = arena_new();
	struct buf			 b;
	char				*s = arena_strndup(a, (const char *)data, len);
	const char			*p;
	int64_t				 t, n;

	memset(&f, 0, sizeof(f));
	if (auditq_actor(a, s, &f) == NULL &&
	    (f.actor == NULL) == (f.actor_kind == NULL))
		abort();
	if (auditq_action(a, s, &f) == NULL && f.action_family != NULL &&
	    f.action_family[strlen(f.action_family) - 1] != '.')
		abort();
	(void)auditq_when(s, 0, &t);
	(void)auditq_when(s, 1, &t);
	(void)auditq_page(s, &n);
	buf_init(&b, a);
	export_csv_field(&b, s);
	p = b.b_data[0] == '"' ? b.b_data + 1 : b.b_data;
	if (*p != '\0' && strchr("=+-@\t\r", *p) != NULL)
		abort();
	buf_init(&b, a);
	export_json_str(&b, s);
	for (p = b.b_data; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20)
			abort();
	arena_free(a);
	return 0;
}
