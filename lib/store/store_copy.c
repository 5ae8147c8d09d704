/*
 * portalctl copy's half in the store (store_copy.h): the list of the
 * portal's tables and columns, and the statements made from it at run
 * time (each table's read in key order, its insert, its count, and on
 * PostgreSQL the step that moves an identity sequence past the copied
 * ids), prepared on each connection with db_prepare. The catalog's two
 * questions (which tables, which columns) differ per engine and stand in
 * a fixed table below.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "db.h"
#include "store_copy.h"

/* Parents before children: every foreign key's table comes earlier
 * (tests/unit/test_store_copy.c checks it, and the list against the
 * schema the migrations make). */
const struct store_copy_table store_copy_tables[] = {
	{ "secrets",
	    "name, value",
	    "tb", "name" },
	{ "practices",
	    "id, name, phone, address, fax, listed",
	    "itttti", "id" },
	{ "providers",
	    "id, npi, given, family, credential, practice_id, email, phone, "
	    "specialty, organization, address, city, state, postal, "
	    "family_key, source, updated",
	    "ittttitttttttttti", "id" },
	{ "patients",
	    "id, mrn, given, family, dob, sex, foster, guardianship, "
	    "created, pcp_id, email",
	    "itttttiiiit", "id" },
	{ "relations",
	    "id, patient_id, kind, given, family, email, phone",
	    "iittttt", "id" },
	{ "accounts",
	    "id, email, pw_hash, given, family, verified, disabled, "
	    "created, pw_changed, address1, address2, city, state, postal, "
	    "phone_mobile, phone_home, preferred, contact_updated",
	    "ittttiiiitttttttti", "id" },
	{ "account_patients",
	    "account_id, patient_id, role, relation_id, status, created",
	    "iititi", "account_id, patient_id" },
	{ "staff",
	    "id, username, pw_hash, name, email, disabled, created",
	    "ittttii", "id" },
	{ "staff_roles",
	    "staff_id, role",
	    "it", "staff_id, role" },
	{ "provider_accounts",
	    "id, kind, email, given, family, phone, status, pw_hash, "
	    "pw_changed, sso_user, npi, credential, specialty, hospital, "
	    "practice_id, provider_id, sponsor_asked, sponsor_granted, "
	    "sponsor_id, staff_kind, decided_by, decided, reason, created",
	    "itttttttittttiiiiiitiiti", "id" },
	{ "provider_documents",
	    "id, account_id, kind, name, mime, data, fax_received, fax_by, "
	    "created",
	    "iitttbiii", "id" },
	{ "provider_links",
	    "id, selector, verifier_hash, account_id, purpose, created, "
	    "expires, used",
	    "ittitiii", "id" },
	{ "pass_codes",
	    "id, account_id, purpose, code_hash, created, expires, tries, used",
	    "iittiiii", "id" },
	{ "security_answers",
	    "account_id, n, question, answer_hash",
	    "iitt", "account_id, n" },
	{ "mfa",
	    "kind, principal, secret, enabled, last_step, created",
	    "tibiii", "kind, principal" },
	{ "recovery_codes",
	    "id, kind, principal, code_hash, used",
	    "ititi", "id" },
	{ "signup_requests",
	    "id, account_id, role, mrn, visit_date, patient_id, status, "
	    "reason, decided_by, decided, created, proof",
	    "iitttittiiit", "id" },
	{ "activation_tokens",
	    "id, selector, verifier_hash, patient_id, issued, expires, "
	    "used, scope, voided",
	    "ittiiiiti", "id" },
	{ "email_links",
	    "id, selector, verifier_hash, account_id, purpose, created, "
	    "expires, used",
	    "ittitiii", "id" },
	{ "sessions",
	    "id, token_hash, kind, principal, stage, created, seen, addr, "
	    "patient_id",
	    "ibtitiiti", "id" },
	{ "throttle",
	    "key, since, failures, last_at",
	    "tiii", "key" },
	{ "outbox",
	    "id, created, to_addr, subject, body, claimed, sent, attempts, "
	    "last_error",
	    "iitttiiit", "id" },
	{ "audit",
	    "id, at, actor, action, patient_id, addr, detail, prev, hash",
	    "iittitttt", "id" },
	{ "documents",
	    "id, sha256, patient_id, doc_code, title, source, outside, "
	    "confidential, effective, imported",
	    "ititttiiti", "id" },
	{ "encounters",
	    "id, patient_id, date, kind, department, confidential, "
	    "document_id, start_at, end_at, status, title, location, "
	    "provider, provider_contact, outside, source_id",
	    "iitttiitttttttit", "id" },
	{ "notes",
	    "id, patient_id, encounter_id, document_id, department, "
	    "note_type, title, author, body, completed, confidential, "
	    "outside",
	    "iiiitttttiii", "id" },
	{ "results",
	    "id, patient_id, encounter_id, document_id, kind, panel, code, "
	    "name, value, unit, ref_range, flag, report, resulted, "
	    "resulted_text, confidential, outside, display_name, department",
	    "iiiitttttttttitiitt", "id" },
	{ "medications",
	    "id, patient_id, document_id, name, code, dose, route, "
	    "frequency, start_text, stop_text, status, confidential, "
	    "outside, department",
	    "iiittttttttiit", "id" },
	{ "allergies",
	    "id, patient_id, document_id, substance, reaction, severity, "
	    "status, confidential, outside, department",
	    "iiittttiit", "id" },
	{ "problems",
	    "id, patient_id, document_id, name, code, onset_text, status, "
	    "confidential, outside, department",
	    "iiittttiit", "id" },
	{ "immunizations",
	    "id, patient_id, document_id, name, code, date_text, status, "
	    "confidential, outside, department",
	    "iiittttiit", "id" },
	{ "vitals",
	    "id, patient_id, document_id, name, code, value, unit, "
	    "taken_text, confidential, outside, department",
	    "iiitttttiit", "id" },
	{ "narratives",
	    "id, patient_id, document_id, loinc, title, body, "
	    "confidential, outside",
	    "iiitttii", "id" },
	{ "clinics",
	    "id, name, phone, location",
	    "ittt", "id" },
	{ "staff_clinics",
	    "staff_id, clinic_id",
	    "ii", "staff_id, clinic_id" },
	{ "patient_clinics",
	    "patient_id, clinic_id",
	    "ii", "patient_id, clinic_id" },
	{ "holidays",
	    "date, name",
	    "tt", "date" },
	{ "threads",
	    "id, patient_id, clinic_id, account_id, by_patient, topic, "
	    "subject, status, due, unread_family, unread_staff, created, "
	    "updated",
	    "iiiiitttiiiii", "id" },
	{ "messages",
	    "id, thread_id, from_staff, author_id, body, html, sent, due, "
	    "send_key",
	    "iiiittiit", "id" },
	{ "attachments",
	    "id, message_id, name, mime, size, data",
	    "iittib", "id" },
	{ "reminders_sent",
	    "account_id, patient_id, days, sent",
	    "iiii", "account_id, patient_id, days" },
	{ "share_tokens",
	    "id, selector, verifier_hash, patient_id, scope, by_account, "
	    "invitee, provider_id, email, created, expires, tries, used, "
	    "used_by, revoked, revoked_by",
	    "ittitititiiiiiii", "id" },
	{ "patient_shares",
	    "id, patient_id, provider_id, how, scope, by_account, token_id, "
	    "created, revoked, revoked_by",
	    "iiittiiiii", "id" },
	{ "access_requests",
	    "id, patient_id, account_id, provider_id, kind, status, created, "
	    "decided, decided_by, share_id",
	    "iiiittiiii", "id" },
	{ "saved_patients",
	    "account_id, patient_id, created",
	    "iii", "account_id, patient_id" },
	{ "visit_types",
	    "id, clinic_id, name, code, minutes, video, self_schedule, "
	    "notice_hours, copay_cents, active",
	    "iittiiiiii", "id" },
	{ "visit_documents",
	    "id, visit_type_id, title, body, retired, created",
	    "iittii", "id" },
	{ "slots",
	    "id, clinic_id, visit_type_id, provider, location, start_at, "
	    "minutes, source, filler_id, withdrawn, created",
	    "iiittiittii", "id" },
	{ "visits",
	    "id, patient_id, clinic_id, visit_type_id, type_name, provider, "
	    "location, video, start_at, minutes, status, confidential, source, "
	    "filler_id, slot_id, room, booked_by, confirmed, confirmed_by, "
	    "cancelled, cancelled_by, cancel_reason, created, updated",
	    "iiiitttiiitittitiitittii", "id" },
	{ "visit_checkins",
	    "visit_id, step, account_id, done",
	    "itii", "visit_id, step" },
	{ "visit_signatures",
	    "id, visit_id, document_id, account_id, signer_name, body, sha256, "
	    "signed",
	    "iiiittti", "id" },
	{ "visit_requests",
	    "id, patient_id, account_id, clinic_id, reason, preferred, phone, "
	    "status, created, updated, updated_by",
	    "iiiittttiii", "id" },
	{ "visit_reminders",
	    "visit_id, days, sent",
	    "iii", "visit_id, days" },
	{ "email_changes",
	    "id, account_id, email, token_hash, created, expires, used",
	    "iitbiii", "id" },
	{ "coverages",
	    "id, patient_id, payer, plan, member_id, group_no, subscriber, "
	    "relationship, rank, source, document_id, active, updated",
	    "iittttttitiii", "id" },
	{ "insurance_changes",
	    "id, patient_id, account_id, coverage_id, visit_id, payer, plan, "
	    "member_id, group_no, subscriber, relationship, rank, front, "
	    "front_mime, back, back_mime, status, reason, created, decided, "
	    "decided_by",
	    "iiiiittttttibtbtttiii", "id" },
	{ "guarantors",
	    "id, number, name, email, updated, account_id",
	    "itttii", "id" },
	{ "statements",
	    "id, number, guarantor_id, date, due_date, balance_cents, imported, "
	    "updated",
	    "itittiii", "id" },
	{ "statement_lines",
	    "id, statement_id, line, patient_id, service_date, description, "
	    "charges_cents, insurance_cents, adjustment_cents, due_cents, "
	    "confidential",
	    "iiiittiiiii", "id" },
	{ "payments",
	    "id, reference, account_id, patient_id, purpose, visit_id, "
	    "statement_id, amount_cents, currency, status, refund, txn, "
	    "created, decided, guarantor_id",
	    "itiitiiittitiii", "id" },
};
const size_t store_copy_ntables =
    sizeof(store_copy_tables) / sizeof(store_copy_tables[0]);

