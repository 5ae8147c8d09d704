/*
 * The registry of statements: each store file's statement table, listed
 * once in store.c. db_open prepares every statement of every table here,
 * so a statement that does not compile stops a process at start. A new
 * store file adds its table to store.c and its declaration below.
 */
#ifndef PORTAL_STORE_H
#define PORTAL_STORE_H

#include <stddef.h>

struct db_sqltab;

extern const struct db_sqltab	 store_accounts_sql;
extern const struct db_sqltab	 store_bill_sql;
extern const struct db_sqltab	 store_apply_sql;
extern const struct db_sqltab	 store_areq_sql;
extern const struct db_sqltab	 store_audit_sql;
extern const struct db_sqltab	 store_clinics_sql;
extern const struct db_sqltab	 store_clinicset_sql;
extern const struct db_sqltab	 store_insreview_sql;
extern const struct db_sqltab	 store_svisits_sql;
extern const struct db_sqltab	 store_dirload_sql;
extern const struct db_sqltab	 store_holidays_sql;
extern const struct db_sqltab	 store_holdings_sql;
extern const struct db_sqltab	 store_access_sql;
extern const struct db_sqltab	 store_directory_sql;
extern const struct db_sqltab	 store_invite_sql;
extern const struct db_sqltab	 store_import_sql;
extern const struct db_sqltab	 store_messages_sql;
extern const struct db_sqltab	 store_mfa_sql;
extern const struct db_sqltab	 store_outbox_sql;
extern const struct db_sqltab	 store_passcode_sql;
extern const struct db_sqltab	 store_payments_sql;
extern const struct db_sqltab	 store_patients_sql;
extern const struct db_sqltab	 store_ppatients_sql;
extern const struct db_sqltab	 store_provider_sql;
extern const struct db_sqltab	 store_record_sql;
extern const struct db_sqltab	 store_saved_sql;
extern const struct db_sqltab	 store_secrets_sql;
extern const struct db_sqltab	 store_seen_sql;
extern const struct db_sqltab	 store_send_keys_sql;
extern const struct db_sqltab	 store_sess_sql;
extern const struct db_sqltab	 store_signup_sql;
extern const struct db_sqltab	 store_siu_sql;
extern const struct db_sqltab	 store_sponsor_sql;
extern const struct db_sqltab	 store_staff_sql;
extern const struct db_sqltab	 store_throttle_sql;
extern const struct db_sqltab	 store_tokens_sql;
extern const struct db_sqltab	 store_tokenuse_sql;
extern const struct db_sqltab	 store_visits_sql;
extern const struct db_sqltab	 store_vfamily_sql;
extern const struct db_sqltab	 store_profile_sql;
extern const struct db_sqltab	 store_checkin_sql;
extern const struct db_sqltab	 store_insurance_sql;

/* Every table above, for db_open. */
extern const struct db_sqltab *const	 store_tables[];
extern const size_t			 store_ntables;

#endif
