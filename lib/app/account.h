/*
 * The family's home page as one operation ("My account"): who the account
 * is, the patients it holds (each with why access ended, if it did), and
 * the requests staff have not decided yet.
 */
#ifndef PORTAL_ACCOUNT_H
#define PORTAL_ACCOUNT_H

#include <stddef.h>

#include "app.h"
#include "record.h"

struct call;

struct account_request {
	const char	*mrn;		/* as the person typed it */
	const char	*status;	/* pending, rejected, ... */
};

struct account_home_out {
	const char			*given;		/* the account holder */
	struct record_holdings_out	 holdings;
	struct account_request		*requests;
	size_t				 nrequests;
};

/* The calling family account's home page: APP_OK and out; the patients'
 * views are audited as app_record_holdings does (one account.view row
 * each, before it returns); APP_REFUSED if the caller is not a family
 * account that exists; APP_BUSY, APP_ERROR. */
enum app_rc	 app_account_home(const struct call *, const void *in,
		    struct account_home_out *out);

#endif
