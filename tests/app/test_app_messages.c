/*
 * Secure messages' operations (lib/app/messages.h) without a web server,
 * on a scratch portal: for each, the allowed case, each refusal (another
 * family's thread, a parent opening a 15-year-old's own thread, a staff
 * member not on the clinic's care team, an unknown or malformed id, a
 * refused attachment, a clinic that is not the patient's) and the audit
 * row each leaves (or that an invalid answer leaves none).
 * SPEC F-MSG 1-6, F-PROXY 2, S-1.
 */
#include <inttypes.h>
#include <stdarg.h>

#include "app_test.h"
#include "audit.h"
#include "db.h"
#include "db_sqlite.h"
#include "messages.h"
#include "store_accounts.h"
#include "store_audit.h"
#include "store_clinics.h"
#include "store_patients.h"
#include "store_staff.h"

#define NOW	1772636400	/* Wednesday 2026-03-04 15:00 UTC */

static struct portal	*P;
static int64_t		 sofia, leo;		/* patients: 15 and 8 */
static int64_t		 wei, teen, ana;	/* accounts: Sofia's parent,
						 * Sofia herself, Leo's parent */
static int64_t		 nurse, cardio;		/* staff: General Pediatrics,
						 * Cardiology only */
static int64_t		 peds, cardiology;	/* clinics */

static const unsigned char png[] = {
	0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H',
	'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53,
	0xde,
};
static const unsigned char text[] = "just some words, not a picture";
static const struct msg_upload bad = { "scan.pdf", text, sizeof(text) - 1 };

/* ---- The audit log ---- */

static struct {
	size_t	 n;
	char	 actor[64], action[64], detail[256];
	int64_t	 patient;
} last;

static int
keep(const struct audit_row *r, void *arg)
{
	(void)arg;
	last.n++;
	snprintf(last.actor, sizeof(last.actor), "%s", r->actor);
	snprintf(last.action, sizeof(last.action), "%s", r->action);
	snprintf(last.detail, sizeof(last.detail), "%s", r->detail ?
	    r->detail : "(none)");
	last.patient = r->patient_id;
	return 0;
}

/* Reads the log: how many rows, and the newest one into last. */
static size_t
rows(void)
{
	struct arena	*a = arena_new();

	memset(&last, 0, sizeof(last));
	if (store_audit_each(P->db, a, keep, NULL) == -1)
		T_OK(0, "read the audit log");
	arena_free(a);
	return last.n;
}

/* The newest row is action for patient with detail, by actor; and it is
 * the only one since before. */
static void
row_is(size_t before, const char *actor, const char *action,
    int64_t patient, const char *detail, const char *what)
{
	char	 w[200];

	snprintf(w, sizeof(w), "%s: one row", what);
	T_INT(rows(), before + 1, w);
	snprintf(w, sizeof(w), "%s: actor", what);
	T_STR(last.actor, actor, w);
	snprintf(w, sizeof(w), "%s: action", what);
	T_STR(last.action, action, w);
	snprintf(w, sizeof(w), "%s: patient", what);
	T_INT(last.patient, patient, w);
	snprintf(w, sizeof(w), "%s: detail", what);
	T_STR(last.detail, detail, w);
}

/* ---- The scratch hospital ---- */

/* Runs bin/portalctl with the arguments (printf-style). */
static void
ctl(const char *fmt, ...)
{
	char	 args[400], cmd[600];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof(cmd), "bin/portalctl %s >> %s/ctl.out 2>&1", args,
	    t_dir);
	if (system(cmd) != 0) {
		fprintf(stderr, "portalctl %s failed (see %s/ctl.out)\n", args,
		    t_dir);
		exit(1);
	}
}

static int64_t
patient_id(struct arena *a, const char *mrn)
{
	struct patient	 p;

	if (store_patient_by_mrn(P->db, a, mrn, &p) != 1)
		exit(1);
	return p.id;
}

static int64_t
staff_id(struct arena *a, const char *user)
{
	struct staff	 s;

	if (store_staff_by_username(P->db, a, user, &s) != 1)
		exit(1);
	return s.id;
}

/* A verified family account holding patient as role, through the
 * relation on file (none for "self"). */
static int64_t
account(struct arena *a, const char *email, int64_t patient, const char *role)
{
	struct relation	*r;
	size_t		 n = 0;
	int64_t		 id;

	if ((id = store_account_create(P->db, email, "x", "Given", "Family",
	    NOW - 86400)) == -1 || store_account_verify(P->db, id, NOW) == -1 ||
	    (strcmp(role, "self") != 0 && (store_relations(P->db, a, patient,
	    &r, &n) == -1 || n == 0)) ||
	    store_holding_set(P->db, id, patient, role, n ? r[0].id : 0,
	    "active", NOW - 86400) == -1) {
		fprintf(stderr, "account %s\n", email);
		exit(1);
	}
	return id;
}

static void
hospital(void)
{
	struct arena	*a = arena_new();
	char		 pw[300];
	FILE		*f;

	snprintf(pw, sizeof(pw), "%s/pw", t_dir);
	if ((f = fopen(pw, "w")) == NULL) {
		perror(pw);
		exit(1);
	}
	fputs("Answer4Tests!\n", f);
	fclose(f);
	ctl("clinic add --clinic 'General Pediatrics'");
	ctl("clinic add --clinic Cardiology");
	ctl("patient add --mrn MRN001 --given Sofia --family Chen --dob 2010-09-01");
	ctl("patient relation --mrn MRN001 --kind parent --given Wei --family Chen "
	    "--email wei@example.org");
	ctl("patient add --mrn MRN002 --given Leo --family Silva --dob 2017-05-05");
	ctl("patient relation --mrn MRN002 --kind parent --given Ana --family Silva "
	    "--email ana@example.org");
	ctl("clinic patient --clinic 'General Pediatrics' --mrn MRN001");
	ctl("clinic patient --clinic 'General Pediatrics' --mrn MRN002");
	ctl("staff add --username nurse --name 'Nora Nurse' < %s/pw", t_dir);
	ctl("staff add --username cardio --name 'Carl Cardio' < %s/pw", t_dir);
	ctl("clinic staff --clinic 'General Pediatrics' --username nurse");
	ctl("clinic staff --clinic Cardiology --username cardio");
	sofia = patient_id(a, "MRN001");
	leo = patient_id(a, "MRN002");
	nurse = staff_id(a, "nurse");
	cardio = staff_id(a, "cardio");
	peds = store_clinic_id(P->db, "General Pediatrics");
	cardiology = store_clinic_id(P->db, "Cardiology");
	wei = account(a, "wei@example.org", sofia, "parent");
	teen = account(a, "sofia@example.org", sofia, "self");
	ana = account(a, "ana@example.org", leo, "parent");
	arena_free(a);
}

