/*
 * libFuzzer harness for lib/hl7: the bytes as a stream (MLLP or plain),
 * each piece parsed, every field of every segment read at a few
 * addresses, and read as a scheduling message. A parsed message keeps
 * the limits, a refusal has a reason, and framing always ends with its
 * pieces inside the input.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "hl7.h"
#include "siu.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct hl7_stream	 st;
	struct hl7_frame	 fr;
	struct hl7_msg		 m;
	struct siu		 s;
	struct arena		*a;
	const char		*v;
	char			 why[256];
	size_t			 i, f, pieces = 0;

	a = arena_new();
	hl7_stream_init(&st, (const char *)data, len);
	while (hl7_next(&st, &fr) == 1) {
		if (++pieces > len || fr.buf < (const char *)data ||
		    fr.buf + fr.len > (const char *)data + len || st.pos > len)
			abort();
		if (fr.why != NULL)
			continue;
		why[0] = '\0';
		if (hl7_parse(a, fr.buf, fr.len, &m, why, sizeof(why)) == -1) {
			if (why[0] == '\0')
				abort();
			arena_reset(a);
			continue;
		}
		if (m.nseg == 0 || m.nseg > HL7_MAX_SEGMENTS ||
		    strcmp(m.seg[0].name, "MSH") != 0)
			abort();
		for (i = 0; i < m.nseg; i++) {
			if (m.seg[i].nfield > HL7_MAX_FIELDS)
				abort();
			for (f = 0; f < m.seg[i].nfield + 1; f++) {
				if (strlen(m.seg[i].field[f < m.seg[i].nfield ?
				    f : 0]) > HL7_MAX_FIELD)
					abort();
				v = hl7_get(a, &m, &m.seg[i], f, 0, 0, 0);
				v = hl7_get(a, &m, &m.seg[i], f, 1, 2, 2);
				if (v == NULL || hl7_reps(&m, &m.seg[i], f) > HL7_MAX_FIELD)
					abort();
			}
		}
		if (siu_read(a, &m, "CH", "1.2.3", &s, why, sizeof(why)) == 0 &&
		    (s.filler == NULL || s.minutes < 0 || s.minutes > 1440))
			abort();
		arena_reset(a);
	}
	arena_free(a);
	return 0;
}
