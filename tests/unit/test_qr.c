/*
 * lib/web/qr.h: the SVG is well-formed (parsed with libxml2), labelled
 * for screen readers (role, aria-label escaped), has a viewBox with the
 * quiet zone, one path of one-module-high rectangles, and the three
 * finder patterns in their corners (read back from the path).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "arena.h"
#include "qr.h"
#include "t.h"

#define MAXW	200

static int	 dark[MAXW][MAXW];

/* Fills dark[][] from the path's "MX Yh N v1h-Nz" runs; -1 if malformed. */
static int
read_path(const char *d)
{
	int	 x, y, n, n2, used, i;

	memset(dark, 0, sizeof(dark));
	while (*d != '\0') {
		if (sscanf(d, "M%d %dh%dv1h-%dz%n", &x, &y, &n, &n2, &used) != 4 ||
		    n != n2 || n < 1 || x < 0 || y < 0 || x + n > MAXW || y >= MAXW)
			return -1;
		for (i = 0; i < n; i++)
			dark[y][x + i] = 1;
		d += used;
	}
	return 0;
}

/* 1 if the 7x7 finder pattern (dark ring, light ring, dark 3x3) stands
 * with its top left at (x, y). */
static int
finder(int x, int y)
{
	int	 i, j, ring, want;

	for (j = 0; j < 7; j++)
		for (i = 0; i < 7; i++) {
			ring = i < j ? i : j;
			ring = ring < 6 - i ? ring : 6 - i;
			ring = ring < 6 - j ? ring : 6 - j;
			want = ring != 1;
			if (dark[y + j][x + i] != want)
				return 0;
		}
	return 1;
}

int
main(void)
{
	struct arena	*a = arena_new();
	const char	*svg, *uri = "otpauth://totp/Test%20Portal:a%40example.org"
	    "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Test%20Portal"
	    "&algorithm=SHA1&digits=6&period=30";
	xmlDocPtr	 doc;
	xmlNodePtr	 root, n, path = NULL;
	xmlChar		*vb, *role, *label, *d;
	int		 size = 0, npath = 0, w, x, y, light = 1;

	svg = qr_svg(a, uri, "QR code for \"<setup>\"");
	T_OK(svg != NULL, "an SVG");
	if (svg == NULL)
		return t_done("qr");
	doc = xmlReadMemory(svg, (int)strlen(svg), "qr.svg", NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	T_OK(doc != NULL, "well-formed XML");
	if (doc == NULL)
		return t_done("qr");
	root = xmlDocGetRootElement(doc);
	T_STR((const char *)root->name, "svg", "root element");
	T_OK(root->ns != NULL && strcmp((const char *)root->ns->href,
	    "http://www.w3.org/2000/svg") == 0, "SVG namespace");
	role = xmlGetProp(root, (const xmlChar *)"role");
	label = xmlGetProp(root, (const xmlChar *)"aria-label");
	vb = xmlGetProp(root, (const xmlChar *)"viewBox");
	T_STR((const char *)role, "img", "role");
	T_STR((const char *)label, "QR code for \"<setup>\"", "aria-label, escaped");
	T_OK(vb != NULL && sscanf((const char *)vb, "0 0 %d", &size) == 1,
	    "viewBox");
	for (n = root->children; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)n->name, "path") == 0) {
			npath++;
			path = n;
		}
	T_INT(npath, 1, "one path");
	w = size - 8;
	T_OK(w >= 21 && (w - 21) % 4 == 0 && size <= MAXW, "a QR size (%d)", w);
	if (path != NULL && w >= 21 && size <= MAXW) {
		d = xmlGetProp(path, (const xmlChar *)"d");
		T_INT(read_path((const char *)d), 0, "path of unit-high runs");
		T_OK(finder(4, 4), "finder pattern top left");
		T_OK(finder(4 + w - 7, 4), "finder pattern top right");
		T_OK(finder(4, 4 + w - 7), "finder pattern bottom left");
		T_OK(!finder(4 + w - 7, 4 + w - 7), "none bottom right");
		for (y = 0; y < size; y++)
			for (x = 0; x < size; x++)
				if ((x < 4 || y < 4 || x >= size - 4 ||
				    y >= size - 4) && dark[y][x])
					light = 0;
		T_OK(light, "a quiet zone of 4");
		xmlFree(d);
	}
	xmlFree(role);
	xmlFree(label);
	xmlFree(vb);
	xmlFreeDoc(doc);
	{
		char	*big = arena_alloc(a, 4001);

		memset(big, 'x', 4000);
		big[4000] = '\0';
		T_OK(qr_svg(a, big, "too long") == NULL, "too long for a QR code");
	}
	arena_free(a);
	return t_done("qr");
}
