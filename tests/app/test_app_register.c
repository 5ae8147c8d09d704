/*
 * A clinician's application and the provisioning queue (lib/app/register.c,
 * lib/app/provision.c) without a web server (issue 11.1-2): an application
 * with an upload and a fax, the same address and the same NPI again, bad
 * documents, the queue, "received by fax", approval (directory entry,
 * practice listed, set-password link), rejection with a reason, a second
 * decision, a verifier refused, and the audit rows each leaves.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <time.h>

#include "app_test.h"
#include "audit.h"
#include "conf.h"
#include "db.h"
#include "provision.h"
#include "register.h"
#include "store_apply.h"
#include "store_audit.h"
#include "store_outbox.h"

static struct portal	*P;
static struct arena	*G;
static time_t		 NOW;
static int64_t		 prov, verifier;	/* staff members */

static const unsigned char PDF[] =
    "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";
static const unsigned char HTML[] = "<html><body>not a pdf</body></html>\n";

static int64_t
staff(const char *user, const char *role)
{
	char	 cmd[256], line[128] = "";
	int64_t	 id = 0;
	FILE	*f;

	snprintf(cmd, sizeof(cmd), "echo 'Staff7Secret' | bin/portalctl staff "
	    "add --username %s --name %s --role %s", user, user, role);
	if ((f = popen(cmd, "r")) != NULL) {
		if (fgets(line, sizeof(line), f) != NULL)
			sscanf(line, "staff %" SCNd64, &id);
		pclose(f);
	}
	return id;
}

/* How many audit rows have action (and, if given, detail starting so). */
struct count {
	const char	*action, *detail;
	int		 n;
	const char	*actor;
};

static int
count_row(const struct audit_row *r, void *arg)
{
	struct count	*c = arg;

	if (strcmp(r->action, c->action) == 0 && (c->detail == NULL ||
	    (r->detail != NULL && strncmp(r->detail, c->detail,
	    strlen(c->detail)) == 0))) {
		c->n++;
		c->actor = r->actor;
	}
	return 0;
}

static struct count
audit_count(struct arena *a, const char *action, const char *detail)
{
	struct count	 c;

	memset(&c, 0, sizeof(c));
	c.action = action;
	c.detail = detail;
	store_audit_each(P->db, a, count_row, &c);
	return c;
}

/* The newest mail to addr in the outbox (all marked sent); NULL if none. */
static struct outmail *
mail_to(struct arena *a, const char *to)
{
	struct outmail	 m, *last = NULL;

	while (store_outbox_claim(P->db, a, NOW, &m) == 1) {
		store_outbox_sent(P->db, m.id, NOW);
		if (strcmp(m.to, to) == 0) {
			last = arena_alloc(a, sizeof(*last));
			*last = m;
		}
	}
	return last;
}

static void
application(struct register_in *in, const char *email, const char *npi)
{
	memset(in, 0, sizeof(*in));
	in->credential = "MD";
	in->given = "Rosa";
	in->family = "Lindqvist";
	in->npi = npi;
	in->specialty = "Pediatrics";
	in->practice_name = "Riverside Kids Clinic";
	in->practice_address = "9 River Rd";
	in->practice_phone = "(617) 555-0123";
	in->email = email;
	in->phone = "(617) 555-0199";
	in->docs[APPLY_DOC_AGREEMENT].name = "agreement.pdf";
	in->docs[APPLY_DOC_AGREEMENT].data = PDF;
	in->docs[APPLY_DOC_AGREEMENT].len = sizeof(PDF) - 1;
	in->docs[APPLY_DOC_IDENTITY].fax = 1;
}

static int64_t
account_of(struct arena *a, const char *email)
{
	struct provider_account	 acct;

	return store_provider_by_email(P->db, a, email, &acct) == 1 ? acct.id : 0;
}

static int64_t	 app1;		/* rosa@: an upload and a fax */

