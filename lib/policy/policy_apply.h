/*
 * The rules of a clinician's application (P-REG 1-2, issue 11.1-2):
 * which documents it needs, which kinds of file a document may be, and
 * when provisioning staff may decide it. Pure: facts in, verdict out.
 */
#ifndef PORTAL_POLICY_APPLY_H
#define PORTAL_POLICY_APPLY_H

#include "magic.h"

enum apply_doc_kind {
	APPLY_DOC_AGREEMENT,	/* the signed certification & agreement */
	APPLY_DOC_IDENTITY,	/* a driver's licence or passport */
	APPLY_DOC_SPONSORSHIP,	/* the sponsorship agreement */
	APPLY_DOC__MAX
};

/* The kind's name as stored ("agreement"). */
const char	*policy_apply_doc_name(enum apply_doc_kind);
/* 1 if an application needs the document: the first two always, the
 * sponsorship agreement only when sponsorship privileges are asked. */
int		 policy_apply_doc_needed(enum apply_doc_kind, int sponsor_asked);
/* 1 if a document may be a file of this kind (by its content): PDF,
 * PNG or JPEG, never anything else magic knows. */
int		 policy_apply_doc_type(enum magic_type);

struct apply_facts {
	const char	*status;	/* the application's */
	int		 approve;	/* 1 approve, 0 reject */
	int		 outstanding;	/* documents neither uploaded nor
					 * marked received by fax */
	int		 reason;	/* reject: a reason was chosen */
};

enum apply_verdict {
	APPLY_OK,
	APPLY_NOT_PENDING,	/* decided already: nothing changes */
	APPLY_DOCS_MISSING,	/* approve: a document is still awaited */
	APPLY_NO_REASON,	/* reject: no reason chosen */
	APPLY__MAX
};

enum apply_verdict policy_apply_decide(const struct apply_facts *);
/* What the staff member is told. */
const char	*policy_apply_text(enum apply_verdict);
/* Sponsorship privileges granted: only if asked and granted. */
int		 policy_apply_sponsor(int asked, int grant);

#endif
