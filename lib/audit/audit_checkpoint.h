/*
 * Audit checkpoints (issue 7.5): the log's row count and newest hash at
 * one moment, signed with a key derived from the installation key, as
 * one line of text:
 *
 *	checkpoint v1 count=N head=HEX at=UNIXTIME sig=HEX
 *
 * written to syslog (authpriv, ident "portal-audit"), appended to the
 * checkpoint file and printed for the hospital's archive. Copies that
 * the database's user cannot rewrite make a removed newest row, or a
 * chain rewritten with the key, show: audit_verify checks every one.
 */
#ifndef PORTAL_AUDIT_CHECKPOINT_H
#define PORTAL_AUDIT_CHECKPOINT_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

struct arena;
struct audit_checkpoint;
struct db;

/* The log's checkpoint now, as a signed line (arena string, no newline),
 * with its values in *cp if cp is not NULL. NULL on a database error or
 * without a key (audit_key_set). */
char	*audit_checkpoint_take(struct db *, struct arena *, time_t now,
	    struct audit_checkpoint *cp);
/* Sends line to syslog and appends it to file (made 0640 if new), durably.
 * 0, or -1 with the reason in err. */
int	 audit_checkpoint_record(const char *line, const char *file, char *err,
	    size_t errsz);

enum audit_cp_parse {
	AUDIT_CP_NONE,		/* no checkpoint in this line */
	AUDIT_CP_OK,
	AUDIT_CP_BAD,		/* malformed, or its signature is not ours */
};
/* Reads the checkpoint in line (anywhere in it, so syslog's prefix may
 * stay) and checks its signature. */
enum audit_cp_parse audit_checkpoint_parse(const char *line,
	    struct audit_checkpoint *out);
/* Every checkpoint line in f into *out (an arena array of *n). Lines
 * without one are skipped; *nbad counts those that are malformed or
 * wrongly signed, *firstbad is the first one's line number. 0, or -1 on
 * a read error. */
int	 audit_checkpoint_load(FILE *f, struct arena *, struct audit_checkpoint **out,
	    size_t *n, size_t *nbad, size_t *firstbad);

#endif