#define NTAB	(sizeof(store_copy_tables) / sizeof(store_copy_tables[0]))
/* Rows a read of a table keyed by id returns at once: the PostgreSQL
 * engine holds a statement's whole result in memory. */
#define PAGE	2000
/* Rows (or bytes of them) a PostgreSQL destination takes in one insert:
 * a row a statement would cost a round trip to the server each. */
#define BATCH		1000
#define BATCH_BYTES	(8 << 20)
/* The engine's bookkeeping (its migrations set it on the destination). */
#define SCHEMA_TABLE	"portal_schema"

enum { Q_TABLES, Q_COLUMNS, Q__MAX };

static const struct db_sql q[Q__MAX] = {
	[Q_TABLES] = { "tables",
	    "SELECT name FROM sqlite_master WHERE type = 'table' AND "
	    "name NOT LIKE 'sqlite_%'",
	    "SELECT tablename FROM pg_catalog.pg_tables WHERE "
	    "schemaname = current_schema()" },
	[Q_COLUMNS] = { "columns",
	    "SELECT name FROM pragma_table_info(?1)",
	    "SELECT column_name FROM information_schema.columns WHERE "
	    "table_schema = current_schema() AND table_name = ?1" },
};
static const struct db_sqltab catalog_sql = DB_SQLTAB("copy", q);

