/*
 * HL7 v2 messages (DESIGN: hl7/): the framing of a stream into messages
 * (MLLP, or plain segments where each MSH starts a message), and a
 * message's parse into segments and fields, with hard limits, into an
 * arena, without recursion. Nothing here knows a message type: siu.h
 * reads scheduling messages from a parsed message.
 *
 * A message is segments ended by CR (CRLF and LF are taken too; blank
 * lines are skipped). The first is MSH: its 4th byte is the field
 * separator (MSH-1), then the encoding characters (MSH-2: component,
 * repetition, escape, subcomponent; a 5th, v2.7's truncation character,
 * is allowed). The five must differ and be printable, not letters,
 * digits or space. Segment names are three characters, A-Z then A-Z or
 * 0-9. The bytes must be UTF-8 (ASCII is) without control characters
 * other than tab.
 *
 * Escapes (v2.5.1 2.7): \F\ \S\ \T\ \R\ \E\ give the separator they
 * name, \Xhh...\ the bytes of its hex digits (which must be UTF-8
 * without control characters), \H\ and \N\ (highlighting on, off) are
 * dropped. Every other escape (\Cxxyy\, \Mxxyyzz\, \Zxx\, \.br\ and the
 * other formatting commands), and an escape without its closing escape
 * character, REFUSES the message: a scheduling message has no formatted
 * text, and a sequence we would keep literally could reach a page as
 * something the sender did not mean.
 *
 * Refused (the reason names the segment and field, never their text):
 * over HL7_MAX_MESSAGE bytes, a field over HL7_MAX_FIELD, more than
 * HL7_MAX_SEGMENTS segments or HL7_MAX_FIELDS fields in one, a segment
 * name that is not one, no MSH first, bad encoding characters, bad bytes
 * or escapes.
 */
#ifndef PORTAL_HL7_H
#define PORTAL_HL7_H

#include <stddef.h>

struct arena;

#define HL7_MAX_MESSAGE		(1024 * 1024)	/* bytes of one message */
#define HL7_MAX_FIELD		(64 * 1024)	/* bytes of one field */
#define HL7_MAX_SEGMENTS	500
#define HL7_MAX_FIELDS		250		/* in one segment */
#define HL7_MAX_STREAM		(256L * 1024 * 1024) /* one file or stdin */

/* The separators of a message (MSH-1, MSH-2). */
struct hl7_enc {
	char	 field;		/* | */
	char	 comp;		/* ^ */
	char	 rep;		/* ~ */
	char	 esc;		/* \ */
	char	 sub;		/* & */
};

struct hl7_seg {
	char		 name[4];
	size_t		 nfield;	/* field[0] is the name */
	const char	**field;	/* still escaped, NUL-terminated */
};

struct hl7_msg {
	struct hl7_enc	 enc;
	size_t		 nseg;
	struct hl7_seg	*seg;
};

/*
 * Parses buf (len bytes) into *out, texts in a. 0, or -1 with the reason
 * in why (a short line without the message's text).
 */
int		 hl7_parse(struct arena *a, const char *buf, size_t len,
		    struct hl7_msg *out, char *why, size_t whysz);

/* The nth (0: first) segment named name, or NULL. */
const struct hl7_seg *hl7_seg(const struct hl7_msg *, const char *name,
		    size_t nth);
/* How many segments are named name. */
size_t		 hl7_count(const struct hl7_msg *, const char *name);
/* Repetitions of field f of s (0 when empty or absent). */
size_t		 hl7_reps(const struct hl7_msg *, const struct hl7_seg *s,
		    size_t f);
/*
 * Field f (numbered as the standard: MSH-1 is the field separator),
 * repetition rep (0 the first), component c and subcomponent sub (1 the
 * first), unescaped, in a; "" when absent, never NULL. A NULL s is
 * absent. c 0 (sub ignored): the whole repetition, unescaped as one text
 * (its separators kept).
 */
const char	*hl7_get(struct arena *a, const struct hl7_msg *,
		    const struct hl7_seg *s, size_t f, size_t rep, size_t c,
		    size_t sub);

/* ---- Framing ---- */

/* A stream being cut into messages (hl7_stream_init). */
struct hl7_stream {
	const char	*buf;
	size_t		 len;
	size_t		 pos;
	int		 mllp;		/* -1 not known yet */
	long		 index;		/* pieces given so far */
};

/* One piece of a stream: a message, or bytes that are not one. */
struct hl7_frame {
	const char	*buf;		/* the piece's bytes (not NUL-ended) */
	size_t		 len;
	const char	*why;		/* NULL, or why this piece is refused
					 * (static text) */
	long		 index;		/* 1, 2, ... in the stream */
};

void		 hl7_stream_init(struct hl7_stream *, const char *buf,
		    size_t len);
/*
 * The next piece of the stream into *fr: 1, or 0 at the end. A stream
 * whose first byte after white space is 0x0B is MLLP: each message is
 * 0x0B ... 0x1C 0x0D (the final 0x0D may be missing); bytes between
 * frames other than white space, a frame not ended before the next 0x0B
 * or the end (truncated), and a frame over HL7_MAX_MESSAGE give a piece
 * with why set, and reading goes on. Any other stream is plain segments:
 * each segment that begins with "MSH" starts a message; batch header and
 * trailer segments (FHS, BHS, BTS, FTS) are skipped; text before an MSH
 * is a piece with why. The whole stream is in memory: a file or standard
 * input is read whole first (at most HL7_MAX_STREAM bytes).
 */
int		 hl7_next(struct hl7_stream *, struct hl7_frame *fr);

/*
 * One HL7 TS/DTM (YYYY[MM[DD[HH[MM[SS[.S+]]]]]][+/-ZZZZ]) as seconds
 * since the epoch: with an offset, that moment; without one, the local
 * time of the process's zone (the hospital's: conf_apply_tz). At least
 * minutes are required. 0, or -1 when it is not one.
 */
int		 hl7_ts(const char *s, long long *out);
/* Writes the reason (printf) into why and returns -1: how the parser
 * and the SIU reader refuse. */
int		 hl7_refuse(char *why, size_t whysz, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));

#endif