/* ---- Calls ---- */

static struct call	 C;

static const struct call *
as(enum actor_kind kind, int64_t id)
{
	if (C.a != NULL)
		arena_free(C.a);
	C = t_call(P, kind, id, NOW);
	return &C;
}

static const char *
asked(const char *param, int64_t id)
{
	return arena_printf(C.a, "asked %s=%" PRId64, param, id);
}

/* A message as a form sends it, with a send key of its own. */
static struct msg_body_in
body(const char *text_, const struct msg_upload *f, size_t nf)
{
	static unsigned		 keys;
	struct msg_body_in	 m;

	memset(&m, 0, sizeof(m));
	m.key = arena_printf(C.a, "%032x", ++keys);
	m.body = text_;
	m.html = arena_printf(C.a, "<p>%s</p>", text_);
	m.files = f;
	m.nfiles = nf;
	return m;
}

static size_t
threads_of(int64_t acct, int64_t patient)
{
	struct arena	*a = arena_new();
	struct thread	*t;
	size_t		 n = 0;

	if (store_threads_of(P->db, a, acct, patient, &t, &n) == -1)
		T_OK(0, "threads_of");
	arena_free(a);
	return n;
}

/* ---- The family's side ---- */

static int64_t	 wei_thread, teen_thread, wei_file;

static void
family_list(void)
{
	struct messages_list_in	 in;
	struct messages_list_out out;
	size_t			 n;

	/* No patient asked: the first the account may see. */
	n = rows();
	as(ACTOR_FAMILY, wei);
	memset(&in, 0, sizeof(in));
	T_INT(app_messages_list(&C, &in, &out), APP_OK, "list: the first patient");
	T_INT(out.patient, sofia, "list: Sofia is chosen");
	T_INT(out.nchoices, 1, "list: one patient to choose");
	T_INT(out.none, 0, "list: a patient to show");
	row_is(n, arena_printf(C.a, "family:%" PRId64, wei), "messages.list",
	    sofia, "(none)", "list");

	/* Another family's patient: refused, the row names the id. */
	n = rows();
	as(ACTOR_FAMILY, ana);
	in.patient = sofia;
	in.asked_patient = 1;
	in.asked = asked("p", sofia);
	T_INT(app_messages_list(&C, &in, &out), APP_REFUSED,
	    "list: another family's patient");
	row_is(n, arena_printf(C.a, "family:%" PRId64, ana), "messages.refused",
	    sofia, arena_printf(C.a, "patient: asked p=%" PRId64, sofia),
	    "list refused");

	/* A malformed id: refused, patient unknown. */
	n = rows();
	in.patient = 0;
	in.asked = "asked p=malformed (3 bytes)";
	T_INT(app_messages_list(&C, &in, &out), APP_REFUSED, "list: malformed p");
	row_is(n, arena_printf(C.a, "family:%" PRId64, ana), "messages.refused",
	    0, "patient: asked p=malformed (3 bytes)", "list malformed");

	/* Staff have no family list: nothing to show, no row. */
	n = rows();
	as(ACTOR_STAFF, nurse);
	memset(&in, 0, sizeof(in));
	T_INT(app_messages_list(&C, &in, &out), APP_OK, "list as staff");
	T_INT(out.none, 1, "list as staff: no patient");
	T_INT(rows(), n, "list as staff: no row");
}

static void
family_compose(void)
{
	struct messages_compose_in	 in;
	struct messages_compose_out	 out;
	size_t				 n = rows();

	as(ACTOR_FAMILY, wei);
	/* No patient asked: the account's only one (issue 15.1). */
	memset(&in, 0, sizeof(in));
	T_INT(app_messages_compose(&C, &in, &out), APP_OK, "compose: none asked");
	T_INT(out.pick, 0, "compose: one patient, nothing to pick");
	T_INT(out.patient, sofia, "compose: the only patient");
	T_STR(out.shown.given, "Sofia", "compose: names the patient");
	n = rows();
	in.patient = sofia;
	in.asked_patient = 1;
	in.asked = asked("p", sofia);
	T_INT(app_messages_compose(&C, &in, &out), APP_OK, "compose");
	T_INT(out.nclinics, 1, "compose: Sofia's one care team");
	if (out.nclinics == 1)
		T_STR(out.clinics[0].name, "General Pediatrics", "compose: clinic");
	row_is(n, arena_printf(C.a, "family:%" PRId64, wei), "messages.compose",
	    sofia, "(none)", "compose");

	n = rows();
	as(ACTOR_FAMILY, ana);
	in.asked = asked("p", sofia);
	T_INT(app_messages_compose(&C, &in, &out), APP_REFUSED,
	    "compose: another family's patient");
	row_is(n, arena_printf(C.a, "family:%" PRId64, ana), "messages.refused",
	    sofia, arena_printf(C.a, "compose: asked p=%" PRId64, sofia),
	    "compose refused");

	n = rows();
	in.patient = 424242;
	in.asked = asked("p", 424242);
	T_INT(app_messages_compose(&C, &in, &out), APP_REFUSED,
	    "compose: no such patient");
	row_is(n, arena_printf(C.a, "family:%" PRId64, ana), "messages.refused",
	    424242, "compose: asked p=424242", "compose unknown");
}