/* Each table's statements, made once from the list. */
enum { T_ROWS, T_PUT, T_MANY, T_COUNT, T_NEXT, T_STATS, T__MAX };
static struct db_sql	 tq[NTAB][T__MAX];
static struct db_sqltab	 tq_sql;
static char		 pool[256 * 1024];
static size_t		 pool_used;

/* A formatted string in pool; NULL if the pool is full (a list grown
 * past it: a bug, said by store_copy_prepare). */
static const char *
pool_printf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static const char *
pool_printf(const char *fmt, ...)
{
	va_list	 ap;
	char	*p = pool + pool_used;
	size_t	 room = sizeof(pool) - pool_used;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(p, room, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= room)
		return NULL;
	pool_used += (size_t)n + 1;
	return p;
}

/* Read in pages by id: a table keyed by id, its first column. */
static int
paged(const struct store_copy_table *t)
{
	return strcmp(t->key, "id") == 0 && strncmp(t->cols, "id,", 3) == 0;
}

/* "unnest(?1::bigint[], ?2::text[], ...)": one array a column, in
 * pool. */
static const char *
unnest(const char *types)
{
	char	 buf[1024];
	size_t	 i, len = 0;

	len = (size_t)snprintf(buf, sizeof(buf), "unnest(");
	for (i = 0; types[i] != '\0' && len < sizeof(buf); i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len,
		    "%s?%zu::%s[]", i > 0 ? ", " : "", i + 1,
		    types[i] == 'i' ? "bigint" : types[i] == 'b' ? "bytea" :
		    "text");
	if (len < sizeof(buf))
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, ")");
	return len < sizeof(buf) ? pool_printf("%s", buf) : NULL;
}

