/*
 * lib/hl7 against tables: parses (taken or refused, and what a field
 * reads as after its escapes), framing of MLLP and plain streams, time
 * stamps, and siu_read's mapping and refusals.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "hl7.h"
#include "siu.h"
#include "t.h"

#define MSH "MSH|^~\\&|EPIC|CH|PORTAL|CH|20261201080000||SIU^S12|42|P|2.5.1\r"

/* A message, a field address and what it reads as ("!" refused,
 * followed by a word of the reason). */
struct pcase {
	const char	*in;
	const char	*seg;
	size_t		 f, rep, c, sub;
	const char	*want;
};

static const struct pcase pcases[] = {
	{ MSH "PID|1||123^^^CH^MR", "PID", 3, 0, 1, 0, "123" },
	{ MSH "PID|1||123^^^CH^MR", "PID", 3, 0, 4, 0, "CH" },
	{ MSH "PID|1||123^^^CH&1.2.3&ISO^MR", "PID", 3, 0, 4, 2, "1.2.3" },
	{ MSH "PID|1||1~2~3", "PID", 3, 2, 1, 0, "3" },
	{ MSH "PID|1||1~2~3", "PID", 3, 3, 1, 0, "" },
	{ MSH "PID|1||1", "PID", 9, 0, 1, 0, "" },
	{ MSH "PID|1||\"\"", "PID", 3, 0, 1, 0, "" },
	{ MSH, "MSH", 9, 0, 2, 0, "S12" },
	{ MSH, "MSH", 1, 0, 0, 0, "|" },
	{ MSH, "MSH", 2, 0, 0, 0, "^~\\&" },
	{ MSH, "MSH", 10, 0, 1, 0, "42" },
	/* Escapes. */
	{ MSH "NTE|1||a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f", "NTE", 3, 0, 1, 0,
	    "a|b^c&d~e\\f" },
	{ MSH "NTE|1||O\\X27\\Brien", "NTE", 3, 0, 1, 0, "O'Brien" },
	{ MSH "NTE|1||Jos\\XC3A9\\", "NTE", 3, 0, 1, 0, "Jos\xc3\xa9" },
	{ MSH "NTE|1||\\H\\bold\\N\\", "NTE", 3, 0, 1, 0, "bold" },
	{ MSH "NTE|1||a\\S\\b^c", "NTE", 3, 0, 2, 0, "c" },
	{ MSH "NTE|1||a\\.br\\b", "NTE", 3, 0, 1, 0, "!escape" },
	{ MSH "NTE|1||a\\Zfoo\\b", "NTE", 3, 0, 1, 0, "!escape" },
	{ MSH "NTE|1||a\\Fb", "NTE", 3, 0, 1, 0, "!escape" },
	{ MSH "NTE|1||a\\\\b", "NTE", 3, 0, 1, 0, "!escape" },
	{ MSH "NTE|1||\\X0A\\", "NTE", 3, 0, 1, 0, "!escape" },
	{ MSH "NTE|1||\\XC3\\", "NTE", 3, 0, 1, 0, "!escape" },
	{ MSH "NTE|1||\\X4\\", "NTE", 3, 0, 1, 0, "!escape" },
	{ MSH "NTE|1||\\XZZ\\", "NTE", 3, 0, 1, 0, "!escape" },
	/* Line ends, other separators. */
	{ "MSH|^~\\&|A\r\nPID|1||9\r\n\r\n", "PID", 3, 0, 1, 0, "9" },
	{ "MSH|^~\\&|A\nPID|1||9\n", "PID", 3, 0, 1, 0, "9" },
	{ "MSH#:*!$#A\rPID#1##9:8*7", "PID", 3, 1, 1, 0, "7" },
	{ "MSH|^~\\&#|A\rPID|1||9", "PID", 3, 0, 1, 0, "9" },
	/* Refused. */
	{ "", "MSH", 1, 0, 0, 0, "!MSH" },
	{ "PID|1||9\rMSH|^~\\&|A", "MSH", 1, 0, 0, 0, "!MSH" },
	{ "MSH|^~|A\rPID|1", "PID", 1, 0, 0, 0, "!MSH-2" },
	{ "MSH|^~\\^|A\rPID|1", "PID", 1, 0, 0, 0, "!MSH-1" },
	{ "MSHa^~\\&aA\rPID|1", "PID", 1, 0, 0, 0, "!MSH-1" },
	{ MSH "pid|1", "PID", 1, 0, 0, 0, "!segment" },
	{ MSH "PIDX|1", "PID", 1, 0, 0, 0, "!segment" },
	{ MSH "P|1", "PID", 1, 0, 0, 0, "!segment" },
	{ MSH "PID|1\x01", "PID", 1, 0, 0, 0, "!control" },
	{ MSH "PID|1\xff", "PID", 1, 0, 0, 0, "!control" },
	{ MSH MSH, "PID", 1, 0, 0, 0, "!second" },
};

