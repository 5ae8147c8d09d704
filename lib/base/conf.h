/*
 * The configuration file: flat "name = value" lines, '#' comments. Every
 * key is declared in one table (conf.c) with its type, default and range;
 * an unknown key or a bad value is an error, so a typo is caught at start.
 */
#ifndef PORTAL_CONF_H
#define PORTAL_CONF_H

#include <stddef.h>

struct conf {
	char	*database;
	char	*key_file;		/* the installation key (keyfile.h) */
	char	*audit_checkpoints;	/* where portalctl appends checkpoints */
	long	 audit_export_kb;	/* largest export /staff/audit/ sends */
	char	*templates;
	char	*sql;
	char	*common_passwords;
	char	*hospital_name;
	char	*portal_name;
	char	*base_url;
	char	*timezone;
	char	*support_phone;
	char	*support_email;
	char	*support_hours;		/* when support_phone answers (issue 15.6) */
	char	*contact_to;		/* the contact form's address; "" is
					 * support_email */
	char	*provider_support_hours; /* when provider_support_phone answers */
	char	*logo;			/* the logo's URL on every page */
	char	*main_phone;
	char	*emergency_number;
	char	*mail_from;
	char	*sendmail;
	long	 cookie_secure;
	long	 session_idle;
	long	 session_absolute;
	long	 scrypt_n;
	long	 scrypt_r;
	long	 scrypt_p;
	long	 verify_link_lifetime;
	long	 reset_link_lifetime;
	long	 token_lifetime_days;
	long	 login_fail_account;
	long	 login_fail_address;
	long	 login_window;
	/* Release rules (F-PROXY 6): comma-separated lists, parsed by
	 * policy_rules_load. */
	char	*note_excluded_departments;
	char	*note_excluded_encounters;
	char	*note_excluded_types;
	char	*lab_excluded_tests;
	long	 radiology_delay_days;
	char	*hospital_oids;		/* documents from these are not "outside" */
	char	*mrn_root;		/* the OID (or UUID) assigning the hospital's MRNs */
	char	*reminder_days;		/* before the 18th birthday */
	/* The provider portal (issue 11). */
	char	*provider_support_phone;
	char	*provider_support_email;
	long	 setup_link_lifetime;	/* seconds: choose-a-password links */
	long	 pass_code_lifetime;	/* seconds an e-mailed pass code lasts */
	long	 pass_code_tries;	/* wrong tries that void a pass code */
	long	 security_questions;	/* asked besides a pass code */
	long	 provider_password_days; /* a password expires (0: never) */
	long	 provider_mfa_required;	/* every provider-portal account needs TOTP */
	long	 provider_sso;		/* /provider/sso takes REMOTE_USER */
	long	 provider_document_max;	/* bytes of one registration document */
	char	*provider_fax;		/* where applicants fax their documents */
	long	 provider_review_days;	/* business days an application usually waits */
	char	*provider_sensitive_departments; /* withheld from providers
					 * unless the patient shared */
	long	 invite_token_months;	/* an invitation token's life */
	long	 invite_token_tries;	/* wrong MRNs before it is void */
	long	 patient_search_max;	/* results of a provider's search */
	long	 patient_search_hour;	/* searches a user may run an hour */
	/* Paying through the processor's hosted page (issue 13.7, 14.4). */
	char	*payment_url;		/* where the signed form posts */
	char	*payment_name;		/* the processor, as families read it */
	char	*payment_access_key;	/* the processor's profile ... */
	char	*payment_profile_id;
	char	*payment_secret;	/* shared HMAC key: never logged */
	long	 payment_window_past;	/* seconds a signed result stays good */
	long	 payment_window_future;	/* seconds of clock skew allowed */
	/* Video visits (issue 13.8): the video service's join address, a
	 * template with {room} (and {token}); the key that signs join
	 * tokens ("" : no token). */
	char	*video_url;
	char	*video_secret;
	char	*video_support_phone; /* technical help with video visits */
	/* Visits from the scheduling system (issue 13.1, 13.9). */
	char	*mrn_authority;		/* HL7 v2 CX.4 namespace of the MRNs */
	char	*visit_confidential_clinics; /* their visits: confidential */
	char	*visit_reminder_days;	/* reminder e-mails, days before */
	/* Billing statements (issue 14.3). */
	char	*billing_phone;		/* patient billing's number */
	char	*billing_hours;		/* when it answers */
	long	 bill_hide_confidential; /* a teen's confidential care: not
					 * on the parent's statement view */
	/* Logs (issue 16.6). */
	long	 log_level;		/* enum log_level: the request lines
					 * kept, that level and above */
};

/* The file programs read: $PORTAL_CONF, else /etc/portal/portal.conf. */
const char	*conf_path(void);
/* Fills c from defaults then path. 0 on success; -1 with "path:N: why"
 * in err. Free the strings with conf_free. */
int		 conf_load(struct conf *c, const char *path, char *err, size_t errsz);
void		 conf_free(struct conf *c);
/* 1 if the database setting is a server's connection URI (postgresql://,
 * postgres://), 0 if an SQLite file's path. */
int		 conf_db_server(const char *database);
/* The database setting as shown to people (status, messages, logs): a
 * URI's password, in its user part or as a password= or sslpassword=
 * parameter (or any percent-encoded name), is replaced by "***". out is
 * always terminated. */
void		 conf_db_shown(const char *database, char *out, size_t outsz);
/* 1 if online payment is offered: payment_url is set and conf_pay_check
 * passes. Without it the hospital takes payments another way: no pay
 * button is shown, no copay step, /pay/start says so. Half a set-up (a
 * URL with no or a weak secret, or no http(s) URL) is offline too, never
 * a page of dead buttons; cgi-bin/pay says why in the log at start. */
int		 conf_pay_online(const struct conf *c);
/* The payment set-up is usable: an http(s) payment_url and a usable
 * payment_secret; 0, or -1 with why in err (never the secret). */
int		 conf_pay_check(const struct conf *c, char *err, size_t errsz);
/* The processor's shared secret can check a signature: at least 32
 * characters, not one repeated; 0, or -1 with why in err. */
int		 conf_pay_secret_check(const char *s, char *err, size_t errsz);
/* Sets TZ to the hospital's time zone so localtime_r speaks its time. */
void		 conf_apply_tz(const struct conf *c);

#endif