/* "?1, ?2, ..., ?n" in pool. */
static const char *
params(size_t n)
{
	char	 buf[512];
	size_t	 i, len = 0;

	for (i = 1; i <= n && len < sizeof(buf); i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s?%zu",
		    i > 1 ? ", " : "", i);
	return len < sizeof(buf) ? pool_printf("%s", buf) : NULL;
}

/* Makes tq from the list, once. 0, or -1 if the pool is too small. */
static int
build(void)
{
	const struct store_copy_table	*t;
	struct db_sql			*s;
	const char			*v;
	size_t				 i;

	if (tq_sql.q != NULL)
		return 0;
	for (i = 0; i < NTAB; i++) {
		t = &store_copy_tables[i];
		s = tq[i];
		s[T_ROWS].name = pool_printf("%s.rows", t->name);
		s[T_ROWS].text = paged(t) ?
		    pool_printf("SELECT %s FROM %s WHERE id > ?1 ORDER BY id "
		    "LIMIT %d", t->cols, t->name, PAGE) :
		    pool_printf("SELECT %s FROM %s ORDER BY %s", t->cols,
		    t->name, t->key);
		s[T_PUT].name = pool_printf("%s.put", t->name);
		s[T_PUT].text = (v = params(strlen(t->types))) == NULL ? NULL :
		    pool_printf("INSERT INTO %s (%s) VALUES (%s)", t->name,
		    t->cols, v);
		/* PostgreSQL's many rows at once; SQLite never runs it (a
		 * row a call costs nothing in-process). */
		s[T_MANY].name = pool_printf("%s.many", t->name);
		s[T_MANY].text = s[T_PUT].text;
		s[T_MANY].pg = (v = unnest(t->types)) == NULL ? NULL :
		    pool_printf("INSERT INTO %s (%s) SELECT * FROM %s",
		    t->name, t->cols, v);
		s[T_COUNT].name = pool_printf("%s.count", t->name);
		s[T_COUNT].text = pool_printf("SELECT count(*) FROM %s",
		    t->name);
		/* PostgreSQL's identity sequence does not see the ids given;
		 * SQLite's next rowid is max(id) + 1 of itself. */
		s[T_NEXT].name = pool_printf("%s.next", t->name);
		s[T_NEXT].text = pool_printf("SELECT max(%s) FROM %s",
		    paged(t) ? "id" : "1", t->name);
		s[T_NEXT].pg = paged(t) ? pool_printf("SELECT setval("
		    "pg_get_serial_sequence('%s', 'id'), max(id)) FROM %s",
		    t->name, t->name) : NULL;
		/* PostgreSQL plans by statistics, which a bulk load leaves
		 * empty (the inbox's plan was 8,000 times slower without).
		 * SQLite plans without them, as it always has here: nothing. */
		s[T_STATS].name = pool_printf("%s.stats", t->name);
		s[T_STATS].text = "SELECT 1";
		s[T_STATS].pg = pool_printf("ANALYZE %s", t->name);
		if (s[T_STATS].name == NULL || s[T_STATS].pg == NULL ||
		    s[T_ROWS].name == NULL || s[T_ROWS].text == NULL ||
		    s[T_PUT].name == NULL || s[T_PUT].text == NULL ||
		    s[T_MANY].name == NULL || s[T_MANY].pg == NULL ||
		    s[T_COUNT].name == NULL || s[T_COUNT].text == NULL ||
		    s[T_NEXT].name == NULL || s[T_NEXT].text == NULL ||
		    (paged(t) && s[T_NEXT].pg == NULL))
			return -1;
	}
	tq_sql.name = "copy";
	tq_sql.q = &tq[0][0];
	tq_sql.n = NTAB * T__MAX;
	return 0;
}