/* Reads a case's message: the field, or "!reason". */
static const char *
parse_case(struct arena *a, const char *in, size_t len, const char *seg,
    size_t f, size_t rep, size_t c, size_t sub)
{
	struct hl7_msg	 m;
	char		 why[256];

	if (hl7_parse(a, in, len, &m, why, sizeof(why)) == -1)
		return arena_printf(a, "!%s", why);
	return hl7_get(a, &m, hl7_seg(&m, seg, 0), f, rep, c, sub);
}

static void
test_parse(struct arena *a)
{
	const struct pcase	*pc;
	const char		*got;
	size_t			 i;

	for (i = 0; i < sizeof(pcases) / sizeof(pcases[0]); i++) {
		pc = &pcases[i];
		got = parse_case(a, pc->in, strlen(pc->in), pc->seg, pc->f,
		    pc->rep, pc->c, pc->sub);
		if (pc->want[0] == '!')
			T_OK(got[0] == '!' && strstr(got, pc->want + 1) != NULL,
			    "case %zu: got \"%s\", want refused for %s", i, got,
			    pc->want + 1);
		else
			T_STR(got, pc->want, arena_printf(a, "case %zu", i));
	}
}

/* The limits, with messages made here. */
static void
test_limits(struct arena *a)
{
	struct buf	 b;
	size_t		 i;
	const char	*got;

	buf_init(&b, a);
	buf_puts(&b, MSH "NTE|1||");
	for (i = 0; i < HL7_MAX_FIELD; i++)
		buf_putc(&b, 'x');
	got = parse_case(a, b.b_data, b.b_len, "NTE", 3, 0, 1, 0);
	T_INT(strlen(got), HL7_MAX_FIELD, "a field at the limit");
	buf_putc(&b, 'x');
	got = parse_case(a, b.b_data, b.b_len, "NTE", 3, 0, 1, 0);
	T_OK(strstr(got, "!NTE-3: longer") != NULL, "field over: %s", got);

	buf_init(&b, a);
	buf_puts(&b, MSH);
	for (i = 0; i < HL7_MAX_SEGMENTS; i++)
		buf_puts(&b, "NTE|1\r");
	got = parse_case(a, b.b_data, b.b_len, "NTE", 1, 0, 1, 0);
	T_OK(strstr(got, "!more than 500 segments") != NULL, "segments: %s", got);

	buf_init(&b, a);
	buf_puts(&b, MSH "NTE");
	for (i = 0; i < HL7_MAX_FIELDS; i++)
		buf_puts(&b, "|");
	got = parse_case(a, b.b_data, b.b_len, "NTE", 1, 0, 1, 0);
	T_OK(strstr(got, "!NTE (segment 2): more than") != NULL, "fields: %s", got);

	buf_init(&b, a);
	buf_puts(&b, MSH);
	while (b.b_len <= HL7_MAX_MESSAGE)
		buf_puts(&b, "NTE|1|abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklm"
		    "nopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz\r");
	got = parse_case(a, b.b_data, b.b_len, "NTE", 1, 0, 1, 0);
	T_OK(strstr(got, "!larger than") != NULL, "message over: %s", got);
}

/* Framing: a transcript of pieces, "index:first 3 bytes" or
 * "index!why's first word". */
