/*
 * The checks of the shared fields (fields.h).
 */
#include "arena.h"
#include "fields.h"
#include "messages.h"

const char *
fields_msg_body(struct arena *a, const char *in, size_t len, const char **out)
{
	size_t	 i, chars = 0;

	if (!valid_utf8(in, len, 1))
		return "Remove the unusual characters and try again.";
	for (i = 0; i < len; i++)
		if (((unsigned char)in[i] & 0xc0) != 0x80)
			chars++;
	if (chars > MSG_MAX_BODY)
		return "A message can have at most 20,000 characters.";
	*out = arena_strndup(a, in, len);
	return NULL;
}