int
store_copy_prepare_catalog(struct db *db, char *err, size_t errsz)
{
	return db_prepare(db, &catalog_sql, err, errsz);
}

int
store_copy_prepare(struct db *db, char *err, size_t errsz)
{
	if (build() == -1) {
		snprintf(err, errsz, "copy: the table list outgrew its "
		    "statements' buffer (lib/store/store_copy.c)");
		return -1;
	}
	if (db_prepare(db, &catalog_sql, err, errsz) == -1 ||
	    db_prepare(db, &tq_sql, err, errsz) == -1)
		return -1;
	return 0;
}

static void
name_fill(struct db_stmt *st, struct arena *a, void *row)
{
	*(char **)row = db_col_text(a, st, 0);
}

int
store_copy_ntab(struct db *db, int64_t *n)
{
	struct arena	*a = arena_new();
	char		**names;
	size_t		  k;
	int		  rc;

	rc = db_rows(db, a, &q[Q_TABLES], name_fill, sizeof(char *), &names,
	    &k, "");
	*n = (int64_t)k;
	arena_free(a);
	return rc;
}

/* 1 if word is one of list's comma-separated words. */
static int
listed(const char *list, const char *word)
{
	size_t	 n = strlen(word), w;

	while (*list != '\0') {
		list += strspn(list, ", ");
		w = strcspn(list, ",");
		if (w == n && strncmp(list, word, n) == 0)
			return 1;
		list += w;
	}
	return 0;
}

/* How many comma-separated words list has. */
static size_t
nwords(const char *list)
{
	size_t	 n = 1;

	for (; *list != '\0'; list++)
		n += *list == ',';
	return n;
}

static int
listed_in(char **names, size_t n, const char *name)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (names[i] != NULL && strcmp(names[i], name) == 0)
			return 1;
	return 0;
}

static const struct store_copy_table *
table_named(const char *name)
{
	size_t	 i;

	for (i = 0; i < NTAB; i++)
		if (strcmp(store_copy_tables[i].name, name) == 0)
			return &store_copy_tables[i];
	return NULL;
}

/* Whether table t's columns in db are the list's. 0, 1 (why in err), -1. */
static int
check_columns(struct db *db, struct arena *a, const struct store_copy_table *t,
    char *err, size_t errsz)
{
	char	**cols;
	size_t	  n, i;

	if (db_rows(db, a, &q[Q_COLUMNS], name_fill, sizeof(char *), &cols,
	    &n, "t", t->name) == -1)
		return -1;
	for (i = 0; i < n; i++)
		if (cols[i] == NULL || !listed(t->cols, cols[i])) {
			snprintf(err, errsz, "column %s.%s is not in "
			    "lib/store/store_copy.c's list: it would not be "
			    "copied", t->name, cols[i] ? cols[i] : "?");
			return 1;
		}
	if (n != nwords(t->cols) || n != strlen(t->types)) {
		snprintf(err, errsz, "table %s has %zu columns, "
		    "lib/store/store_copy.c's list %zu (and %zu type letters)",
		    t->name, n, nwords(t->cols), strlen(t->types));
		return 1;
	}
	return 0;
}

int
store_copy_check(struct db *db, char *err, size_t errsz)
{
	struct arena	*a = arena_new();
	char		**names;
	size_t		  n, i, found = 0;
	int		  rc = -1;

	if (db_rows(db, a, &q[Q_TABLES], name_fill, sizeof(char *), &names,
	    &n, "") == -1)
		goto out;
	rc = 1;
	for (i = 0; i < n; i++) {
		if (names[i] == NULL || strcmp(names[i], SCHEMA_TABLE) == 0)
			continue;
		if (table_named(names[i]) == NULL) {
			snprintf(err, errsz, "table %s is not in "
			    "lib/store/store_copy.c's list: it would not be "
			    "copied", names[i]);
			goto out;
		}
		found++;
	}
	if (found != NTAB) {
		for (i = 0; i < NTAB; i++)
			if (!listed_in(names, n, store_copy_tables[i].name))
				break;
		snprintf(err, errsz, "table %s of lib/store/store_copy.c's "
		    "list is not in the database", i < NTAB ?
		    store_copy_tables[i].name : "?");
		goto out;
	}
	for (i = 0; i < NTAB; i++)
		if ((rc = check_columns(db, a, &store_copy_tables[i], err,
		    errsz)) != 0)
			goto out;
	rc = 0;
out:
	arena_free(a);
	return rc;
}