static void
test_register(void)
{
	struct call		 c = t_call(P, ACTOR_NOBODY, 0, NOW);
	struct register_in	 in;
	struct register_out	 out;
	struct outmail		*m;

	application(&in, "rosa@example.org", "1234567893");
	T_INT(app_register(&c, &in, &out), APP_OK, "register");
	T_INT(out.duplicate, 0, "a new application");
	app1 = account_of(c.a, "rosa@example.org");
	T_OK(app1 > 0, "the application is an account");
	m = mail_to(c.a, "rosa@example.org");
	T_OK(m != NULL && strstr(m->body, "(617) 730-0000") != NULL &&
	    strstr(m->body, "driver's licence or passport") != NULL,
	    "the e-mail asks for the fax");
	T_INT(audit_count(c.a, "provider.apply", "application").n, 1,
	    "provider.apply");

	/* The same address, then the same NPI: the same answer, no account. */
	application(&in, "rosa@example.org", "1245319599");
	T_INT(app_register(&c, &in, &out), APP_OK, "same address");
	T_INT(out.duplicate, 1, "same address: a duplicate");
	T_INT(account_of(c.a, "rosa@example.org"), app1, "one account");
	m = mail_to(c.a, "rosa@example.org");
	T_OK(m != NULL && strstr(m->body, "already exists") != NULL,
	    "the address on file is told");
	application(&in, "other@example.org", "1234567893");
	T_INT(app_register(&c, &in, &out), APP_OK, "same NPI");
	T_INT(out.duplicate, 1, "same NPI: a duplicate");
	T_INT(account_of(c.a, "other@example.org"), 0, "no second account");
	T_OK(mail_to(c.a, "other@example.org") == NULL, "nothing to the new address");
	T_OK(mail_to(c.a, "rosa@example.org") == NULL,
	    "the address on file is told once a day");
	T_INT(audit_count(c.a, "provider.apply", "again").n, 2, "both audited");

	/* Bad documents: nothing stored. */
	application(&in, "bad@example.org", "1003000126");
	in.docs[APPLY_DOC_AGREEMENT].data = HTML;
	in.docs[APPLY_DOC_AGREEMENT].len = sizeof(HTML) - 1;
	in.docs[APPLY_DOC_IDENTITY].fax = 0;
	in.sponsor = 1;
	T_INT(app_register(&c, &in, &out), APP_INVALID, "bad documents");
	T_OK(out.doc_error[APPLY_DOC_AGREEMENT] != NULL &&
	    strstr(out.doc_error[APPLY_DOC_AGREEMENT], "not a PDF") != NULL,
	    "HTML named .pdf");
	T_OK(out.doc_error[APPLY_DOC_IDENTITY] != NULL, "no identity document");
	T_OK(out.doc_error[APPLY_DOC_SPONSORSHIP] != NULL,
	    "sponsorship asked: its agreement is needed");
	in.docs[APPLY_DOC_AGREEMENT].data = PDF;
	in.docs[APPLY_DOC_AGREEMENT].len = (size_t)P->conf->provider_document_max + 1;
	T_INT(app_register(&c, &in, &out), APP_INVALID, "too large");
	T_OK(strstr(out.doc_error[APPLY_DOC_AGREEMENT], "larger than") != NULL,
	    "too large: said so");
	T_INT(account_of(c.a, "bad@example.org"), 0, "nothing stored");
	arena_free(c.a);
}