static void
family_send(void)
{
	struct messages_send_in	 in;
	struct messages_send_out out;
	struct msg_upload	 f[4];
	size_t			 n, i;

	for (i = 0; i < 4; i++) {
		f[i].name = "photo.png";
		f[i].data = png;
		f[i].len = sizeof(png);
	}

	/* The parent writes to Sofia's care team, with a picture. */
	n = rows();
	as(ACTOR_FAMILY, wei);
	memset(&in, 0, sizeof(in));
	in.patient = sofia;
	in.asked = asked("p", sofia);
	in.clinic = peds;
	in.topic = "medical_question";
	in.subject = "A rash";
	in.msg = body("She has a rash.", f, 1);
	T_INT(app_messages_send(&C, &in, &out), APP_OK, "send");
	T_OK(out.thread > 0, "send: a thread");
	wei_thread = out.thread;
	row_is(n, arena_printf(C.a, "family:%" PRId64, wei), "messages.sent",
	    sofia, arena_printf(C.a, "thread %" PRId64 ", 1 attachments",
	    wei_thread), "send");
	T_INT(threads_of(wei, sofia), 1, "send: the parent's thread");

	/* A clinic that does not care for Sofia: said, nothing stored. */
	n = rows();
	in.clinic = cardiology;
	T_INT(app_messages_send(&C, &in, &out), APP_INVALID, "send: other clinic");
	T_INT(out.bad_clinic, 1, "send: the clinic is wrong");
	T_OK(out.problem == NULL, "send: no file problem");
	T_INT(out.nclinics, 1, "send: the clinics to choose again");
	row_is(n, arena_printf(C.a, "family:%" PRId64, wei),
	    "messages.refused_input", sofia, "(none)", "send other clinic");
	T_INT(threads_of(wei, sofia), 1, "send other clinic: nothing stored");

	/* A file that is not what it says: refused by its content. */
	n = rows();
	in.clinic = peds;
	f[3].name = "scan.pdf";
	f[3].data = text;
	f[3].len = sizeof(text) - 1;
	in.msg = body("Here is the scan.", &f[3], 1);
	T_INT(app_messages_send(&C, &in, &out), APP_INVALID, "send: bad file");
	T_OK(out.problem != NULL && strstr(out.problem, "scan.pdf") != NULL,
	    "send: the problem names the file");
	T_INT(out.bad_clinic, 0, "send bad file: the clinic is right");
	row_is(n, arena_printf(C.a, "family:%" PRId64, wei),
	    "messages.refused_input", sofia, out.problem ? out.problem : "",
	    "send bad file");
	T_INT(threads_of(wei, sofia), 1, "send bad file: nothing stored");

	/* Four files: one too many. */
	n = rows();
	f[3] = f[0];
	in.msg = body("Pictures.", f, 4);
	T_INT(app_messages_send(&C, &in, &out), APP_INVALID, "send: 4 files");
	T_OK(out.problem != NULL && strstr(out.problem, "at most 3") != NULL,
	    "send 4 files: said");
	T_INT(rows(), n + 1, "send 4 files: its row");

	/* The page's own checks failed (a field): the row, nothing stored. */
	n = rows();
	in.msg = body("Hello.", NULL, 0);
	in.msg.invalid = 1;
	T_INT(app_messages_send(&C, &in, &out), APP_INVALID, "send: invalid");
	row_is(n, arena_printf(C.a, "family:%" PRId64, wei),
	    "messages.refused_input", sofia, "(none)", "send invalid");
	T_INT(threads_of(wei, sofia), 1, "send invalid: nothing stored");

	/* Another family's patient: refused. */
	n = rows();
	as(ACTOR_FAMILY, ana);
	in.asked = asked("p", sofia);
	in.msg = body("Hello.", NULL, 0);
	T_INT(app_messages_send(&C, &in, &out), APP_REFUSED,
	    "send: another family's patient");
	row_is(n, arena_printf(C.a, "family:%" PRId64, ana), "messages.refused",
	    sofia, arena_printf(C.a, "compose: asked p=%" PRId64, sofia),
	    "send refused");
	T_INT(threads_of(ana, sofia), 0, "send refused: nothing stored");

	/* Sofia writes her own. */
	n = rows();
	as(ACTOR_FAMILY, teen);
	in.asked = asked("p", sofia);
	in.subject = "Private";
	in.msg = body("Only for the care team.", NULL, 0);
	T_INT(app_messages_send(&C, &in, &out), APP_OK, "send: the teen");
	teen_thread = out.thread;
	row_is(n, arena_printf(C.a, "family:%" PRId64, teen), "messages.sent",
	    sofia, arena_printf(C.a, "thread %" PRId64 ", 0 attachments",
	    teen_thread), "send teen");
}

static void
family_open(void)
{
	struct msg_thread_in	 in;
	struct msg_thread_view	 v;
	size_t			 n = rows();

	as(ACTOR_FAMILY, wei);
	in.thread = wei_thread;
	in.asked = asked("id", wei_thread);
	T_INT(app_messages_open(&C, &in, &v), APP_OK, "open: own thread");
	T_STR(v.t.subject, "A rash", "open: its subject");
	T_INT(v.nm, 1, "open: one message");
	T_INT(v.nat, 1, "open: one attachment");
	if (v.nm == 1)
		T_STR(v.m[0].html, "<p>She has a rash.</p>", "open: the message");
	if (v.nat == 1)
		wei_file = v.at[0].id;
	row_is(n, arena_printf(C.a, "family:%" PRId64, wei), "messages.read",
	    sofia, arena_printf(C.a, "thread %" PRId64, wei_thread), "open");

	/* The parent of a 15-year-old never opens her own thread. */
	n = rows();
	in.thread = teen_thread;
	in.asked = asked("id", teen_thread);
	T_INT(app_messages_open(&C, &in, &v), APP_REFUSED,
	    "open: the teen's thread, by the parent");
	row_is(n, arena_printf(C.a, "family:%" PRId64, wei), "messages.refused",
	    0, arena_printf(C.a, "thread: asked id=%" PRId64, teen_thread),
	    "open teen's");

	/* Nor the teen the parent's. */
	n = rows();
	as(ACTOR_FAMILY, teen);
	in.thread = wei_thread;
	in.asked = asked("id", wei_thread);
	T_INT(app_messages_open(&C, &in, &v), APP_REFUSED,
	    "open: the parent's thread, by the teen");
	T_INT(rows(), n + 1, "open parent's: its row");
	in.thread = teen_thread;
	in.asked = asked("id", teen_thread);
	T_INT(app_messages_open(&C, &in, &v), APP_OK, "open: the teen's own");

	/* Another family; an unknown id; a malformed one. */
	n = rows();
	as(ACTOR_FAMILY, ana);
	in.thread = wei_thread;
	in.asked = asked("id", wei_thread);
	T_INT(app_messages_open(&C, &in, &v), APP_REFUSED,
	    "open: another family's thread");
	row_is(n, arena_printf(C.a, "family:%" PRId64, ana), "messages.refused",
	    0, arena_printf(C.a, "thread: asked id=%" PRId64, wei_thread),
	    "open other family's");
	n = rows();
	in.thread = 999999;
	in.asked = "asked id=999999";
	T_INT(app_messages_open(&C, &in, &v), APP_REFUSED, "open: unknown id");
	row_is(n, arena_printf(C.a, "family:%" PRId64, ana), "messages.refused",
	    0, "thread: asked id=999999", "open unknown");
	n = rows();
	in.thread = 0;
	in.asked = "asked id=malformed (4 bytes)";
	T_INT(app_messages_open(&C, &in, &v), APP_REFUSED, "open: malformed id");
	row_is(n, arena_printf(C.a, "family:%" PRId64, ana), "messages.refused",
	    0, "thread: asked id=malformed (4 bytes)", "open malformed");

	/* A staff member is not a family account here. */
	n = rows();
	as(ACTOR_STAFF, nurse);
	in.thread = wei_thread;
	in.asked = asked("id", wei_thread);
	T_INT(app_messages_open(&C, &in, &v), APP_REFUSED,
	    "open: the family side, by staff");
	T_INT(rows(), n + 1, "open by staff: its row");
}

