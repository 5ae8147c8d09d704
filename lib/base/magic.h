/*
 * Attachment kinds by content (F-MSG 2): a file is a .docx, .pdf, .png,
 * .jpeg, .mov or .mpeg because its bytes say so, never because of its
 * name. Each kind is recognised by its signature at offset 0 plus a check
 * of the structure behind it (PNG's IHDR, JPEG's segments up to the scan,
 * the ZIP central directory of a docx, the top-level atoms of a QuickTime
 * movie, the MPEG pack or sequence header), every read bounds-checked.
 * Anything that starts, after an optional BOM and white space, like
 * markup ('<'), or carries an HTML tag in its first kilobyte, is refused
 * whatever else it looks like: no attachment may be renderable as a page.
 */
#ifndef PORTAL_MAGIC_H
#define PORTAL_MAGIC_H

#include <stddef.h>

struct arena;

/* SPEC F-MSG 2: per message. */
#define MAGIC_MAX_FILES	3
#define MAGIC_MAX_BYTES	((size_t)10 * 1024 * 1024)

enum magic_type {
	MAGIC_NONE = 0,	/* refused: unknown, empty, markup, or malformed */
	MAGIC_DOCX,
	MAGIC_PDF,
	MAGIC_PNG,
	MAGIC_JPEG,
	MAGIC_MOV,
	MAGIC_MPEG,
	MAGIC__MAX
};

/* The kind of the n bytes at p, or MAGIC_NONE. Reads nothing past p + n;
 * p may be NULL when n is 0. Pure: the same bytes give the same kind. */
enum magic_type	 magic_detect(const unsigned char *p, size_t n);

/* The Content-Type to serve a kind with ("application/pdf"...);
 * "application/octet-stream" for MAGIC_NONE or an unknown value.
 * A static string. */
const char	*magic_mime(enum magic_type);

/* The file name extension of a kind, with its dot (".pdf"...); ".bin"
 * for MAGIC_NONE or an unknown value. A static string. */
const char	*magic_ext(enum magic_type);

/*
 * A download name for Content-Disposition made from the name the client
 * sent (may be NULL): its last path component, with every run of bytes
 * outside [A-Za-z0-9._ -] turned into one '_', no leading dots, spaces or
 * dashes, no trailing dots or spaces, not a Windows device name, and the
 * extension forced to magic_ext(t) (an existing extension that names an
 * allowed kind, e.g. ".JPG", is replaced; any other is kept before it).
 * At most 80 bytes; "attachment" + extension when no letter or digit is
 * left. Never needs quoting or escaping in a quoted-string. In a.
 */
const char	*magic_safe_name(struct arena *a, const char *client_name,
		    enum magic_type t);

/*
 * The message shown to the sender of a refused file of n bytes, naming it
 * (its last path component, control bytes and broken UTF-8 dropped, cut
 * to 80 bytes), e.g. "report.exe is not one of the allowed kinds: .docx,
 * .pdf, .png, .jpeg, .mov, .mpeg."; says "is empty" for n == 0 and "is
 * larger than 10 MB" above MAGIC_MAX_BYTES. Plain text: escape it when
 * printing (templates do). In a.
 */
const char	*magic_refusal(struct arena *a, const char *client_name,
		    size_t n);

#endif