int
store_copy_counts(struct db *db, int64_t *counts)
{
	size_t	 i;

	if (build() == -1)
		return -1;
	for (i = 0; i < NTAB; i++)
		if (db_int(db, &tq[i][T_COUNT], &counts[i], "") != 1)
			return -1;
	return 0;
}

/* Column i of the source's current row as a value to bind. */
static void
value(struct db_stmt *st, int i, char type, struct db_val *v)
{
	memset(v, 0, sizeof(*v));
	v->type = type;
	if (db_col_null(st, i)) {
		v->type = 't';		/* NULL, whatever the column */
		return;
	}
	switch (type) {
	case 'i':
		v->i = db_col_int(st, i);
		break;
	case 'b':
		/* SQLite gives an empty blob as NULL: bound so, it would
		 * become a NULL. */
		if ((v->b = db_col_blob(st, i, &v->len)) == NULL)
			v->b = "";
		break;
	default:
		v->t = db_col_str(st, i);
		break;
	}
}

/*
 * The rows waiting for one insert on PostgreSQL: a column's values as
 * one array literal ({1,NULL,3}, {"a \"b\"",NULL}, {"\\x00ff"}), which
 * the statement's unnest turns back into rows.
 */
struct batch {
	struct buf	 col[32];
	size_t		 ncol;
	int64_t		 rows, bytes;
	int64_t		 first;		/* its first row's number */
};

/* Adds v to column c's array. */
static void
batch_add(struct batch *bt, size_t c, const struct db_val *v, int null)
{
	static const char	 hex[] = "0123456789abcdef";
	struct buf		*b = &bt->col[c];
	const unsigned char	*p;
	size_t			 k, n0 = b->b_len;

	buf_putc(b, bt->rows == 0 ? '{' : ',');
	if (null)
		buf_puts(b, "NULL");
	else if (v->type == 'i')
		buf_printf(b, "%lld", (long long)v->i);
	else if (v->type == 'b') {
		buf_puts(b, "\"\\\\x");
		for (p = v->b, k = 0; k < v->len; k++) {
			buf_putc(b, hex[p[k] >> 4]);
			buf_putc(b, hex[p[k] & 15]);
		}
		buf_putc(b, '"');
	} else {
		buf_putc(b, '"');
		for (k = 0; v->t[k] != '\0'; k++) {
			if (v->t[k] == '"' || v->t[k] == '\\')
				buf_putc(b, '\\');
			buf_putc(b, v->t[k]);
		}
		buf_putc(b, '"');
	}
	bt->bytes += (int64_t)(b->b_len - n0);
}

/* Inserts the waiting rows; 0 or -1. */
static int
batch_flush(struct db *to, const struct db_sql *many, struct batch *bt)
{
	struct db_val	 v[32];
	struct db_stmt	*wr;
	size_t		 c;
	int		 rc;

	if (bt->rows == 0)
		return 0;
	memset(v, 0, sizeof(v));
	for (c = 0; c < bt->ncol; c++) {
		buf_putc(&bt->col[c], '}');
		v[c].type = 't';
		v[c].t = bt->col[c].b_data;
	}
	wr = db_stmt(to, many);
	rc = db_bind_vals(wr, v, bt->ncol) == -1 ? -1 : 0;
	db_reset(wr);
	for (c = 0; c < bt->ncol; c++)
		bt->col[c].b_len = 0;
	if (rc == 0)
		bt->rows = bt->bytes = 0;
	return rc;
}

/* Writes the source's current row into to: at once, or into the batch
 * (then the batch's insert when it is full). 0 or -1. */