static void
family_reply(void)
{
	struct msg_reply_in	 in;
	struct msg_reply_out	 out;
	size_t			 n = rows();

	as(ACTOR_FAMILY, wei);
	memset(&in, 0, sizeof(in));
	in.thread = wei_thread;
	in.asked = asked("id", wei_thread);
	in.msg = body("It is spreading.", NULL, 0);
	T_INT(app_messages_reply(&C, &in, &out), APP_OK, "reply");
	row_is(n, arena_printf(C.a, "family:%" PRId64, wei), "messages.sent",
	    sofia, arena_printf(C.a, "thread %" PRId64 ", 0 attachments",
	    wei_thread), "reply");

	n = rows();
	in.msg.invalid = 1;
	T_INT(app_messages_reply(&C, &in, &out), APP_INVALID, "reply: invalid");
	T_INT(out.view.nm, 2, "reply invalid: the thread to show again");
	row_is(n, arena_printf(C.a, "family:%" PRId64, wei),
	    "messages.refused_input", sofia, "(none)", "reply invalid");

	n = rows();
	in.msg.invalid = 0;
	in.thread = teen_thread;
	in.asked = asked("id", teen_thread);
	T_INT(app_messages_reply(&C, &in, &out), APP_REFUSED,
	    "reply: in the teen's thread, by the parent");
	row_is(n, arena_printf(C.a, "family:%" PRId64, wei), "messages.refused",
	    0, arena_printf(C.a, "reply: asked id=%" PRId64, teen_thread),
	    "reply refused");
}

static void
family_attachment(void)
{
	struct msg_attachment_in in;
	struct attachment	 at;
	size_t			 n = rows();

	as(ACTOR_FAMILY, wei);
	in.attachment = wei_file;
	in.asked = asked("id", wei_file);
	T_INT(app_messages_attachment(&C, &in, &at), APP_OK, "attachment");
	T_INT(at.size, sizeof(png), "attachment: its data");
	T_STR(at.mime, "image/png", "attachment: its type, by content");
	row_is(n, arena_printf(C.a, "family:%" PRId64, wei),
	    "messages.attachment", sofia, arena_printf(C.a, "attachment %"
	    PRId64, wei_file), "attachment");

	n = rows();
	as(ACTOR_FAMILY, teen);
	in.asked = asked("id", wei_file);
	T_INT(app_messages_attachment(&C, &in, &at), APP_REFUSED,
	    "attachment: of the parent's thread, by the teen");
	T_OK(at.data == NULL, "attachment refused: no data");
	row_is(n, arena_printf(C.a, "family:%" PRId64, teen), "messages.refused",
	    0, arena_printf(C.a, "attachment: asked id=%" PRId64, wei_file),
	    "attachment refused");

	n = rows();
	as(ACTOR_FAMILY, ana);
	in.attachment = 777777;
	in.asked = "asked id=777777";
	T_INT(app_messages_attachment(&C, &in, &at), APP_REFUSED,
	    "attachment: unknown");
	row_is(n, arena_printf(C.a, "family:%" PRId64, ana), "messages.refused",
	    0, "attachment: asked id=777777", "attachment unknown");
}

/* ---- The care team's side ---- */


/* The inbox is the clinic role's (issue 11.8): a verifier who is on no
 * care team, and a care-team member whose clinic role was taken away,
 * are refused every inbox operation, each refusal audited; given the
 * role back, the member reads again. */
static void
inbox_roles(int64_t thread, int64_t file)
{
	struct inbox_list_in	 li = { NULL };
	struct inbox_list_out	 l;
	struct msg_thread_in	 in;
	struct msg_thread_view	 v;
	struct msg_reply_in	 r;
	struct msg_reply_out	 ro;
	struct msg_attachment_in ai;
	struct attachment	 at;
	struct message		*m;
	int64_t			 who[2];
	size_t			 i, n, nm0, nm1;

	if (store_thread_messages(P->db, C.a, thread, &m, &nm0) == -1)
		exit(1);
	ctl("staff add --username vera --name 'Vera Verifier' --role verifier "
	    "< %s/pw", t_dir);
	who[0] = staff_id(C.a, "vera");
	who[1] = nurse;
	if (store_staff_role_remove(P->db, nurse, "clinic") == -1)
		exit(1);
	for (i = 0; i < 2; i++) {
		as(ACTOR_STAFF, who[i]);
		T_INT(app_inbox_may(&C), 0, "no clinic role");
		n = rows();
		T_INT(app_inbox_list(&C, &li, &l), APP_REFUSED, "list, no role");
		T_INT(l.nthreads, 0, "list, no role: nothing");
		row_is(n, arena_printf(C.a, "staff:%" PRId64, who[i]),
		    "inbox.refused", 0, "/inbox/: no clinic role", "list refused");
		n = rows();
		in.thread = thread;
		in.asked = asked("id", thread);
		T_INT(app_inbox_open(&C, &in, &v), APP_REFUSED, "open, no role");
		T_OK(v.t.subject == NULL && v.nm == 0, "open, no role: nothing");
		row_is(n, arena_printf(C.a, "staff:%" PRId64, who[i]),
		    "inbox.refused", 0, "/inbox/thread: no clinic role",
		    "open refused");
		memset(&r, 0, sizeof(r));
		r.thread = thread;
		r.asked = in.asked;
		r.msg = body("Not mine to answer.", NULL, 0);
		T_INT(app_inbox_answer(&C, &r, &ro), APP_REFUSED, "answer, no role");
		T_STR(last.action, "inbox.refused", "answer refused");
		ai.attachment = file;
		ai.asked = asked("id", file);
		T_INT(app_inbox_attachment(&C, &ai, &at), APP_REFUSED,
		    "attachment, no role");
		T_OK(at.data == NULL, "attachment, no role: nothing");
		T_INT(rows(), n + 3, "three more refusals, audited");
	}
	T_INT(store_thread_messages(P->db, C.a, thread, &m, &nm1), 0, "after");
	T_INT(nm1, nm0, "no answer stored without the role");
	ctl("clinic staff --clinic 'General Pediatrics' --username nurse");
	as(ACTOR_STAFF, nurse);
	T_INT(app_inbox_may(&C), 1, "the role again");
	T_INT(app_inbox_open(&C, &in, &v), APP_OK, "the role again: open");
}

