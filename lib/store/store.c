/*
 * The registry (store.h): the statement table of every store file, in
 * one list, so db_open can prepare every statement a process may run.
 */
#include "db.h"
#include "store.h"

const struct db_sqltab *const store_tables[] = {
	&store_access_sql,
	&store_accounts_sql,
	&store_bill_sql,
	&store_apply_sql,
	&store_areq_sql,
	&store_audit_sql,
	&store_clinics_sql,
	&store_clinicset_sql,
	&store_directory_sql,
	&store_dirload_sql,
	&store_holidays_sql,
	&store_holdings_sql,
	&store_import_sql,
	&store_insreview_sql,
	&store_invite_sql,
	&store_messages_sql,
	&store_mfa_sql,
	&store_outbox_sql,
	&store_passcode_sql,
	&store_payments_sql,
	&store_patients_sql,
	&store_ppatients_sql,
	&store_provider_sql,
	&store_record_sql,
	&store_saved_sql,
	&store_secrets_sql,
	&store_seen_sql,
	&store_send_keys_sql,
	&store_sess_sql,
	&store_signup_sql,
	&store_siu_sql,
	&store_sponsor_sql,
	&store_staff_sql,
	&store_svisits_sql,
	&store_throttle_sql,
	&store_tokens_sql,
	&store_tokenuse_sql,
	&store_visits_sql,
	&store_vfamily_sql,
	&store_profile_sql,
	&store_checkin_sql,
	&store_insurance_sql,
};
const size_t store_ntables = sizeof(store_tables) / sizeof(store_tables[0]);
