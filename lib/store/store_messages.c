/*
 * The threads, messages and attachments tables.
 */
#include <string.h>

#include "arena.h"
#include "db.h"
#include "store.h"
#include "store_messages.h"

enum {
	Q_THREAD_CREATE, Q_MESSAGE_ADD, Q_ATTACHMENT_ADD, Q_WAITING, Q_ANSWERED,
	Q_READ_FAMILY, Q_READ_STAFF, Q_THREAD_GET, Q_THREAD_STAFF, Q_THREADS_OF,
	Q_INBOX_WAITING, Q_INBOX_ANSWERED, Q_MESSAGES, Q_THREAD_ATTACHMENTS, Q_ATTACHMENT_GET, Q__MAX
};

#define THREAD_SELECT \
    "SELECT t.id, t.patient_id, t.clinic_id, t.account_id, t.by_patient, " \
    "t.topic, t.subject, t.status, COALESCE(t.due, 0), t.created, t.updated, " \
    "t.unread_family, t.unread_staff, c.name, p.given || ' ' || p.family "
#define THREAD_NAMES \
    "JOIN clinics c ON c.id = t.clinic_id " \
    "JOIN patients p ON p.id = t.patient_id "
#define THREAD_COLS THREAD_SELECT "FROM threads t " THREAD_NAMES
/*
 * The inbox, one part: for each clinic of staff member ?1 (staff_clinics,
 * the outer loop), at most ?4 of its threads in the part's order from the
 * part's index, after the position (?2, ?3); then those few merged in that
 * order. Rows read: clinics x ?4, never the clinic's whole history. S is
 * the status, K the key column, CMP and DIR the direction.
 */
#define INBOX_PART(S, K, CMP, DIR) THREAD_SELECT \
    "FROM staff_clinics sc JOIN threads t ON t.id IN (SELECT x.id " \
    "FROM threads x WHERE x.clinic_id = sc.clinic_id AND x.status = '" S "' " \
    "AND (x." K ", x.id) " CMP " (?2, ?3) " \
    "ORDER BY x." K " " DIR ", x.id " DIR " LIMIT ?4) " THREAD_NAMES \
    "WHERE sc.staff_id = ?1 ORDER BY t." K " " DIR ", t.id " DIR " LIMIT ?4"
/* PostgreSQL's form: the same rows from a LATERAL subquery per clinic
 * (its planner ran the IN-subquery above once per thread of the table:
 * 3 s at 5,000 threads, against 0.4 ms). */
#define INBOX_PART_PG(S, K, CMP, DIR) THREAD_SELECT \
    "FROM staff_clinics sc CROSS JOIN LATERAL (SELECT x.* " \
    "FROM threads x WHERE x.clinic_id = sc.clinic_id AND x.status = '" S "' " \
    "AND (x." K ", x.id) " CMP " (?2, ?3) " \
    "ORDER BY x." K " " DIR ", x.id " DIR " LIMIT ?4) t " THREAD_NAMES \
    "WHERE sc.staff_id = ?1 ORDER BY t." K " " DIR ", t.id " DIR " LIMIT ?4"
#define ATTACHMENT_COLS \
    "SELECT a.id, a.message_id, m.thread_id, a.name, a.mime, a.size"

