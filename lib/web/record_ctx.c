/*
 * Until the merge of issue 8: the request-shaped record calls that
 * lib/app/msg.c and cgi-bin/messages.c still make, over the call-shaped
 * ones of lib/app/record.c. Remove this file when they call
 * record_access, record_choices and record_self with a call.
 */
#include "http.h"
#include "record.h"

int
record_open(struct ctx *c, int64_t patient, struct record_view *v)
{
	return record_access(&c->call, patient, v);
}

int
record_patients(struct ctx *c, struct record_choice **out, size_t *n)
{
	return record_choices(&c->call, out, n);
}

int
record_is_self(struct ctx *c, int64_t patient)
{
	return record_self(&c->call, patient) == 1;
}
