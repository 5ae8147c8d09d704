/*
 * The threads, messages and attachments tables.
 */
#include <string.h>

#include "arena.h"
#include "db.h"
#include "store_messages.h"

static const char sql_thread_create[] =
    "INSERT INTO threads (patient_id, clinic_id, account_id, by_patient, topic, "
    "subject, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?7, ?7)";
static const char sql_message_add[] =
    "INSERT INTO messages (thread_id, from_staff, author_id, body, html, sent, due) "
    "VALUES (?, ?, ?, ?, ?, ?, NULLIF(?, 0))";
static const char sql_attachment_add[] =
    "INSERT INTO attachments (message_id, name, mime, size, data) VALUES (?, ?, ?, ?, ?)";
static const char sql_waiting[] =
    "UPDATE threads SET status = 'waiting', due = ?, unread_staff = unread_staff + 1, "
    "updated = ? WHERE id = ?";
static const char sql_answered[] =
    "UPDATE threads SET status = 'answered', due = NULL, "
    "unread_family = unread_family + 1, updated = ? WHERE id = ?";
static const char sql_read_family[] = "UPDATE threads SET unread_family = 0 WHERE id = ?";
static const char sql_read_staff[] = "UPDATE threads SET unread_staff = 0 WHERE id = ?";
#define THREAD_COLS \
    "SELECT t.id, t.patient_id, t.clinic_id, t.account_id, t.by_patient, t.topic, " \
    "t.subject, t.status, COALESCE(t.due, 0), t.created, t.updated, " \
    "t.unread_family, t.unread_staff, c.name, p.given || ' ' || p.family " \
    "FROM threads t JOIN clinics c ON c.id = t.clinic_id " \
    "JOIN patients p ON p.id = t.patient_id "
static const char sql_thread_get[] = THREAD_COLS "WHERE t.id = ?";
static const char sql_threads_of[] = THREAD_COLS
    "WHERE t.account_id = ? AND t.patient_id = ? ORDER BY t.updated DESC, t.id DESC";
static const char sql_inbox[] = THREAD_COLS
    "WHERE t.clinic_id IN (SELECT clinic_id FROM staff_clinics WHERE staff_id = ?) "
    "ORDER BY t.status = 'waiting' DESC, "
    "CASE t.status WHEN 'waiting' THEN t.due ELSE -t.updated END, t.id LIMIT ?";
static const char sql_messages[] =
    "SELECT m.id, m.from_staff, CASE m.from_staff WHEN 1 THEN "
    "(SELECT s.name FROM staff s WHERE s.id = m.author_id) ELSE "
    "(SELECT a.given || ' ' || a.family FROM accounts a WHERE a.id = m.author_id) END, "
    "m.html, m.sent, COALESCE(m.due, 0) FROM messages m WHERE m.thread_id = ? "
    "ORDER BY m.id";
static const char sql_thread_attachments[] =
    "SELECT a.id, a.message_id, m.thread_id, a.name, a.mime, a.size FROM attachments a "
    "JOIN messages m ON m.id = a.message_id WHERE m.thread_id = ? ORDER BY a.id";
static const char sql_attachment_get[] =
    "SELECT a.id, a.message_id, m.thread_id, a.name, a.mime, a.size, a.data "
    "FROM attachments a JOIN messages m ON m.id = a.message_id WHERE a.id = ?";

static int64_t
last_id(struct db *db, int rc)
{
	return rc == -1 ? -1 : sqlite3_last_insert_rowid(db_handle(db));
}

int64_t
store_thread_create(struct db *db, const struct thread *t, time_t now)
{
	return last_id(db, db_exec(db, sql_thread_create, "iiiitti", t->patient_id,
	    t->clinic_id, t->account_id, (int64_t)t->by_patient, t->topic, t->subject,
	    (int64_t)now));
}

int64_t
store_message_add(struct db *db, int64_t thread, int from_staff, int64_t author,
    const char *body, const char *html, time_t now, int64_t due)
{
	return last_id(db, db_exec(db, sql_message_add, "iiittii", thread,
	    (int64_t)from_staff, author, body, html, (int64_t)now, due));
}

int64_t
store_attachment_add(struct db *db, int64_t message, const char *name,
    const char *mime, const void *data, size_t size)
{
	return last_id(db, db_exec(db, sql_attachment_add, "ittib", message, name,
	    mime, (int64_t)size, data, size));
}

int
store_thread_waiting(struct db *db, int64_t thread, int64_t due, time_t now)
{
	return db_exec(db, sql_waiting, "iii", due, (int64_t)now, thread);
}

int
store_thread_answered(struct db *db, int64_t thread, time_t now)
{
	return db_exec(db, sql_answered, "ii", (int64_t)now, thread);
}

