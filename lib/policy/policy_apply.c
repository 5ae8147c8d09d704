/*
 * A clinician's application: its documents and its decision, as tables
 * (policy_apply.h).
 */
#include <string.h>

#include "policy_apply.h"

static const struct {
	const char	*name;
	int		 always;	/* else only with sponsorship asked */
} docs[APPLY_DOC__MAX] = {
	[APPLY_DOC_AGREEMENT] = { "agreement", 1 },
	[APPLY_DOC_IDENTITY] = { "identity", 1 },
	[APPLY_DOC_SPONSORSHIP] = { "sponsorship", 0 },
};

/* Kinds a document may be: nothing that runs or holds macros. */
static const int doc_types[MAGIC__MAX] = {
	[MAGIC_PDF] = 1,
	[MAGIC_PNG] = 1,
	[MAGIC_JPEG] = 1,
};

static const char *const texts[APPLY__MAX] = {
	[APPLY_OK] = "Decision saved.",
	[APPLY_NOT_PENDING] = "This application was already decided; nothing "
	    "was changed.",
	[APPLY_DOCS_MISSING] = "This application cannot be approved yet: a "
	    "document is still awaited by fax. Mark it received when it "
	    "arrives, or reject the application.",
	[APPLY_NO_REASON] = "Choose a reason for rejecting.",
};

const char *
policy_apply_doc_name(enum apply_doc_kind k)
{
	return (unsigned)k < APPLY_DOC__MAX ? docs[k].name : "";
}

int
policy_apply_doc_needed(enum apply_doc_kind k, int sponsor_asked)
{
	if ((unsigned)k >= APPLY_DOC__MAX)
		return 0;
	return docs[k].always || sponsor_asked != 0;
}

int
policy_apply_doc_type(enum magic_type t)
{
	return (unsigned)t < MAGIC__MAX && doc_types[t];
}

enum apply_verdict
policy_apply_decide(const struct apply_facts *f)
{
	if (f->status == NULL || strcmp(f->status, "pending") != 0)
		return APPLY_NOT_PENDING;
	if (f->approve)
		return f->outstanding > 0 ? APPLY_DOCS_MISSING : APPLY_OK;
	return f->reason ? APPLY_OK : APPLY_NO_REASON;
}

const char *
policy_apply_text(enum apply_verdict v)
{
	return (unsigned)v < APPLY__MAX ? texts[v] : texts[APPLY_NOT_PENDING];
}

int
policy_apply_sponsor(int asked, int grant)
{
	return asked != 0 && grant != 0;
}