struct fcase {
	const char	*in;
	size_t		 len;
	const char	*want;
};
#define F(in, want)	{ in, sizeof(in) - 1, want }

static const struct fcase fcases[] = {
	F("", ""),
	F("\r\n  ", ""),
	F("MSH|a\rPID|1\r", "1:MSH|a\rPID|1;"),
	F("MSH|a\rPID|1\rMSH|b\r", "1:MSH|a\rPID|1;2:MSH|b;"),
	F("MSH|a\r\nPID|1\r\n\r\nMSH|b\r\n", "1:MSH|a\r\nPID|1;2:MSH|b;"),
	F("FHS|x\rBHS|y\rMSH|a\rBTS|1\rFTS|1\r", "1:MSH|a;"),
	F("junk\rMSH|a\r", "1!text;2:MSH|a;"),
	F("\x0bMSH|a\rPID|1\r\x1c\r", "1:MSH|a\rPID|1\r;"),
	F("\x0bMSH|a\r\x1c\r\r\n\x0bMSH|b\r\x1c\r", "1:MSH|a\r;2:MSH|b\r;"),
	F("\x0bMSH|a\r\x1c", "1:MSH|a\r;"),
	F("\x0bMSH|a\r\x0bMSH|b\r\x1c\r", "1!an;2:MSH|b\r;"),
	F("\x0bMSH|a\r\x1c\rxx\x0bMSH|b\r\x1c\r", "1:MSH|a\r;2!bytes;3:MSH|b\r;"),
	F("\x0bMSH|a", "1!an;"),
};

static void
test_frames(struct arena *a)
{
	struct hl7_stream	 st;
	struct hl7_frame	 fr;
	struct buf		 b;
	size_t			 i;

	for (i = 0; i < sizeof(fcases) / sizeof(fcases[0]); i++) {
		buf_init(&b, a);
		hl7_stream_init(&st, fcases[i].in, fcases[i].len);
		while (hl7_next(&st, &fr) == 1) {
			if (fr.why != NULL)
				buf_printf(&b, "%ld!%.*s;", fr.index,
				    (int)strcspn(fr.why, " "), fr.why);
			else
				buf_printf(&b, "%ld:%.*s;", fr.index, (int)fr.len,
				    fr.buf);
		}
		T_STR(b.b_data, fcases[i].want, arena_printf(a, "frames %zu", i));
	}
}

static void
test_ts(void)
{
	static const struct {
		const char	*in;
		long long	 want;	/* -1: refused */
	} c[] = {
		{ "20261215093000-0500", 1797345000LL },
		{ "202612151430+0000", 1797345000LL },
		{ "20261215143000.1234+0000", 1797345000LL },
		/* Without an offset: New York's time (EST in December). */
		{ "20261215093000", 1797345000LL },
		/* July: EDT. */
		{ "20260715093000", 1784122200LL },
		/* The spring gap does not exist (refused); the autumn
		 * overlap's 01:30 is the first, daylight time. */
		{ "20270314023000", -1 },
		{ "20261101013000", 1793511000LL },
		{ "20261215", -1 },
		{ "2026121509", -1 },
		{ "20261315093000", -1 },
		{ "20260230093000", -1 },
		{ "20261215250000", -1 },
		{ "20261215093000-05", -1 },
		{ "20261215093000x", -1 },
		{ "", -1 },
	};
	long long	 got;
	size_t		 i;

	setenv("TZ", "America/New_York", 1);
	tzset();
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		if (hl7_ts(c[i].in, &got) == -1)
			got = -1;
		T_INT(got, c[i].want, c[i].in);
	}
}

#define SIU(ev) "MSH|^~\\&|EPIC|CH|PORTAL|CH|20261201080000||SIU^" ev "|77|P|2.5.1\r"
#define SCH "SCH|P1|9001^EPIC|||||Follow-up^Follow-up|FU^Follow up|30|MIN|^^30^20261215093000-0500||||||||||||||Booked\r"

/* The clinic's name as the importer looks it up first. */
static const char *
either_desc(const struct siu *s)
{
	return *s->clinic_desc != '\0' ? s->clinic_desc : s->clinic_code;
}

