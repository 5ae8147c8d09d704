/*
 * A clinician applies for a provider-portal account (P-REG 1, issue
 * 11.1): the details, the practice (one listed or a new one, not listed
 * until approval), and three documents, each uploaded or to be faxed.
 * The application is a provider_accounts row with status pending, decided
 * by provisioning staff (provision.h). The same address or NPI applying
 * again gets the same answer and no second account.
 */
#ifndef PORTAL_APP_REGISTER_H
#define PORTAL_APP_REGISTER_H

#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "policy_apply.h"
#include "store_apply.h"

struct call;

/* One document: uploaded (data, len, the client's file name) or to be
 * faxed (fax = 1). Neither: the applicant did not say. */
struct register_doc {
	int			 fax;
	const char		*name;
	const unsigned char	*data;
	size_t			 len;
};

struct register_in {
	const char	*credential;	/* MD DO NP PA */
	int		 hospital;	/* hospital physician without EMR access */
	const char	*given, *family, *npi, *specialty;
	int64_t		 practice;	/* a listed practice, or 0: a new one */
	const char	*practice_name, *practice_address, *practice_phone,
			*practice_fax;
	const char	*email, *phone;
	int		 sponsor;	/* sponsorship privileges asked */
	struct register_doc docs[APPLY_DOC__MAX];
};

struct register_out {
	/* APP_INVALID: what is wrong, by document (NULL if that one is
	 * good) and with the practice chosen (a practice no longer listed). */
	const char	*doc_error[APPLY_DOC__MAX];
	const char	*practice_error;
	int		 duplicate;	/* APP_OK: on file already; nothing made */
	long		 wait;		/* APP_REFUSED: seconds until this
					 * address may apply again */
};

/* The practices an applicant may pick, by name. */
enum app_rc	app_register_practices(const struct call *, struct practice **out,
		    size_t *n);
/* Checks the documents (each needed one uploaded as a PDF, PNG or JPEG
 * of at most provider_document_max bytes, or to be faxed) and the
 * practice picked, storing nothing: APP_OK or APP_INVALID (out says
 * what), APP_BUSY, APP_ERROR. */
enum app_rc	app_register_check(const struct call *,
		    const struct register_in *in, struct register_out *out);
/* Checks as app_register_check does, then stores the application, its new practice
 * and documents, queues the "received" e-mail (or, for an address or NPI
 * on file, an e-mail to the address on file) and writes the audit row
 * provider.apply, in one transaction. APP_OK (also for a duplicate),
 * APP_INVALID (out says what), APP_REFUSED (too many applications from
 * the client's address: out->wait; audited), APP_BUSY, APP_ERROR. */
enum app_rc	app_register(const struct call *, const struct register_in *in,
		    struct register_out *out);

#endif
