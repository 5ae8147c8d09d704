/*
 * The wire between a web worker and the audit writer (issue 9.1): one
 * AF_UNIX SOCK_SEQPACKET connection per worker process, one message per
 * group of rows, one acknowledgement per message, sent only after the
 * rows' commit. audit.c calls audit_client_send; audit_writer.c decodes.
 *
 * A message: the header (magic, sequence number, row count, each a
 * uint32_t in host order: both ends are on one machine; then an int64_t,
 * when it was sent, in milliseconds of CLOCK_MONOTONIC, which all
 * processes of the machine share), then per row two
 * int64_t (at, patient) and four uint16_t lengths (actor, action, addr,
 * detail; 0 for NULL, else the length with its NUL), then the four texts
 * with their NULs. An acknowledgement: magic, the sequence number, and an
 * int32_t status (0 durable, -1 not written, -2 not written because it
 * came too late: the worker writes the rows inline itself).
 *
 * How long each side waits is sized so that a row is not written twice:
 * the worker waits AUDIT_CLIENT_WAIT_S for an answer, then writes inline
 * and sends nothing to the writer for AUDIT_CLIENT_PAUSE_S (a writer that
 * hangs costs each worker one wait, not one a row); the writer begins no
 * transaction for a message older than AUDIT_WRITER_MAX_AGE_MS, so it
 * writes a row only while its worker still waits, as long as its lock
 * (the database's busy timeout, 2 s) and its commit fit in the rest.
 */
#ifndef PORTAL_AUDIT_CLIENT_H
#define PORTAL_AUDIT_CLIENT_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct audit_row;

#define AUDIT_WIRE_MAGIC	0x31574150u	/* "PAW1" */
#define AUDIT_WIRE_MAX		65536		/* bytes in one message */
#define AUDIT_WIRE_HDR		20
#define AUDIT_WIRE_ROW		24		/* a row before its texts */
#define AUDIT_WIRE_ACK		12
#define AUDIT_CLIENT_WAIT_S	4
#define AUDIT_CLIENT_PAUSE_S	10
#define AUDIT_WRITER_MAX_AGE_MS	1000
#define AUDIT_ACK_LATE		(-2)
/* The environment variable naming the writer's socket. */
#define AUDIT_SOCKET_ENV	"PORTAL_AUDIT_SOCKET"

/* audit_client_send's answers besides 0 (acknowledged). */
#define AUDIT_CLIENT_FAILED	(-1)	/* the writer could not write them */
#define AUDIT_CLIENT_UNREACHABLE (-2)	/* no writer: write them inline */

/*
 * Sends rows[0..n) to the writer as one group and waits for its
 * acknowledgement (at most AUDIT_CLIENT_WAIT_S seconds). A connection
 * that breaks is made again once and the group sent again (the writer
 * may have committed it before it died: a row may then stand twice,
 * never not at all). Unreachable without PORTAL_AUDIT_SOCKET, when the
 * writer does not answer, or for a group too large for one message.
 */
int	audit_client_send(const struct audit_row *rows, size_t n);

/* Encodes rows[0..n) with sequence number seq, sent at sent_ms, into buf
 * (size bytes); the message's length, or 0 if it does not fit. */
size_t	audit_wire_encode(unsigned char *buf, size_t size, uint32_t seq,
	    int64_t sent_ms, const struct audit_row *rows, size_t n);
/* Decodes a message of len bytes (which it may change: texts point into
 * it): *seq, *sent_ms, and *rows an arena array of *n rows. 0, or -1 if
 * malformed. */
int	audit_wire_decode(struct arena *, unsigned char *buf, size_t len,
	    uint32_t *seq, int64_t *sent_ms, struct audit_row **rows, size_t *n);
/* Now, in milliseconds of CLOCK_MONOTONIC (the wire's clock). */
int64_t	audit_wire_now_ms(void);

#endif