static void
test_queue_and_approve(void)
{
	struct call			 c = t_call(P, ACTOR_STAFF, prov, NOW + 60);
	struct provision_queue_out	 q;
	struct provision_decide_in	 d;
	struct provision_doc_out	 doc;
	struct provision_no		 no;
	struct provider_account		 acct;
	struct outmail			*m;
	int64_t				 fax = 0, up = 0;
	size_t				 i;

	T_INT(app_provision_queue(&c, &q, &no), APP_OK, "queue");
	T_INT((long)q.n, 1, "one application waits");
	T_INT(q.items[0].acct.id, app1, "rosa's");
	T_INT(q.items[0].outstanding, 1, "one document awaited");
	T_INT(q.items[0].practice.listed, 0, "the new practice is not listed");
	for (i = 0; i < q.items[0].ndocs; i++)
		if (q.items[0].docs[i].size == 0)
			fax = q.items[0].docs[i].id;
		else
			up = q.items[0].docs[i].id;
	T_INT(app_provision_document(&c, up, &doc, &no), APP_OK, "document");
	T_STR(doc.doc.mime, "application/pdf", "served as what it is");
	T_INT(audit_count(c.a, "provider.document_view", NULL).n, 1, "view audited");
	T_INT(app_provision_document(&c, fax, &doc, &no), APP_REFUSED,
	    "a faxed document has nothing to show");

	memset(&d, 0, sizeof(d));
	d.id = app1;
	d.approve = 1;
	d.grant_sponsor = 1;
	T_INT(app_provision_decide(&c, &d, &no), APP_REFUSED, "fax awaited");
	T_INT(no.why, PROV_DOCS, "fax awaited: said so");
	T_INT(app_provision_fax(&c, fax, &no), APP_OK, "fax received");
	T_INT(app_provision_fax(&c, fax, &no), APP_REFUSED, "received twice");
	T_INT(no.why, PROV_ALREADY, "received twice: said so");
	T_INT(app_provision_decide(&c, &d, &no), APP_OK, "approve");
	store_provider_by_id(P->db, c.a, app1, &acct);
	T_STR(acct.status, "approved", "approved");
	T_INT(acct.sponsor_granted, 0, "sponsorship not asked: not granted");
	T_OK(acct.provider_id > 0, "a directory entry");
	m = mail_to(c.a, "rosa@example.org");
	T_OK(m != NULL && strstr(m->body, "/provider/setup#t=") != NULL,
	    "the set-password link");
	T_INT(audit_count(c.a, "provider.approve", NULL).n, 1, "approve audited");
	T_STR(audit_count(c.a, "provider.approve", NULL).actor,
	    arena_printf(c.a, "staff:%" PRId64, prov), "by the staff member");
	T_INT(audit_count(c.a, "provider.fax_received", NULL).n, 1, "fax audited");

	/* Decided twice: nothing changes. */
	d.approve = 0;
	d.reason = "other";
	T_INT(app_provision_decide(&c, &d, &no), APP_REFUSED, "decide twice");
	T_INT(no.why, PROV_ALREADY, "decide twice: said so");
	store_provider_by_id(P->db, c.a, app1, &acct);
	T_STR(acct.status, "approved", "still approved");

	T_INT(app_provision_resend(&c, app1, &no), APP_OK, "a new link");
	T_INT(audit_count(c.a, "provider.link_resent", NULL).n, 1, "resend audited");
	arena_free(c.a);
}

static void
test_reject_and_roles(void)
{
	struct call			 c = t_call(P, ACTOR_NOBODY, 0, NOW + 120);
	struct call			 s = t_call(P, ACTOR_STAFF, prov, NOW + 180);
	struct call			 v = t_call(P, ACTOR_STAFF, verifier, NOW + 180);
	struct register_in		 in;
	struct register_out		 out;
	struct provision_queue_out	 q;
	struct provision_decide_in	 d;
	struct provision_no		 no;
	struct provider_account		 acct;
	struct outmail			*m;
	int64_t				 id;

	application(&in, "sam@example.org", "1245319599");
	in.docs[APPLY_DOC_IDENTITY].fax = 0;
	in.docs[APPLY_DOC_IDENTITY].data = PDF;
	in.docs[APPLY_DOC_IDENTITY].len = sizeof(PDF) - 1;
	T_INT(app_register(&c, &in, &out), APP_OK, "second application");
	id = account_of(c.a, "sam@example.org");

	/* A verifier sees and decides nothing here. */
	T_INT(app_provision_queue(&v, &q, &no), APP_REFUSED, "verifier: queue");
	T_INT(no.why, PROV_ROLE, "verifier: the role");
	memset(&d, 0, sizeof(d));
	d.id = id;
	d.approve = 1;
	T_INT(app_provision_decide(&v, &d, &no), APP_REFUSED, "verifier: decide");
	T_OK(audit_count(v.a, "staff.refused", NULL).n >= 2, "refusals audited");

	d.approve = 0;
	T_INT(app_provision_decide(&s, &d, &no), APP_REFUSED, "no reason");
	T_INT(no.why, PROV_NO_REASON, "no reason: said so");
	d.reason = "identity";
	d.note = "The licence copy was cut off.";
	T_INT(app_provision_decide(&s, &d, &no), APP_OK, "reject");
	store_provider_by_id(P->db, s.a, id, &acct);
	T_STR(acct.status, "rejected", "rejected");
	m = mail_to(s.a, "sam@example.org");
	T_OK(m != NULL && strstr(m->body, "confirm your identity") != NULL &&
	    strstr(m->body, "cut off") != NULL, "the reason is e-mailed");
	T_INT(audit_count(s.a, "provider.reject", NULL).n, 1, "reject audited");
	T_INT(app_provision_resend(&s, id, &no), APP_REFUSED, "no link when rejected");
	d.id = 99999999;
	T_INT(app_provision_decide(&s, &d, &no), APP_REFUSED, "unknown id");
	T_INT(no.why, PROV_NO_SUCH, "unknown id: said so");
	arena_free(c.a);
	arena_free(s.a);
	arena_free(v.a);
}

