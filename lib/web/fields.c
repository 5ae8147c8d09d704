/*
 * The checks of the shared fields (fields.h).
 */
#include "arena.h"
#include "fields.h"
#include "messages.h"

const char *
fields_text(struct arena *a, const char *in, size_t len, size_t max,
    const char *toolong, const char **out)
{
	size_t	 i, chars = 0;

	if (!valid_utf8(in, len, 1))
		return "Remove the unusual characters and try again.";
	for (i = 0; i < len; i++)
		if (((unsigned char)in[i] & 0xc0) != 0x80)
			chars++;
	if (chars > max)
		return toolong;
	*out = arena_strndup(a, in, len);
	return NULL;
}

const char *
fields_msg_body(struct arena *a, const char *in, size_t len, const char **out)
{
	return fields_text(a, in, len, MSG_MAX_BODY,
	    "A message can have at most 20,000 characters.", out);
}

const char fields_send_key_refused[] = "It was opened before the portal was "
    "updated, so your message was not sent. Everything you typed is here: "
    "press Send again.";

const char *
fields_send_key(struct arena *a, const char *in, size_t len, const char **out)
{
	size_t	 i;

	if (len != 32)
		return fields_send_key_refused;
	for (i = 0; i < len; i++)
		if (!((in[i] >= '0' && in[i] <= '9') || (in[i] >= 'a' && in[i] <= 'f')))
			return fields_send_key_refused;
	*out = arena_strndup(a, in, len);
	return NULL;
}