static int
put_row(struct db *to, size_t i, struct db_stmt *rd, struct batch *bt,
    int many, int64_t rowno)
{
	const struct store_copy_table	*t = &store_copy_tables[i];
	struct db_val			 v[32];
	struct db_stmt			*wr;
	size_t				 c;
	int				 rc;

	if (many && bt->rows == 0)
		bt->first = rowno;
	for (c = 0; c < bt->ncol; c++) {
		value(rd, (int)c, t->types[c], &v[c]);
		if (many)
			batch_add(bt, c, &v[c], db_col_null(rd, (int)c));
	}
	if (many)
		return ++bt->rows < BATCH && bt->bytes < BATCH_BYTES ? 0 :
		    batch_flush(to, &tq[i][T_MANY], bt);
	wr = db_stmt(to, &tq[i][T_PUT]);
	rc = db_bind_vals(wr, v, bt->ncol);
	db_reset(wr);
	return rc == -1 ? -1 : 0;
}

/* Copies table i; 0, or -1 with the row and why in err. */
static int
copy_table(struct db *from, struct db *to, size_t i, store_copy_progress *pf,
    void *arg, char *err, size_t errsz)
{
	const struct store_copy_table	*t = &store_copy_tables[i];
	struct batch			 bt;
	struct db_stmt			*rd;
	struct arena			*a;
	int64_t				 total, done = 0, last = INT64_MIN, page;
	int				 rc, many, ret = -1;
	size_t				 c;

	memset(&bt, 0, sizeof(bt));
	bt.ncol = strlen(t->types);
	many = strcmp(db_engine(to), "postgresql") == 0;
	if (bt.ncol > sizeof(bt.col) / sizeof(bt.col[0]) ||
	    db_int(from, &tq[i][T_COUNT], &total, "") != 1) {
		snprintf(err, errsz, "table %s: cannot count its rows: %s",
		    t->name, db_errmsg(from));
		return -1;
	}
	a = arena_new();
	for (c = 0; c < bt.ncol; c++)
		buf_init(&bt.col[c], a);
	if (pf != NULL && total > 0)
		pf(arg, t->name, 0, total);
	do {
		rd = db_stmt(from, &tq[i][T_ROWS]);
		rc = paged(t) ? db_bindv(rd, "i", last) : db_bindv(rd, "");
		for (page = 0; rc == DB_ROW; rc = db_step(rd), page++) {
			if (paged(t))
				last = db_col_int(rd, 0);
			if (put_row(to, i, rd, &bt, many, done + 1) == -1) {
				db_reset(rd);
				goto failed;
			}
			if (++done % 10000 == 0 && pf != NULL)
				pf(arg, t->name, done, total);
		}
		db_reset(rd);
		if (rc == -1) {
			snprintf(err, errsz, "table %s: reading after row %lld: "
			    "%s", t->name, (long long)done, db_errmsg(from));
			goto out;
		}
	} while (paged(t) && page == PAGE);
	if (batch_flush(to, &tq[i][T_MANY], &bt) == -1)
		goto failed;
	if (paged(t) && db_exec(to, &tq[i][T_NEXT], "") == -1) {
		snprintf(err, errsz, "table %s: its id sequence: %s", t->name,
		    db_errmsg(to));
		goto out;
	}
	if (db_exec(to, &tq[i][T_STATS], "") == -1) {
		snprintf(err, errsz, "table %s: its statistics: %s", t->name,
		    db_errmsg(to));
		goto out;
	}
	if (pf != NULL)
		pf(arg, t->name, done, total);
	ret = 0;
	goto out;
failed:
	/* A batch fails as a whole: its first row's number to its last. */
	if (many && bt.rows > 1)
		snprintf(err, errsz, "table %s: rows %lld-%lld of %lld: %s",
		    t->name, (long long)bt.first,
		    (long long)(bt.first + bt.rows - 1), (long long)total,
		    db_errmsg(to));
	else
		snprintf(err, errsz, "table %s: row %lld of %lld: %s", t->name,
		    (long long)(many && bt.rows == 1 ? bt.first : done + 1),
		    (long long)total, db_errmsg(to));
out:
	arena_free(a);
	return ret;
}

int
store_copy_rows(struct db *from, struct db *to, store_copy_progress *pf,
    void *arg, char *err, size_t errsz)
{
	size_t	 i;

	for (i = 0; i < NTAB; i++)
		if (copy_table(from, to, i, pf, arg, err, errsz) == -1)
			return -1;
	return 0;
}