static void
test_siu(struct arena *a)
{
	static const struct {
		const char	*in;
		const char	*want;	/* "filler start minutes mrn type
					 * clinic provider video", or "!why" */
	} c[] = {
		{ SIU("S12") SCH "PID|1||DEMO1001^^^CH^MR~555^^^SSA^SS\r"
		    "AIS|1||FU^Follow-up visit\rAIP|1||123^Okafor^Ada^^^Dr.^MD\r"
		    "AIL|1||GP^^^CH^^^^^General Pediatrics|VIDEO\r",
		    "EPIC^9001 1797345000 30 DEMO1001 FU General Pediatrics "
		    "Dr. Ada Okafor, MD 1" },
		{ SIU("S12") SCH "PID|1||DEMO1001^^^OTHER&1.2.3&ISO^MR\r",
		    "EPIC^9001 1797345000 30 (none) FU   0" },
		{ SIU("S12") SCH "PID|1||DEMO1001^^^X&2.16.840.1.113883.19.5&ISO\r"
		    "AIG|1||R7^Dr. Nguyen\rAIL|1||CARD^12^^CH^^^Main^4\r",
		    "EPIC^9001 1797345000 30 DEMO1001 FU CARD Dr. Nguyen 0" },
		/* Length from the TQ, then from its end, then AIS. */
		{ SIU("S14") "SCH||9002^EPIC|||||||||^^H1^202612151430+0000\rPID|1||A^^^CH\r",
		    "EPIC^9002 1797345000 60 A    0" },
		{ SIU("S14") "SCH||9002^EPIC|||||||||^^^202612151430+0000^202612151445+0000\r",
		    "EPIC^9002 1797345000 15 (none)    0" },
		{ SIU("S14") "SCH||9002\rAIS|1||X|202612151430+0000|||20|min\r",
		    "^9002 1797345000 20 (none) X   0" },
		{ SIU("S15") "SCH||9002^EPIC\r", "EPIC^9002 0 0 (none)    0" },
		{ SIU("S12") "SCH||9002^EPIC\r", "!no start" },
		{ SIU("S12") "SCH||9002^EPIC|||||||30|MIN|^^^2026\r", "!start" },
		{ SIU("S12") "SCH||9002^EPIC|||||||0|MIN|^^^202612151430+0000\r", "!length" },
		{ SIU("S12") "SCH||9002^EPIC|||||||30|DAYS|^^^202612151430+0000\r", "!length" },
		{ SIU("S12") "SCH|||||||||||\r", "!no filler" },
		{ SIU("S12") "PID|1\r", "!no SCH" },
		{ SIU("S12") SCH SCH, "!more than one SCH" },
		{ SIU("S17") SCH, "!S17" },
		{ "MSH|^~\\&|A|B|C|D|20261201||ADT^A01|1|P|2.5.1\r" SCH, "!not a scheduling" },
	};
	struct hl7_msg	 m;
	struct siu	 s;
	char		 why[256];
	const char	*got;
	size_t		 i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		if (hl7_parse(a, c[i].in, strlen(c[i].in), &m, why,
		    sizeof(why)) == -1)
			got = arena_printf(a, "!parse: %s", why);
		else if (siu_read(a, &m, "CH", "2.16.840.1.113883.19.5", &s, why,
		    sizeof(why)) == -1)
			got = arena_printf(a, "!%s", why);
		else
			got = arena_printf(a, "%s %lld %ld %s %s %s %s %d",
			    s.filler, s.start, s.minutes, s.mrn ? s.mrn : "(none)",
			    s.type_code, either_desc(&s), s.provider, s.video);
		if (c[i].want[0] == '!')
			T_OK(got[0] == '!' && strstr(got, c[i].want + 1) != NULL,
			    "siu %zu: got \"%s\", want %s", i, got, c[i].want);
		else
			T_STR(got, c[i].want, arena_printf(a, "siu %zu", i));
	}
}

int
main(void)
{
	struct arena	*a = arena_new();

	test_parse(a);
	test_limits(a);
	test_frames(a);
	test_ts();
	test_siu(a);
	arena_free(a);
	return t_done("test_hl7");
}
