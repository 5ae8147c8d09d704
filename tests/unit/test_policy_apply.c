/*
 * lib/policy/policy_apply: which documents an application needs, which
 * file kinds a document may be, and when it may be decided, as tables.
 */
#include <stdio.h>
#include <string.h>

#include "policy_apply.h"
#include "t.h"

#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))

static const struct {
	enum apply_doc_kind	 k;
	int			 asked;
	int			 want;
	const char		*name;
} needed[] = {
	{ APPLY_DOC_AGREEMENT, 0, 1, "agreement" },
	{ APPLY_DOC_AGREEMENT, 1, 1, "agreement" },
	{ APPLY_DOC_IDENTITY, 0, 1, "identity" },
	{ APPLY_DOC_IDENTITY, 1, 1, "identity" },
	{ APPLY_DOC_SPONSORSHIP, 0, 0, "sponsorship" },
	{ APPLY_DOC_SPONSORSHIP, 1, 1, "sponsorship" },
	{ APPLY_DOC__MAX, 1, 0, "" },
};

static const struct {
	enum magic_type	 t;
	int		 want;
} types[] = {
	{ MAGIC_NONE, 0 },
	{ MAGIC_DOCX, 0 },
	{ MAGIC_PDF, 1 },
	{ MAGIC_PNG, 1 },
	{ MAGIC_JPEG, 1 },
	{ MAGIC_MOV, 0 },
	{ MAGIC_MPEG, 0 },
	{ MAGIC__MAX, 0 },
};

static const struct {
	struct apply_facts	 f;
	enum apply_verdict	 want;
} decide[] = {
	{ { "pending", 1, 0, 0 }, APPLY_OK },
	{ { "pending", 1, 1, 0 }, APPLY_DOCS_MISSING },
	{ { "pending", 1, 2, 1 }, APPLY_DOCS_MISSING },
	{ { "pending", 0, 0, 1 }, APPLY_OK },
	/* A rejection does not wait for faxes, but needs a reason. */
	{ { "pending", 0, 2, 1 }, APPLY_OK },
	{ { "pending", 0, 0, 0 }, APPLY_NO_REASON },
	/* Decided once: nothing else is asked. */
	{ { "approved", 1, 0, 1 }, APPLY_NOT_PENDING },
	{ { "approved", 0, 0, 1 }, APPLY_NOT_PENDING },
	{ { "rejected", 1, 0, 0 }, APPLY_NOT_PENDING },
	{ { "suspended", 1, 0, 0 }, APPLY_NOT_PENDING },
	{ { "revoked", 0, 0, 1 }, APPLY_NOT_PENDING },
	{ { "Pending", 1, 0, 0 }, APPLY_NOT_PENDING },
	{ { NULL, 1, 0, 0 }, APPLY_NOT_PENDING },
};

static const struct {
	int	 asked, grant, want;
} sponsor[] = {
	{ 0, 0, 0 }, { 0, 1, 0 }, { 1, 0, 0 }, { 1, 1, 1 }, { 2, 7, 1 },
};

int
main(void)
{
	size_t	 i;

	for (i = 0; i < NELEM(needed); i++) {
		T_INT(policy_apply_doc_needed(needed[i].k, needed[i].asked),
		    needed[i].want, needed[i].name);
		T_STR(policy_apply_doc_name(needed[i].k), needed[i].name,
		    "document name");
	}
	for (i = 0; i < NELEM(types); i++)
		T_INT(policy_apply_doc_type(types[i].t), types[i].want,
		    magic_mime(types[i].t));
	for (i = 0; i < NELEM(decide); i++) {
		T_INT(policy_apply_decide(&decide[i].f), decide[i].want,
		    decide[i].f.status ? decide[i].f.status : "NULL");
		T_OK(strlen(policy_apply_text(decide[i].want)) > 10,
		    "verdict %zu has words", i);
	}
	T_OK(strlen(policy_apply_text(APPLY__MAX)) > 10, "unknown verdict has words");
	for (i = 0; i < NELEM(sponsor); i++)
		T_INT(policy_apply_sponsor(sponsor[i].asked, sponsor[i].grant),
		    sponsor[i].want, "sponsor");
	return t_done("test_policy_apply");
}