int
store_thread_read(struct db *db, int64_t thread, int staff)
{
	return db_exec(db, staff ? sql_read_staff : sql_read_family, "i", thread);
}

static void
thread_row(sqlite3_stmt *st, struct arena *a, struct thread *t)
{
	t->id = sqlite3_column_int64(st, 0);
	t->patient_id = sqlite3_column_int64(st, 1);
	t->clinic_id = sqlite3_column_int64(st, 2);
	t->account_id = sqlite3_column_int64(st, 3);
	t->by_patient = sqlite3_column_int(st, 4);
	t->topic = db_text(a, st, 5);
	t->subject = db_text(a, st, 6);
	t->status = db_text(a, st, 7);
	t->due = sqlite3_column_int64(st, 8);
	t->created = sqlite3_column_int64(st, 9);
	t->updated = sqlite3_column_int64(st, 10);
	t->unread_family = sqlite3_column_int(st, 11);
	t->unread_staff = sqlite3_column_int(st, 12);
	t->clinic = db_text(a, st, 13);
	t->patient = db_text(a, st, 14);
}

static int
thread_rows(sqlite3_stmt *st, int rc, struct arena *a, struct thread **out, size_t *n)
{
	size_t	 cap = 0;

	*n = 0;
	*out = NULL;
	for (; rc == SQLITE_ROW; rc = sqlite3_step(st))
		thread_row(st, a, arena_push(a, (void **)out, n, &cap, sizeof(**out)));
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
store_thread_get(struct db *db, struct arena *a, int64_t id, struct thread *out)
{
	sqlite3_stmt	*st = db_stmt(db, sql_thread_get);
	int		 rc = db_bindv(st, "i", id);

	if (rc == SQLITE_ROW)
		thread_row(st, a, out);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int
store_threads_of(struct db *db, struct arena *a, int64_t account, int64_t patient,
    struct thread **out, size_t *n)
{
	sqlite3_stmt	*st = db_stmt(db, sql_threads_of);

	return thread_rows(st, db_bindv(st, "ii", account, patient), a, out, n);
}

int
store_threads_inbox(struct db *db, struct arena *a, int64_t staff, size_t limit,
    struct thread **out, size_t *n)
{
	sqlite3_stmt	*st = db_stmt(db, sql_inbox);

	return thread_rows(st, db_bindv(st, "ii", staff, (int64_t)limit), a, out, n);
}

int
store_thread_messages(struct db *db, struct arena *a, int64_t thread,
    struct message **out, size_t *n)
{
	sqlite3_stmt	*st = db_stmt(db, sql_messages);
	struct message	*m;
	size_t		 cap = 0;
	int		 rc;

	*n = 0;
	*out = NULL;
	for (rc = db_bindv(st, "i", thread); rc == SQLITE_ROW; rc = sqlite3_step(st)) {
		m = arena_push(a, (void **)out, n, &cap, sizeof(*m));
		m->id = sqlite3_column_int64(st, 0);
		m->from_staff = sqlite3_column_int(st, 1);
		m->author = db_text(a, st, 2);
		m->html = db_text(a, st, 3);
		m->sent = sqlite3_column_int64(st, 4);
		m->due = sqlite3_column_int64(st, 5);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static void
attachment_row(sqlite3_stmt *st, struct arena *a, struct attachment *at)
{
	at->id = sqlite3_column_int64(st, 0);
	at->message_id = sqlite3_column_int64(st, 1);
	at->thread_id = sqlite3_column_int64(st, 2);
	at->name = db_text(a, st, 3);
	at->mime = db_text(a, st, 4);
	at->size = sqlite3_column_int64(st, 5);
}

int
store_thread_attachments(struct db *db, struct arena *a, int64_t thread,
    struct attachment **out, size_t *n)
{
	sqlite3_stmt	*st = db_stmt(db, sql_thread_attachments);
	size_t		 cap = 0;
	int		 rc;

	*n = 0;
	*out = NULL;
	for (rc = db_bindv(st, "i", thread); rc == SQLITE_ROW; rc = sqlite3_step(st))
		attachment_row(st, a, arena_push(a, (void **)out, n, &cap, sizeof(**out)));
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
store_attachment_get(struct db *db, struct arena *a, int64_t id, struct attachment *out)
{
	sqlite3_stmt	*st = db_stmt(db, sql_attachment_get);
	int		 rc = db_bindv(st, "i", id);
	void		*data;
	int		 len;

	if (rc == SQLITE_ROW) {
		attachment_row(st, a, out);
		len = sqlite3_column_bytes(st, 6);
		data = arena_alloc(a, (size_t)len + 1);
		if (len > 0)
			memcpy(data, sqlite3_column_blob(st, 6), (size_t)len);
		out->data = data;
		out->size = len;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}
