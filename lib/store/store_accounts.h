/* Family accounts and the patients each one holds. */
#ifndef PORTAL_STORE_ACCOUNTS_H
#define PORTAL_STORE_ACCOUNTS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct arena;
struct db;

struct account {
	int64_t		 id;
	const char	*email;
	const char	*pw_hash;
	const char	*given;
	const char	*family;
	int64_t		 verified;	/* 0 until the address is verified */
	int		 disabled;
};

/* A patient an account holds, with the patient's name for the page. */
struct holding {
	int64_t		 patient_id;
	const char	*given;
	const char	*family;
	const char	*dob;
	const char	*role;
	const char	*status;	/* active, pending, rejected */
};

/* 1 and *out if found, 0 if not, -1 on error (strings in the arena). */
int	store_account_by_email(struct db *, struct arena *, const char *email,
	    struct account *out);
int	store_account_by_id(struct db *, struct arena *, int64_t id,
	    struct account *out);
/* The new account's id, or -1. */
int64_t	store_account_create(struct db *, const char *email, const char *pw_hash,
	    const char *given, const char *family, time_t now);
int	store_account_verify(struct db *, int64_t id, time_t now);
int	store_account_set_password(struct db *, int64_t id, const char *pw_hash,
	    time_t now);

/* Links account and patient with role and status (replacing a rejected
 * or pending link). */
int	store_holding_set(struct db *, int64_t account, int64_t patient,
	    const char *role, int64_t relation, const char *status, time_t now);
/* The status of the link, or NULL if none (arena). */
const char *store_holding_status(struct db *, struct arena *, int64_t account,
	    int64_t patient);
/* How an account holds one patient, with what the access rules need. */
struct holding_rel {
	const char	*role;
	const char	*status;
	int		 on_file;	/* the relation is still on file */
};

/* 1 and *out if the account holds the patient, 0 if not, -1. */
int	store_holding_get(struct db *, struct arena *, int64_t account,
	    int64_t patient, struct holding_rel *out);
/* Every patient the account holds, active first then by name. */
int	store_holdings(struct db *, struct arena *, int64_t account,
	    struct holding **out, size_t *n);

/*
 * How many accounts other than except hold the patient as themselves
 * (active or pending) or have a pending request to: 0, more, or -1.
 */
int	store_self_holders(struct db *, int64_t patient, int64_t except);

/* A guardian's hold on a patient, for the birthday reminders. */
struct guardian_hold {
	int64_t		 account_id;
	int64_t		 patient_id;
	const char	*email;
	const char	*dob;
	int		 guardianship;
	const char	*given;		/* the patient's first name, for the
					 * e-mail (issue 15.5) */
};

/* Every active hold by a parent, guardian or caseworker. */
int	store_guardian_holds(struct db *, struct arena *, struct guardian_hold **out,
	    size_t *n);
/* Records a reminder: 1 if it is new, 0 if it was sent before, -1. */
int	store_reminder_once(struct db *, int64_t account, int64_t patient, int days,
	    time_t now);

#endif