static const struct db_sql q[Q__MAX] = {
	[Q_THREAD_CREATE] = { "thread_create",
	    "INSERT INTO threads (patient_id, clinic_id, account_id, by_patient, "
	    "topic, subject, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?7, ?7) "
	    "RETURNING id" },
	[Q_MESSAGE_ADD] = { "message_add",
	    "INSERT INTO messages (thread_id, from_staff, author_id, body, html, "
	    "sent, due) VALUES (?, ?, ?, ?, ?, ?, NULLIF(CAST(? AS BIGINT), 0)) "
	    "RETURNING id" },
	[Q_ATTACHMENT_ADD] = { "attachment_add",
	    "INSERT INTO attachments (message_id, name, mime, size, data) "
	    "VALUES (?, ?, ?, ?, ?) RETURNING id" },
	[Q_WAITING] = { "waiting",
	    "UPDATE threads SET status = 'waiting', due = ?, "
	    "unread_staff = unread_staff + 1, updated = ? WHERE id = ?" },
	[Q_ANSWERED] = { "answered",
	    "UPDATE threads SET status = 'answered', due = NULL, "
	    "unread_family = unread_family + 1, updated = ? WHERE id = ?" },
	[Q_READ_FAMILY] = { "read_family",
	    "UPDATE threads SET unread_family = 0 WHERE id = ?" },
	[Q_READ_STAFF] = { "read_staff",
	    "UPDATE threads SET unread_staff = 0 WHERE id = ?" },
	[Q_THREAD_GET] = { "thread_get", THREAD_COLS "WHERE t.id = ?" },
	/* With whether staff member ?2 is on the clinic's care team: the
	 * policy's input in the same statement. */
	[Q_THREAD_STAFF] = { "thread_staff", THREAD_SELECT
	    ", EXISTS (SELECT 1 FROM staff_clinics s WHERE s.staff_id = ?2 "
	    "AND s.clinic_id = t.clinic_id) FROM threads t " THREAD_NAMES
	    "WHERE t.id = ?1" },
	[Q_THREADS_OF] = { "threads_of", THREAD_COLS
	    "WHERE t.account_id = ? AND t.patient_id = ? "
	    "ORDER BY t.updated DESC, t.id DESC" },
	/* Waiting: the earliest due first (threads_clinic). */
	[Q_INBOX_WAITING] = { "inbox_waiting",
	    INBOX_PART("waiting", "due", ">", "ASC"),
	    INBOX_PART_PG("waiting", "due", ">", "ASC") },
	/* Answered: the latest update first (threads_answered, backwards). */
	[Q_INBOX_ANSWERED] = { "inbox_answered",
	    INBOX_PART("answered", "updated", "<", "DESC"),
	    INBOX_PART_PG("answered", "updated", "<", "DESC") },
	/* The authors' names by join; whether a message has files from the
	 * covering attachments_listed (a page without any reads no more). */
	[Q_MESSAGES] = { "messages",
	    "SELECT m.id, m.from_staff, CASE m.from_staff WHEN 1 THEN s.name "
	    "ELSE a.given || ' ' || a.family END, "
	    "m.html, m.sent, COALESCE(m.due, 0), EXISTS (SELECT 1 FROM "
	    "attachments f WHERE f.message_id = m.id) FROM messages m "
	    "LEFT JOIN staff s ON m.from_staff = 1 AND s.id = m.author_id "
	    "LEFT JOIN accounts a ON m.from_staff = 0 AND a.id = m.author_id "
	    "WHERE m.thread_id = ? ORDER BY m.id" },
	[Q_THREAD_ATTACHMENTS] = { "thread_attachments", ATTACHMENT_COLS
	    " FROM attachments a JOIN messages m ON m.id = a.message_id "
	    "WHERE m.thread_id = ? ORDER BY a.id" },
	[Q_ATTACHMENT_GET] = { "attachment_get", ATTACHMENT_COLS
	    ", a.data FROM attachments a JOIN messages m ON m.id = a.message_id "
	    "WHERE a.id = ?" },
};
const struct db_sqltab store_messages_sql = DB_SQLTAB("messages", q);

int64_t
store_thread_create(struct db *db, const struct thread *t, time_t now)
{
	return db_insert(db, &q[Q_THREAD_CREATE], "iiiitti", t->patient_id,
	    t->clinic_id, t->account_id, (int64_t)t->by_patient, t->topic,
	    t->subject, (int64_t)now);
}

int64_t
store_message_add(struct db *db, int64_t thread, int from_staff, int64_t author,
    const char *body, const char *html, time_t now, int64_t due)
{
	return db_insert(db, &q[Q_MESSAGE_ADD], "iiittii", thread,
	    (int64_t)from_staff, author, body, html, (int64_t)now, due);
}

int64_t
store_attachment_add(struct db *db, int64_t message, const char *name,
    const char *mime, const void *data, size_t size)
{
	return db_insert(db, &q[Q_ATTACHMENT_ADD], "ittib", message, name,
	    mime, (int64_t)size, data, size);
}

int
store_thread_waiting(struct db *db, int64_t thread, int64_t due, time_t now)
{
	return db_exec(db, &q[Q_WAITING], "iii", due, (int64_t)now, thread);
}

int
store_thread_answered(struct db *db, int64_t thread, time_t now)
{
	return db_exec(db, &q[Q_ANSWERED], "ii", (int64_t)now, thread);
}

int
store_thread_read(struct db *db, int64_t thread, int staff)
{
	return db_exec(db, &q[staff ? Q_READ_STAFF : Q_READ_FAMILY], "i", thread);
}

