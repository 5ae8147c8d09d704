/*
 * The PCP a C-CDA document names (issue 12.1): the first
 * documentationOf/serviceEvent/performer, else the first header
 * participant, whose functionCode is PCP (ParticipationFunction,
 * 2.16.840.1.113883.5.88) and whose assignedEntity (associatedEntity for
 * a participant) has an id under the NPI root 2.16.840.1.113883.4.6 that
 * checks out. A PCP without a valid NPI is not taken: a name alone could
 * be anyone's, and the directory is keyed by NPI.
 */
#include <string.h>

#include <libxml/tree.h>

#include "arena.h"
#include "cda.h"
#include "store_dirload.h"
#include "valid.h"

#define NPI_ROOT	"2.16.840.1.113883.4.6"
#define FUNCTION_ROOT	"2.16.840.1.113883.5.88"

static int
is_pcp(struct arena *a, const xmlNode *who)
{
	const xmlNode	*fc = cda_child(who, "functionCode");
	const char	*code = cda_attr(a, fc, "code");
	const char	*sys = cda_attr(a, fc, "codeSystem");

	return code != NULL && strcmp(code, "PCP") == 0 &&
	    (sys == NULL || strcmp(sys, FUNCTION_ROOT) == 0);
}

/* The entity's valid NPI, or NULL. */
static const char *
npi_of(struct arena *a, const xmlNode *ent)
{
	const xmlNode	*id;
	const char	*root, *ext, *npi;

	for (id = cda_child(ent, "id"); id != NULL; id = cda_next(id, "id"))
		if ((root = cda_attr(a, id, "root")) != NULL &&
		    strcmp(root, NPI_ROOT) == 0 &&
		    (ext = cda_attr(a, id, "extension")) != NULL &&
		    valid_npi(a, ext, strlen(ext), &npi) == NULL)
			return npi;
	return NULL;
}

static const char *
text(struct arena *a, const xmlNode *n, size_t cap)
{
	char	*s = cda_text(a, n, cap, 0);

	return s != NULL && strlen(s) <= cap ? s : NULL;
}

/* Fills out from entity ent (person under pname, organization under
 * oname): 1, or 0 if it has no valid NPI or no name. */
static int
entry(struct arena *a, const xmlNode *ent, const char *pname,
    const char *oname, struct dir_entry *out)
{
	const xmlNode	*name, *addr, *t;
	const char	*v;

	memset(out, 0, sizeof(*out));
	if ((out->npi = npi_of(a, ent)) == NULL)
		return 0;
	name = cda_child(cda_child(ent, pname), "name");
	out->given = text(a, cda_child(name, "given"), 100);
	out->family = text(a, cda_child(name, "family"), 100);
	if (out->given == NULL || out->family == NULL)
		return 0;
	out->credential = text(a, cda_child(name, "suffix"), 40);
	addr = cda_child(ent, "addr");
	out->address = text(a, cda_child(addr, "streetAddressLine"), 200);
	out->city = text(a, cda_child(addr, "city"), 100);
	out->state = text(a, cda_child(addr, "state"), 40);
	out->postal = text(a, cda_child(addr, "postalCode"), 20);
	for (t = cda_child(ent, "telecom"); t != NULL; t = cda_next(t, "telecom"))
		if ((v = cda_attr(a, t, "value")) != NULL &&
		    strncmp(v, "tel:", 4) == 0 && strlen(v) < 44) {
			out->phone = v + 4;
			break;
		}
	out->organization = text(a, cda_child(cda_child(ent, oname), "name"),
	    200);
	out->specialty = cda_attr(a, cda_child(ent, "code"), "displayName");
	if (out->specialty != NULL && strlen(out->specialty) > 100)
		out->specialty = NULL;
	return 1;
}

int
cda_pcp(struct arena *a, const xmlNode *root, struct dir_entry *out)
{
	const xmlNode	*d, *p;

	for (d = cda_child(root, "documentationOf"); d != NULL;
	    d = cda_next(d, "documentationOf"))
		for (p = cda_child(cda_child(d, "serviceEvent"), "performer");
		    p != NULL; p = cda_next(p, "performer"))
			if (is_pcp(a, p) && entry(a, cda_child(p,
			    "assignedEntity"), "assignedPerson",
			    "representedOrganization", out))
				return 1;
	for (p = cda_child(root, "participant"); p != NULL;
	    p = cda_next(p, "participant"))
		if (is_pcp(a, p) && entry(a, cda_child(p, "associatedEntity"),
		    "associatedPerson", "scopingOrganization", out))
			return 1;
	return 0;
}