static void
inbox(void)
{
	struct inbox_list_out	 l;
	struct msg_thread_in	 in;
	struct msg_thread_view	 v;
	struct msg_reply_in	 r;
	struct msg_reply_out	 ro;
	struct msg_attachment_in ai;
	struct attachment	 at;
	struct inbox_list_in	 li = { NULL };
	struct thread		 t;
	size_t			 n = rows();

	/* The list: the clinic's two threads; none for another clinic. */
	as(ACTOR_STAFF, nurse);
	T_INT(app_inbox_list(&C, &li, &l), APP_OK, "inbox");
	T_INT(l.more, 0, "inbox: one page");
	T_INT(l.nthreads, 2, "inbox: both threads about Sofia");
	/* One row per patient shown (issue 7.6 review), naming Sofia. */
	row_is(n, arena_printf(C.a, "staff:%" PRId64, nurse), "inbox.list",
	    sofia, "2 threads", "inbox");
	n = rows();
	as(ACTOR_STAFF, cardio);
	T_INT(app_inbox_list(&C, &li, &l), APP_OK, "inbox: cardiology");
	T_INT(l.nthreads, 0, "inbox: nothing for cardiology");
	T_INT(rows(), n, "inbox cardiology: no patient shown, no row");
	as(ACTOR_FAMILY, wei);
	T_INT(app_inbox_list(&C, &li, &l), APP_REFUSED, "inbox: a family account");

	/* Open: the care team reads the teen's own thread. */
	n = rows();
	as(ACTOR_STAFF, nurse);
	in.thread = teen_thread;
	in.asked = asked("id", teen_thread);
	T_INT(app_inbox_open(&C, &in, &v), APP_OK, "inbox open");
	T_STR(v.t.subject, "Private", "inbox open: subject");
	row_is(n, arena_printf(C.a, "staff:%" PRId64, nurse), "inbox.read",
	    sofia, arena_printf(C.a, "thread %" PRId64, teen_thread),
	    "inbox open");
	T_INT(store_thread_get(P->db, C.a, teen_thread, &t), 1, "thread");
	T_INT(t.unread_staff, 0, "inbox open: marked read");

	/* Staff not on the clinic's care team: refused. */
	n = rows();
	as(ACTOR_STAFF, cardio);
	in.asked = asked("id", teen_thread);
	T_INT(app_inbox_open(&C, &in, &v), APP_REFUSED,
	    "inbox open: not on the care team");
	row_is(n, arena_printf(C.a, "staff:%" PRId64, cardio), "inbox.refused",
	    0, arena_printf(C.a, "/inbox/thread: asked id=%" PRId64,
	    teen_thread), "inbox open refused");
	n = rows();
	in.thread = 999999;
	in.asked = "asked id=999999";
	T_INT(app_inbox_open(&C, &in, &v), APP_REFUSED, "inbox open: unknown");
	row_is(n, arena_printf(C.a, "staff:%" PRId64, cardio), "inbox.refused",
	    0, "/inbox/thread: asked id=999999", "inbox open unknown");
	n = rows();
	as(ACTOR_FAMILY, wei);
	in.thread = wei_thread;
	in.asked = asked("id", wei_thread);
	T_INT(app_inbox_open(&C, &in, &v), APP_REFUSED,
	    "inbox open: a family account");
	T_INT(rows(), n + 1, "inbox open by family: its row");

	/* Answer: answered, the family e-mailed; the parent sees it unread. */
	n = rows();
	as(ACTOR_STAFF, nurse);
	memset(&r, 0, sizeof(r));
	r.thread = wei_thread;
	r.asked = asked("id", wei_thread);
	r.msg = body("Please come in today.", NULL, 0);
	T_INT(app_inbox_answer(&C, &r, &ro), APP_OK, "answer");
	row_is(n, arena_printf(C.a, "staff:%" PRId64, nurse), "inbox.answered",
	    sofia, arena_printf(C.a, "thread %" PRId64, wei_thread), "answer");
	T_INT(store_thread_get(P->db, C.a, wei_thread, &t), 1, "thread");
	T_STR(t.status, "answered", "answer: the thread is answered");
	T_INT(t.unread_family, 1, "answer: unread by the family");

	/* The family opens it: read. */
	as(ACTOR_FAMILY, wei);
	in.thread = wei_thread;
	in.asked = asked("id", wei_thread);
	T_INT(app_messages_open(&C, &in, &v), APP_OK, "open the answer");
	T_INT(v.nm, 3, "open the answer: three messages");
	T_INT(store_thread_get(P->db, C.a, wei_thread, &t), 1, "thread");
	T_INT(t.unread_family, 0, "open the answer: marked read");

	/* An invalid answer: the thread shown again is a view (its row
	 * inbox.refused_input, issue 7.6 review), nothing stored. */
	n = rows();
	as(ACTOR_STAFF, nurse);
	r.msg.invalid = 1;
	T_INT(app_inbox_answer(&C, &r, &ro), APP_INVALID, "answer: invalid");
	T_INT(ro.view.nm, 3, "answer invalid: the thread to show again");
	T_INT(rows(), n + 1, "answer invalid: its row");
	T_STR(last.action, "inbox.refused_input", "answer invalid: action");
	T_INT(last.patient, sofia, "answer invalid: patient");
	n = rows();
	r.msg = body("x", &bad, 1);
	T_INT(app_inbox_answer(&C, &r, &ro), APP_INVALID, "answer: bad file");
	T_OK(ro.problem != NULL, "answer bad file: said");
	T_INT(rows(), n + 1, "answer bad file: its row");
	T_STR(last.action, "inbox.refused_input", "answer bad file: action");

	/* Not on the care team. */
	n = rows();
	as(ACTOR_STAFF, cardio);
	r.msg = body("Hello.", NULL, 0);
	r.asked = asked("id", wei_thread);
	T_INT(app_inbox_answer(&C, &r, &ro), APP_REFUSED,
	    "answer: not on the care team");
	row_is(n, arena_printf(C.a, "staff:%" PRId64, cardio), "inbox.refused",
	    0, arena_printf(C.a, "/inbox/reply: asked id=%" PRId64, wei_thread),
	    "answer refused");

	/* Attachments. */
	n = rows();
	as(ACTOR_STAFF, nurse);
	ai.attachment = wei_file;
	ai.asked = asked("id", wei_file);
	T_INT(app_inbox_attachment(&C, &ai, &at), APP_OK, "inbox attachment");
	T_INT(at.size, sizeof(png), "inbox attachment: its data");
	row_is(n, arena_printf(C.a, "staff:%" PRId64, nurse), "inbox.attachment",
	    sofia, arena_printf(C.a, "attachment %" PRId64, wei_file),
	    "inbox attachment");
	n = rows();
	as(ACTOR_STAFF, cardio);
	ai.asked = asked("id", wei_file);
	T_INT(app_inbox_attachment(&C, &ai, &at), APP_REFUSED,
	    "inbox attachment: not on the care team");
	row_is(n, arena_printf(C.a, "staff:%" PRId64, cardio), "inbox.refused",
	    0, arena_printf(C.a, "/inbox/file: asked id=%" PRId64, wei_file),
	    "inbox attachment refused");
	inbox_roles(wei_thread, wei_file);
}

