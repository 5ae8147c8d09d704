/*
 * ceiling: the least a FastCGI program can do, for `make bench` to measure
 * the portal's pages against on the same machine, behind the same nginx,
 * in the same run: accept (libfcgi, on the socket portal-serve hands over
 * as standard input, like the portal's programs), answer one small fixed
 * HTML page with its Content-Length, repeat. No library of ours, no
 * database, no template. tests/bench/run.py builds it:
 *
 *	cc -O2 -o build/bench/ceiling tests/bench/ceiling.c -lfcgi
 */
#include <stdio.h>
#include <string.h>

#include <fcgiapp.h>

static const char page[] =
    "<!DOCTYPE html>\n"
    "<html lang=\"en\">\n"
    "<head><meta charset=\"utf-8\"><title>Ceiling</title></head>\n"
    "<body>\n"
    "<h1>Ceiling</h1>\n"
    "<p>A minimal FastCGI program: one fixed page, no database, no "
    "templates. The portal's pages are measured against it.</p>\n"
    "</body>\n"
    "</html>\n";

int
main(void)
{
	FCGX_Request	 rq;
	char		 head[256];
	int		 n;

	/* FCGX_FPrintF has no %zu: format here, write with FCGX_PutStr. */
	n = snprintf(head, sizeof(head), "Status: 200 OK\r\n"
	    "Content-Type: text/html; charset=utf-8\r\n"
	    "Content-Length: %zu\r\n\r\n", sizeof(page) - 1);
	if (n < 0 || (size_t)n >= sizeof(head) || FCGX_Init() != 0 ||
	    FCGX_InitRequest(&rq, 0, 0) != 0)
		return 1;
	while (FCGX_Accept_r(&rq) >= 0) {
		FCGX_PutStr(head, n, rq.out);
		FCGX_PutStr(page, (int)(sizeof(page) - 1), rq.out);
		FCGX_Finish_r(&rq);
	}
	return 0;
}
