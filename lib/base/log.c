/*
 * Escaped, single-line log records: "prog[pid]: ref addr: text".
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

static const char *log_prog = "portal";

const char *const log_level_names[] = { "info", "warning", "error", NULL };

void
log_init(const char *prog)
{
	log_prog = prog;
}

static void
log_write(const char *prefix, const char *fmt, va_list ap)
{
	char		 msg[1024], out[4200];
	size_t		 o = 0, i;
	unsigned char	 ch;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	for (i = 0; msg[i] != '\0' && o + 5 < sizeof(out); i++) {
		ch = (unsigned char)msg[i];
		if (ch < 0x20 || ch == 0x7f || ch == '\\')
			o += (size_t)snprintf(out + o, sizeof(out) - o, "\\x%02x", ch);
		else
			out[o++] = (char)ch;
	}
	out[o] = '\0';
	fprintf(stderr, "%s[%ld]: %s%s\n", log_prog, (long)getpid(), prefix, out);
}

void
log_msg(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_write("", fmt, ap);
	va_end(ap);
}

void
log_vref(const char *ref, const char *addr, const char *fmt, va_list ap)
{
	char	 prefix[128];
	size_t	 i;

	snprintf(prefix, sizeof(prefix), "%s %.45s: ", ref, addr ? addr : "");
	for (i = 0; prefix[i] != '\0'; i++)
		if ((unsigned char)prefix[i] < 0x20)
			prefix[i] = '?';
	log_write(prefix, fmt, ap);
}