static void
thread_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct thread	*t = row;

	t->id = db_col_int(st, 0);
	t->patient_id = db_col_int(st, 1);
	t->clinic_id = db_col_int(st, 2);
	t->account_id = db_col_int(st, 3);
	t->by_patient = (int)db_col_int(st, 4);
	t->topic = db_col_text(a, st, 5);
	t->subject = db_col_text(a, st, 6);
	t->status = db_col_text(a, st, 7);
	t->due = db_col_int(st, 8);
	t->created = db_col_int(st, 9);
	t->updated = db_col_int(st, 10);
	t->unread_family = (int)db_col_int(st, 11);
	t->unread_staff = (int)db_col_int(st, 12);
	t->clinic = db_col_text(a, st, 13);
	t->patient = db_col_text(a, st, 14);
}

int
store_thread_get(struct db *db, struct arena *a, int64_t id, struct thread *out)
{
	return db_row(db, a, &q[Q_THREAD_GET], thread_fill, out, "i", id);
}

/* A thread and the EXISTS column after its columns. */
struct thread_staff {
	struct thread	 t;
	int		 on_team;
};

static void
thread_staff_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct thread_staff	*ts = row;

	thread_fill(st, a, &ts->t);
	ts->on_team = db_col_int(st, 15) != 0;
}

int
store_thread_get_staff(struct db *db, struct arena *a, int64_t id,
    int64_t staff, struct thread *out, int *on_team)
{
	struct thread_staff	 ts;
	int			 rc;

	memset(&ts, 0, sizeof(ts));
	rc = db_row(db, a, &q[Q_THREAD_STAFF], thread_staff_fill, &ts, "ii",
	    id, staff);
	*out = ts.t;
	*on_team = ts.on_team;
	return rc;
}

int
store_threads_of(struct db *db, struct arena *a, int64_t account, int64_t patient,
    struct thread **out, size_t *n)
{
	return db_rows(db, a, &q[Q_THREADS_OF], thread_fill, sizeof(**out), out,
	    n, "ii", account, patient);
}

int
store_inbox_waiting(struct db *db, struct arena *a, int64_t staff,
    int64_t due, int64_t id, size_t limit, struct thread **out, size_t *n)
{
	return db_rows(db, a, &q[Q_INBOX_WAITING], thread_fill, sizeof(**out),
	    out, n, "iiii", staff, due, id, (int64_t)limit);
}

int
store_inbox_answered(struct db *db, struct arena *a, int64_t staff,
    int64_t updated, int64_t id, size_t limit, struct thread **out, size_t *n)
{
	return db_rows(db, a, &q[Q_INBOX_ANSWERED], thread_fill, sizeof(**out),
	    out, n, "iiii", staff, updated, id, (int64_t)limit);
}

static void
message_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct message	*m = row;

	m->id = db_col_int(st, 0);
	m->from_staff = (int)db_col_int(st, 1);
	m->author = db_col_text(a, st, 2);
	m->html = db_col_text(a, st, 3);
	m->sent = db_col_int(st, 4);
	m->due = db_col_int(st, 5);
	m->files = (int)db_col_int(st, 6);
}

int
store_thread_messages(struct db *db, struct arena *a, int64_t thread,
    struct message **out, size_t *n)
{
	return db_rows(db, a, &q[Q_MESSAGES], message_fill, sizeof(**out), out,
	    n, "i", thread);
}

static void
attachment_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct attachment	*at = row;

	at->id = db_col_int(st, 0);
	at->message_id = db_col_int(st, 1);
	at->thread_id = db_col_int(st, 2);
	at->name = db_col_text(a, st, 3);
	at->mime = db_col_text(a, st, 4);
	at->size = db_col_int(st, 5);
}

/* With the bytes: a copy in the arena, NUL-terminated. */
static void
attachment_data_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct attachment	*at = row;
	const void		*p;
	size_t			 len;
	void			*data;

	attachment_fill(st, a, row);
	p = db_col_blob(st, 6, &len);
	data = arena_alloc(a, len + 1);
	if (len > 0)
		memcpy(data, p, len);
	at->data = data;
	at->size = (int64_t)len;
}

int
store_thread_attachments(struct db *db, struct arena *a, int64_t thread,
    struct attachment **out, size_t *n)
{
	return db_rows(db, a, &q[Q_THREAD_ATTACHMENTS], attachment_fill,
	    sizeof(**out), out, n, "i", thread);
}

int
store_attachment_get(struct db *db, struct arena *a, int64_t id, struct attachment *out)
{
	return db_row(db, a, &q[Q_ATTACHMENT_GET], attachment_data_fill, out,
	    "i", id);
}