/* A hospital physician approved with a Children's ID: told to sign in by
 * SSO, no set-password link, and no "new link" later; a practice not
 * listed cannot be picked by id. */
static void
test_hospital_sso(void)
{
	struct call			 c = t_call(P, ACTOR_NOBODY, 0, NOW + 240);
	struct call			 s = t_call(P, ACTOR_STAFF, prov, NOW + 300);
	struct register_in		 in;
	struct register_out		 out;
	struct provision_decide_in	 d;
	struct provision_no		 no;
	struct provider_account		 acct;
	struct practice			*pr;
	struct outmail			*m;
	size_t				 n, i;
	int64_t				 id, unlisted;

	unlisted = store_practice_create(P->db, "Hidden Practice", NULL, NULL,
	    NULL);
	application(&in, "hana@example.org", "1999999992");
	in.hospital = 1;
	in.practice = unlisted;
	in.docs[APPLY_DOC_IDENTITY].fax = 0;
	in.docs[APPLY_DOC_IDENTITY].data = PDF;
	in.docs[APPLY_DOC_IDENTITY].len = sizeof(PDF) - 1;
	T_INT(app_register(&c, &in, &out), APP_INVALID, "an unlisted practice");
	T_OK(out.practice_error != NULL, "an unlisted practice: said so");
	T_INT(app_register_practices(&c, &pr, &n), APP_OK, "practices");
	for (i = 0; i < n; i++)
		T_OK(pr[i].id != unlisted && pr[i].listed, "only listed ones offered");
	T_OK(n >= 1, "the approved applicant's practice is listed now");
	in.practice = pr[0].id;
	T_INT(app_register(&c, &in, &out), APP_OK, "a hospital physician");
	id = account_of(c.a, "hana@example.org");
	memset(&d, 0, sizeof(d));
	d.id = id;
	d.approve = 1;
	d.sso_user = "hkim";
	T_INT(app_provision_decide(&s, &d, &no), APP_OK, "approve with SSO");
	store_provider_by_id(P->db, s.a, id, &acct);
	T_STR(acct.sso_user ? acct.sso_user : "", "hkim", "the Children's ID");
	T_INT(acct.practice_id, pr[0].id, "the practice picked");
	m = mail_to(s.a, "hana@example.org");
	T_OK(m != NULL && strstr(m->body, "/provider/sso") != NULL &&
	    strstr(m->body, "#t=") == NULL, "told to sign in by SSO, no link");
	T_INT(app_provision_resend(&s, id, &no), APP_REFUSED, "no link for SSO");
	T_INT(no.why, PROV_NO_LINK, "no link for SSO: said so");
	arena_free(c.a);
	arena_free(s.a);
}

int
main(void)
{
	struct audit_report	 rep;

	P = t_portal();
	G = arena_new();
	NOW = time(NULL);
	prov = staff("penny", "provisioning");
	verifier = staff("victor", "verifier");
	T_OK(prov > 0 && verifier > 0, "staff added");
	test_register();
	test_queue_and_approve();
	test_reject_and_roles();
	test_hospital_sso();
	T_INT(audit_verify(P->db, NULL, 0, &rep), 0, "chain verifies");
	arena_free(G);
	portal_close(P);
	t_portal_remove();
	return t_done("app_register");
}