/* How many messages thread has. */
static size_t
messages_in(int64_t thread)
{
	struct arena	*a = arena_new();
	struct message	*m;
	size_t		 n = 0;

	if (store_thread_messages(P->db, a, thread, &m, &n) == -1)
		T_OK(0, "thread messages");
	arena_free(a);
	return n;
}

/*
 * Issue 9.4: a send is stored once per form key and author. The second
 * POST of a form (a retry after a lost answer or a killed worker: each
 * call here is as new as a new worker's) stores nothing, leaves no audit
 * row and names the thread that has the message; a form without a key is
 * refused; a key is the author's own (the same string from another
 * author, or from the care team, is another message); a database that
 * cannot answer is APP_BUSY, and the same form sent again afterwards is
 * stored once.
 */
static void
send_keys(void)
{
	static const char k1[] = "0123456789abcdef0123456789abcdef";
	static const char k2[] = "fedcba9876543210fedcba9876543210";
	static const char k3[] = "00000000000000000000000000000b5e";
	struct messages_send_in	 in;
	struct messages_send_out out;
	struct msg_reply_in	 r;
	struct msg_reply_out	 ro;
	struct db		*other;
	int64_t			 t;
	size_t			 n, nm, nt;
	char			 path[600], err[256];

	/* A new thread, twice with one key. */
	as(ACTOR_FAMILY, wei);
	memset(&in, 0, sizeof(in));
	in.patient = sofia;
	in.asked = asked("p", sofia);
	in.clinic = peds;
	in.topic = "prescription";
	in.subject = "Refill";
	in.msg = body("Line one.\nLine two.", NULL, 0);
	in.msg.key = k1;
	T_INT(app_messages_send(&C, &in, &out), APP_OK, "key: send");
	T_INT(out.already, 0, "key: send stored");
	t = out.thread;
	nt = threads_of(wei, sofia);
	n = rows();
	as(ACTOR_FAMILY, wei);
	in.asked = asked("p", sofia);
	in.msg = body("Line one.\nLine two.", NULL, 0);
	in.msg.key = k1;
	T_INT(app_messages_send(&C, &in, &out), APP_OK, "key: send again");
	T_INT(out.already, 1, "key: send again is the one sent");
	T_INT(out.thread, t, "key: send again names its thread");
	T_INT(threads_of(wei, sofia), nt, "key: send again stores no thread");
	T_INT(rows(), n, "key: send again writes no audit row");

	/* A reply, twice with one key. */
	as(ACTOR_FAMILY, wei);
	memset(&r, 0, sizeof(r));
	r.thread = t;
	r.asked = asked("id", t);
	r.msg = body("And a third.", NULL, 0);
	r.msg.key = k2;
	T_INT(app_messages_reply(&C, &r, &ro), APP_OK, "key: reply");
	T_INT(ro.already, 0, "key: reply stored");
	nm = messages_in(t);
	T_INT(nm, 2, "key: the thread has two messages");
	T_INT(app_messages_reply(&C, &r, &ro), APP_OK, "key: reply again");
	T_INT(ro.already, t, "key: reply again names its thread");
	T_INT(messages_in(t), nm, "key: reply again stores nothing");

	/* No key: refused as input, nothing stored. */
	r.msg.key = NULL;
	T_INT(app_messages_reply(&C, &r, &ro), APP_INVALID, "key: none");
	T_INT(messages_in(t), nm, "key: none stores nothing");

	/* The same key from the care team: its own message. */
	as(ACTOR_STAFF, nurse);
	r.asked = asked("id", t);
	r.msg = body("We will call you.", NULL, 0);
	r.msg.key = k2;
	T_INT(app_inbox_answer(&C, &r, &ro), APP_OK, "key: answer");
	T_INT(ro.already, 0, "key: the family's key is not the care team's");
	T_INT(app_inbox_answer(&C, &r, &ro), APP_OK, "key: answer again");
	T_INT(ro.already, t, "key: answer again names its thread");
	T_INT(messages_in(t), nm + 1, "key: one answer stored");
	nm++;

	/* Another connection holds the write lock: APP_BUSY, nothing
	 * stored; then the same form goes through, once. */
	snprintf(path, sizeof(path), "%s", t_database);
	if ((other = db_open(path, 0, err, sizeof(err))) == NULL ||
	    db_begin(other) == -1) {
		T_OK(0, "key: a second connection takes the lock");
		return;
	}
	as(ACTOR_FAMILY, wei);
	r.asked = asked("id", t);
	r.msg = body("Sent while the portal was busy.", NULL, 0);
	r.msg.key = k3;
	T_INT(app_messages_reply(&C, &r, &ro), APP_BUSY, "key: locked is busy");
	T_INT(db_unavailable(P->db), 1, "key: locked is unavailable, not a bug");
	db_rollback(other);
	db_close(other);
	T_INT(messages_in(t), nm, "key: locked stores nothing");
	db_failure_clear(P->db);
	T_INT(db_unavailable(P->db), 0, "key: the failure is forgotten");
	T_INT(app_messages_reply(&C, &r, &ro), APP_OK, "key: sent once free");
	T_INT(ro.already, 0, "key: stored after the lock");
	T_INT(app_messages_reply(&C, &r, &ro), APP_OK, "key: and again");
	T_INT(ro.already, t, "key: not twice");
	T_INT(messages_in(t), nm + 1, "key: one message after the lock");
}

