/*
 * Reading a whole file descriptor into memory, with a ceiling: the
 * importers' one way to take a file, a pipe or standard input.
 */
#ifndef PORTAL_SLURP_H
#define PORTAL_SLURP_H

#include <stddef.h>

/*
 * Reads fd to its end, or up to max + 1 bytes (so a caller sees "too
 * big" without reading a hostile stream to its end): a malloc'd buffer
 * of *len bytes (not NUL-terminated; free it), or NULL on a read or
 * memory error.
 */
void	*slurp(int fd, size_t max, size_t *len);

#endif