/* ---- The inbox's pages and what pages cost (issue 9.5, 9.2) ---- */

static int64_t	 pager, neo;	/* a staff member of Neonatology (and
				 * later of General Pediatrics too) */
static int	 pager_peds;	/* pager is on General Pediatrics' team */

/* Threads about Leo in Neonatology from i0 to i1: every third one
 * answered (updated in a few distinct seconds, so ties), the others
 * waiting with due times that repeat (ties again), some overdue. */
static void
neo_threads(int i0, int i1)
{
	struct thread	 t;
	int64_t		 id;
	int		 i;

	memset(&t, 0, sizeof(t));
	t.patient_id = leo;
	t.clinic_id = neo;
	t.account_id = ana;
	t.topic = "question";
	t.subject = "Paging";
	if (db_begin(P->db) == -1)
		exit(1);
	for (i = i0; i < i1; i++) {
		if ((id = store_thread_create(P->db, &t, NOW - 86400)) == -1 ||
		    (i % 3 == 0 ? store_thread_answered(P->db, id,
		    NOW - 7 * 86400 + (i % 41) * 60) : store_thread_waiting(P->db,
		    id, NOW + ((i % 53) - 20) * 3600, NOW - 86400)) == -1)
			exit(1);
	}
	if (db_commit(P->db) == -1)
		exit(1);
}

/* The inbox's order, for qsort: waiting by due, then answered by update,
 * latest first; ties by id in the part's direction. */
static int
inbox_cmp(const void *pa, const void *pb)
{
	const struct thread	*a = pa, *b = pb;
	int			 wa = strcmp(a->status, "waiting") == 0;
	int			 wb = strcmp(b->status, "waiting") == 0;

	if (wa != wb)
		return wa ? -1 : 1;
	if (wa && a->due != b->due)
		return a->due < b->due ? -1 : 1;
	if (wa)
		return a->id < b->id ? -1 : a->id > b->id;
	if (a->updated != b->updated)
		return a->updated > b->updated ? -1 : 1;
	return a->id > b->id ? -1 : a->id < b->id;
}

/* Every thread of Neonatology, in the inbox's order (read apart from the
 * inbox's own statements). */
static size_t
neo_expected(struct arena *a, struct thread **out)
{
	struct thread	*all;
	size_t		 n = 0, i, k = 0;
	int64_t		 id;

	all = arena_alloc(a, 6000 * sizeof(*all));
	for (id = 1; n < 6000; id++) {
		struct thread	 t;
		int		 rc = store_thread_get(P->db, a, id, &t);

		if (rc == 0)
			break;
		if (rc == -1)
			exit(1);
		all[n++] = t;
	}
	for (i = 0; i < n; i++)
		if (all[i].clinic_id == neo ||
		    (pager_peds && all[i].clinic_id == peds))
			all[k++] = all[i];
	qsort(all, k, sizeof(*all), inbox_cmp);
	*out = all;
	return k;
}

/* Pages through the pager's inbox: each thread once, in the order, pages
 * full but the last, one inbox.list row per patient on the page. */
static void
inbox_paging(const char *what)
{
	struct inbox_list_in	 in;
	struct inbox_list_out	 out;
	struct inbox_pos	 pos;
	struct thread		*want;
	struct arena		*a = arena_new();
	size_t			 nwant, seen = 0, pages = 0, i, j, k, n;
	int			 ok = 1, full = 1;
	char			*cur;

	nwant = neo_expected(a, &want);
	as(ACTOR_STAFF, pager);
	in.after = NULL;
	for (;;) {
		n = rows();
		if (app_inbox_list(&C, &in, &out) != APP_OK) {
			T_OK(0, "%s: page %zu", what, pages);
			break;
		}
		pages++;
		for (i = 0, k = 0; i < out.nthreads; i++, seen++) {
			if (seen >= nwant || out.threads[i].id != want[seen].id)
				ok = 0;
			for (j = 0; j < i && out.threads[j].patient_id !=
			    out.threads[i].patient_id; j++)
				;
			k += j == i;	/* a patient first seen on the page */
		}
		if (rows() != n + k)
			ok = 0;
		if (!out.more)
			break;
		if (out.nthreads != INBOX_PAGE)
			full = 0;
		/* The cursor goes through its text, as the link does. */
		cur = inbox_pos_text(a, &out.next);
		if (inbox_pos_parse(cur, &pos) == -1) {
			T_OK(0, "%s: cursor %s reads back", what, cur);
			break;
		}
		in.after = &pos;
	}
	T_OK(ok, "%s: every thread once, in the inbox's order, one row a page",
	    what);
	T_INT(seen, nwant, what);
	T_OK(full, "%s: every page but the last is full", what);
	T_INT(pages, (nwant + INBOX_PAGE - 1) / INBOX_PAGE, what);
	arena_free(a);
}

/* Statements and VM steps of one call of fn. */
struct cost {
	int64_t	 stmts, steps;
};

static struct cost
page_cost(enum app_rc (*fn)(void *), void *arg, const char *what)
{
	struct cost	 k;

	k.stmts = db_runs(P->db);
	k.steps = db_steps(P->db);
	T_INT(fn(arg), APP_OK, what);
	k.stmts = db_runs(P->db) - k.stmts;
	k.steps = db_steps(P->db) - k.steps;
	return k;
}

static const struct inbox_pos	*list_after;

static enum app_rc
list_page(void *arg)
{
	struct inbox_list_in	 in = { list_after };
	struct inbox_list_out	 out;

	(void)arg;
	return app_inbox_list(&C, &in, &out);
}

static enum app_rc
staff_open(void *arg)
{
	struct msg_thread_view	 v;

	return app_inbox_open(&C, arg, &v);
}

static enum app_rc
family_open_(void *arg)
{
	struct msg_thread_view	 v;

	return app_messages_open(&C, arg, &v);
}

/* The first page, a waiting page and an answered page at this size. */
static void
list_costs(struct cost k[3], const char *size)
{
	static const struct inbox_pos w = { 0, NOW + 1800, 1 };
	static const struct inbox_pos an = { 1, NOW, 1 << 30 };
	int	 i;

	as(ACTOR_STAFF, pager);
	for (i = 0; i < 3; i++) {
		list_after = i == 0 ? NULL : i == 1 ? &w : &an;
		k[i] = page_cost(list_page, NULL, size);
		printf("inbox page %d at %s: %lld statements, %lld steps\n", i,
		    size, (long long)k[i].stmts, (long long)k[i].steps);
	}
}

static void
inbox_pages(void)
{
	static const char *const forged[] = {
		"", "w", "a", "x1.2", "w1", "w1.", "w.1", "w1.0", "w-1.2",
		"w+1.2", "w1.2x", "w 1.2", "w1.2 ", "w1234567890123456789.1",
		"w1.1234567890123456789", "W1.2", "w0x10.2", "w1..2",
	};
	struct inbox_pos	 pos;
	struct msg_thread_in	 in;
	struct cost		 small[3], big[3], k, k2, k3;
	char			 w[64];
	size_t			 i;

	ctl("clinic add --clinic Neonatology");
	ctl("staff add --username pager --name 'Pat Pager' < %s/pw", t_dir);
	ctl("clinic staff --clinic Neonatology --username pager");
	neo = store_clinic_id(P->db, "Neonatology");
	pager = staff_id(C.a, "pager");

	/* Cursors: what inbox_pos_text writes reads back; nothing else. */
	pos.answered = 1;
	pos.key = NOW;
	pos.id = 77;
	T_STR(inbox_pos_text(C.a, &pos), "a1772636400.77", "cursor text");
	T_INT(inbox_pos_parse("a1772636400.77", &pos), 0, "cursor parse");
	T_OK(pos.answered && pos.key == NOW && pos.id == 77, "cursor parsed");
	T_INT(inbox_pos_parse("w0.1", &pos), 0, "cursor w0.1");
	for (i = 0; i < sizeof(forged) / sizeof(forged[0]); i++) {
		snprintf(w, sizeof(w), "cursor refused: '%s'", forged[i]);
		T_INT(inbox_pos_parse(forged[i], &pos), -1, w);
	}
	T_INT(inbox_pos_parse(NULL, &pos), -1, "cursor refused: none");

	/* Paging over 300 threads, then over 5,000: every thread once in
	 * order; a page's statements and steps do not grow with them. */
	neo_threads(0, 300);
	inbox_paging("300 threads");
	list_costs(small, "300 threads");
	neo_threads(300, 5000);
	inbox_paging("5,000 threads");
	list_costs(big, "5,000 threads");
	for (i = 0; i < 3; i++) {
		T_INT(big[i].stmts, small[i].stmts,
		    "an inbox page's statements, 300 and 5,000 threads");
		T_INT(big[i].steps, small[i].steps,
		    "an inbox page's steps, 300 and 5,000 threads");
		/* The page's threads (2 statements at most: waiting, then
		 * answered) and its one audit row (2: the chain's last row,
		 * the insert; begin and commit are not counted). */
		T_OK(small[i].stmts <= 4, "inbox page: %lld statements",
		    (long long)small[i].stmts);
	}

	/* A thread page read before: the clinic role (1, issue 11.8), its
	 * thread (with the care-team fact or the family's access),
	 * messages, attachments, the audit row (2); no write but the audit
	 * row's. Unread: one write more. */
	in.thread = wei_thread;
	in.asked = "asked id=1";
	as(ACTOR_STAFF, nurse);
	T_INT(staff_open(&in), APP_OK, "staff thread: first open marks it read");
	k = page_cost(staff_open, &in, "staff thread");
	printf("staff thread page: %lld statements, %lld steps\n",
	    (long long)k.stmts, (long long)k.steps);
	T_OK(k.stmts <= 6, "staff thread page: %lld statements",
	    (long long)k.stmts);
	as(ACTOR_FAMILY, wei);
	T_INT(family_open_(&in), APP_OK, "family thread: first open marks it read");
	k2 = page_cost(family_open_, &in, "family thread");
	printf("family thread page: %lld statements, %lld steps\n",
	    (long long)k2.stmts, (long long)k2.steps);
	T_OK(k2.stmts <= 6, "family thread page: %lld statements",
	    (long long)k2.stmts);
	if (store_thread_answered(P->db, wei_thread, NOW) == -1)
		exit(1);
	k3 = page_cost(family_open_, &in, "family thread, unread");
	printf("family thread page, unread: %lld statements, %lld steps\n",
	    (long long)k3.stmts, (long long)k3.steps);
	T_INT(k3.stmts, k2.stmts + 1, "unread: the mark is one statement more");

	/* A staff member of two clinics: one order over both, merged. */
	ctl("clinic staff --clinic 'General Pediatrics' --username pager");
	pager_peds = 1;
	inbox_paging("two clinics");
}

int
main(void)
{
	struct audit_report	 rep;

	P = t_portal();
	hospital();
	family_list();
	family_compose();
	family_send();
	family_open();
	family_reply();
	family_attachment();
	inbox();
	send_keys();
	inbox_pages();
	T_INT(audit_verify(P->db, NULL, 0, &rep), 0, "the chain verifies");
	if (C.a != NULL)
		arena_free(C.a);
	portal_close(P);
	t_portal_remove();
	return t_done("app_messages");
}
