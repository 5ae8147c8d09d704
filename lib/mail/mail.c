/*
 * The e-mail texts and their delivery through a sendmail-compatible
 * command (every MTA has one). Bodies are plain UTF-8 text.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "conf.h"
#include "crypto.h"
#include "db.h"
#include "mail.h"
#include "store_outbox.h"

static const struct {
	const char	*subject;
	const char	*body;
} mails[MAIL__MAX] = {
	[MAIL_VERIFY] = { "Confirm your e-mail address for {portal}",
	    "Welcome to {portal}.\n\n"
	    "To confirm this e-mail address and start using your account, open this link:\n\n"
	    "{base}/signup/verify#t={code}\n\n"
	    "If the page does not fill in the code by itself, copy this code into it:\n\n"
	    "{code}\n\n"
	    "The link works once, for 24 hours. If we sent you more than one, any of\n"
	    "them works until your address is confirmed. If you did not sign up,\n"
	    "ignore this message.\n" },
	[MAIL_ALREADY] = { "Sign-up attempt on {portal}",
	    "Someone, probably you, tried to sign up for {portal} with this e-mail address,\n"
	    "which already has an account.\n\n"
	    "To add a patient to your account, sign in and choose \"Add a patient\":\n\n"
	    "{base}/login/\n\n"
	    "If you forgot your password, use \"Forgot your password?\" on that page.\n"
	    "If this was not you, you can ignore this message.\n" },
	[MAIL_RESET] = { "Reset your {portal} password",
	    "To choose a new password for {portal}, open this link:\n\n"
	    "{base}/login/reset#t={code}\n\n"
	    "If the page does not fill in the code by itself, copy this code into it:\n\n"
	    "{code}\n\n"
	    "The link works once, for one hour. If you did not ask for it, ignore this\n"
	    "message: your password stays as it is.\n" },
	[MAIL_PW_CHANGED] = { "Your {portal} password was changed",
	    "The password of your {portal} account was just changed.\n\n"
	    "If you did not do this, call us now at {phone}.\n" },
	[MAIL_TEEN_ACCOUNT] = { "A {portal} account was created",
	    "A patient aged 13 or 14 for whom you are on file as parent or guardian,\n"
	    "{reason}, has created their own {portal} account.\n\n"
	    "Messages between the patient and the care team, and confidential visits,\n"
	    "are private to the patient. Sign in to {portal} to see what you can access,\n"
	    "or call us at {phone} with questions.\n" },
	[MAIL_REQ_APPROVED] = { "Your {portal} request was approved",
	    "We checked the details you gave against our records, and your request\n"
	    "about {reason} was approved. Sign in to {portal} to see the patient's\n"
	    "information:\n\n"
	    "{base}/login/\n" },
	[MAIL_NEW_MESSAGE] = { "New message in {portal}",
	    "You have a new message in {portal} about {reason}.\n\n"
	    "Log in to read it:\n\n{base}/login/\n\n"
	    "For your privacy, messages are not sent by e-mail.\n" },
	[MAIL_BIRTHDAY] = { "Your {portal} access will change",
	    "{reason}\n\n"
	    "When a patient turns 18, a parent's or guardian's access to their\n"
	    "record ends on the birthday, and the patient needs an account of\n"
	    "their own. If you are the legal guardian of an adult patient, send\n"
	    "the guardianship papers to the hospital to keep access.\n\n"
	    "Questions: call us at {phone}.\n" },
	[MAIL_REQ_REJECTED] = { "Your {portal} request",
	    "We could not approve your {portal} request.\n\n"
	    "{reason}\n\n"
	    "For help, call us at {phone}.\n" },
	[MAIL_SELF_ACCOUNT] = { "An account for your own {portal} record",
	    "An account of your own on {portal} was just opened, or asked for, with\n"
	    "your details. It sees your own health record, including confidential\n"
	    "visits and your messages with the care team.\n\n"
	    "If this was you, there is nothing to do. If it was not, call us now at\n"
	    "{phone}: we will close it.\n" },
	[MAIL_SELF_ADDRESS] = { "Your e-mail address on file for {portal} changed",
	    "The e-mail address we have on file for you, the patient, was just\n"
	    "changed. It is the address your own {portal} account is opened with.\n\n"
	    "If you did not ask for this, call us now at {phone}.\n" },
	[MAIL_PROVIDER_APPLIED] = { "Your application to the {portal} provider portal",
	    "Thank you: we received your application to the {portal} provider portal.\n\n"
	    "Our provisioning staff review each application, usually within {days}\n"
	    "business days. We will e-mail you when it is decided.\n\n"
	    "{reason}"
	    "Questions: call the provider portal's support line at {pphone}.\n" },
	[MAIL_PROVIDER_EXISTS] = { "Your application to the {portal} provider portal",
	    "Someone, probably you, just applied to the {portal} provider portal with\n"
	    "this e-mail address or the NPI on file with it. An application or an\n"
	    "account already exists, so nothing new was created.\n\n"
	    "If your application is waiting, there is nothing to do: we will e-mail\n"
	    "you when it is decided. If you already have an account, sign in at\n\n"
	    "{base}/provider/login\n\n"
	    "If this was not you, or for any question, call us at {pphone}.\n" },
	[MAIL_PROVIDER_APPROVED] = { "Your {portal} provider portal account is approved",
	    "Your application to the {portal} provider portal was approved.\n\n"
	    "To choose your password and finish setting up your account, open this link:\n\n"
	    "{base}/provider/setup#t={code}\n\n"
	    "If the page does not fill in the code by itself, copy this code into it:\n\n"
	    "{code}\n\n"
	    "The link works once and expires; if it has, call us at {pphone} for a new one.\n" },
	[MAIL_PROVIDER_APPROVED_SSO] = { "Your {portal} provider portal account is approved",
	    "Your application to the {portal} provider portal was approved.\n\n"
	    "Sign in with your Children's ID (the hospital's single sign-on) at\n\n"
	    "{base}/provider/sso\n\n"
	    "Questions: call us at {pphone}.\n" },
	[MAIL_PROVIDER_REJECTED] = { "Your application to the {portal} provider portal",
	    "We could not approve your application to the {portal} provider portal.\n\n"
	    "{reason}\n\n"
	    "For help, call the provider portal's support line at {pphone}.\n" },
	[MAIL_PROVIDER_SETUP] = { "Choose your {portal} provider portal password",
	    "Your {portal} provider portal account is ready. To choose your password,\n"
	    "open this link:\n\n"
	    "{base}/provider/setup#t={code}\n\n"
	    "If the page does not fill in the code by itself, copy this code into it:\n\n"
	    "{code}\n\n"
	    "The link works once, for a limited time; links sent before this one no\n"
	    "longer work. If it has expired, call the provider portal's support line\n"
	    "at {pphone} for a new one.\n" },
	[MAIL_PASS_CODE] = { "Your {portal} provider portal pass code",
	    "Your pass code {reason} is:\n\n"
	    "{code}\n\n"
	    "Type it on the page where you asked for it. It works once, for a few\n"
	    "minutes. If you did not ask for it, ignore this message: nothing changes\n"
	    "without it. Questions: call {pphone}.\n" },
	[MAIL_PROVIDER_PW_CHANGED] = { "Your {portal} provider portal password was changed",
	    "The password of your {portal} provider portal account was just changed.\n\n"
	    "If you did not do this, call the provider portal's support line now at\n"
	    "{pphone}.\n" },
	[MAIL_MFA_RECOVERY] = { "A recovery code was used to sign in to {portal}",
	    "One of your recovery codes was just used to sign in to your {portal}\n"
	    "account instead of a code from your authenticator app. It cannot be\n"
	    "used again. If you have few left, make new ones after signing in.\n\n"
	    "If this was not you, change your password and call us now at {phone}.\n" },
	[MAIL_MFA_OFF] = { "Two-step sign-in was turned off for {portal}",
	    "Two-step sign-in was just turned off for your {portal} account: a\n"
	    "password alone now signs in.\n\n"
	    "If you did not do this, change your password and call us now at {phone}.\n" },
	[MAIL_PMFA_RECOVERY] = { "A recovery code was used to sign in to the {portal} provider portal",
	    "One of your recovery codes was just used to sign in to your {portal}\n"
	    "provider portal account instead of a code from your authenticator app.\n"
	    "It cannot be used again. If you have few left, make new ones after\n"
	    "signing in.\n\n"
	    "If this was not you, change your password and call the provider portal's\n"
	    "support line now at {pphone}.\n" },
	[MAIL_PMFA_OFF] = { "Two-step sign-in was turned off for the {portal} provider portal",
	    "Two-step sign-in was just turned off for your {portal} provider portal\n"
	    "account: a password alone now signs in.\n\n"
	    "If you did not do this, change your password and call the provider\n"
	    "portal's support line now at {pphone}.\n" },
	[MAIL_SPONSORED_SETUP] = { "Your {portal} provider portal account",
	    "{reason} has given you an account on the {portal} provider portal, as a\n"
	    "member of their office's staff.\n\n"
	    "To choose your password, open this link:\n\n"
	    "{base}/provider/setup#t={code}\n\n"
	    "If the page does not fill in the code by itself, copy this code into it:\n\n"
	    "{code}\n\n"
	    "The link works once, for a few days. If it has expired, ask {reason}\n"
	    "to send you a new one. If you do not work with {reason}, ignore this\n"
	    "message and tell us at {pphone}.\n" },
	[MAIL_SHARE_INVITED] = { "A family shared a record with you on {portal}",
	    "A family has shared their child's {hospital} health record with you\n"
	    "on the {portal} provider portal.\n\n"
	    "Sign in to see it under \"Patients shared with you\":\n\n"
	    "{base}/provider/patients/\n\n"
	    "If you do not expect this, call the provider portal's support line at\n"
	    "{pphone}.\n" },
	[MAIL_SHARE_TOKEN] = { "An invitation to see a record on {portal}",
	    "{reason} has invited you to see a patient's health record at\n"
	    "{hospital}, through the {portal} provider portal for referring\n"
	    "clinicians.\n\n"
	    "Your invitation token:\n\n"
	    "{code}\n\n"
	    "The family will give you the patient's medical record number (MRN),\n"
	    "which you type in with the token; this message does not carry it.\n\n"
	    "1. If you have no provider portal account, register at\n"
	    "   {base}/provider/register (approval usually takes {days} business days).\n"
	    "2. Sign in and choose \"Validate a token\" under Patients:\n"
	    "   {base}/provider/patients/\n\n"
	    "The token works once and expires {months} months after it was issued.\n"
	    "Questions: the provider portal's support line, {pphone}.\n" },
	[MAIL_ACCESS_ASKED] = { "A provider asked to see a record on {portal}",
	    "A provider has asked to see the health record of {reason}, a patient\n"
	    "on your {portal} account.\n\n"
	    "Sign in to see who asked, and approve or decline:\n\n"
	    "{base}/account/requests/\n\n"
	    "Nothing is shared until you approve. Questions: {phone}.\n" },
	[MAIL_ACCESS_GRANTED] = { "Access granted on {portal}",
	    "{reason} approved your request to see a patient's record on the\n"
	    "{portal} provider portal.\n\n"
	    "Sign in and find the patient under Patients:\n\n"
	    "{base}/provider/patients/\n" },
	[MAIL_ACCESS_DECLINED] = { "Your request on {portal}",
	    "{reason} declined your request to see a patient's record on the\n"
	    "{portal} provider portal. Nothing was shared.\n\n"
	    "If the patient is in your care, call the provider portal's support\n"
	    "line at {pphone}.\n" },
	[MAIL_PCP_ASKED] = { "{portal}: a PCP access request",
	    "A provider asked for PCP access to a patient through the {portal}\n"
	    "provider portal.\n\n"
	    "{reason}\n\n"
	    "The patient and the request are on the staff page (request {code}):\n\n"
	    "{base}/staff/pcp/\n" },
	[MAIL_PAY_RECEIPT] = { "{portal}: payment received",
	    "Thank you. We received your payment of {reason}.\n\n"
	    "Payment reference: {code}\n\n"
	    "Your card was charged by our payment processor; the portal never\n"
	    "sees your card number. To see your payments, sign in to {portal}:\n\n"
	    "{base}/pay/\n\n"
	    "Questions about a payment or a bill: call Patient Billing at\n"
	    "{bphone}, {bhours}.\n" },
	[MAIL_EMAIL_CONFIRM] = { "Confirm your new e-mail address for {portal}",
	    "Someone, probably you, asked to use this e-mail address for a\n"
	    "{portal} account.\n\n"
	    "To confirm it, open this link:\n\n"
	    "{base}/account/profile/email#t={code}\n\n"
	    "If the page does not fill in the code by itself, copy this code into it:\n\n"
	    "{code}\n\n"
	    "The link works once, for 24 hours. Until then the account keeps its\n"
	    "old address. If you did not ask for this, ignore this message.\n" },
	[MAIL_EMAIL_ASKED] = { "A change of your e-mail address on {portal}",
	    "Someone signed in to your {portal} account asked to change its\n"
	    "e-mail address. Nothing changes until the new address is confirmed.\n\n"
	    "If this was not you, sign in and change your password, and call\n"
	    "us at {phone}.\n" },
	[MAIL_EMAIL_CHANGED] = { "Your e-mail address on {portal} was changed",
	    "The e-mail address of your {portal} account was changed. From now on\n"
	    "we write to the new address, and you sign in with it.\n\n"
	    "If this was not you, call us at {phone}.\n" },
	[MAIL_EMAIL_TAKEN] = { "E-mail address change on {portal}",
	    "Someone, probably you, asked to move a {portal} account to this\n"
	    "e-mail address, which already has an account. Nothing was changed.\n\n"
	    "If you forgot the password of the account this address has, use\n"
	    "\"Forgot your password?\" on the sign-in page:\n\n"
	    "{base}/login/\n" },
	/* Issue 13.4 and 14.2: no clinic, reason or insurer; the patient by
	 * first name only (issue 15.5). */
	[MAIL_VISIT_REQUEST_UPDATED] = { "News about your visit request in {portal}",
	    "There is news about your visit request for {reason} in {portal}.\n\n"
	    "Log in to see it:\n\n{base}/login/\n\n"
	    "For your privacy, the details are not sent by e-mail.\n" },
	[MAIL_INSURANCE_REVIEWED] = { "{portal}: your insurance update was reviewed",
	    "The hospital's billing office reviewed the insurance update you\n"
	    "sent in {portal} for {reason}.\n\n"
	    "Log in to see it:\n\n{base}/login/\n\n"
	    "For your privacy, the details are not sent by e-mail.\n" },
	[MAIL_VISIT_REMINDER] = { "{portal}: a visit is coming up",
	    "There is a visit coming up for {reason}, a patient on your account.\n\n"
	    "Log in to see when and where, to confirm it and to check in\n"
	    "before you come:\n\n{base}/login/\n\n"
	    "For your privacy, visit details are not sent by e-mail.\n" },
	/* Issue 15.6: what the person typed is the point of this one. */
	[MAIL_CONTACT] = { "{portal}: a message from the contact form",
	    "Someone wrote to {portal} Support through the contact form.\n\n"
	    "{reason}\n\n"
	    "Answer them at the e-mail address above. Health questions belong\n"
	    "in the portal's Messages, to the care team, not in e-mail.\n" },
};

/* Replaces {portal} {hospital} {phone} {base} {code} {reason}, the
 * provider portal's {pphone} (its support line), {days} (an
 * application's usual wait) and {months} (an invitation token's life),
 * and Patient Billing's {bphone} and {bhours} (the FAQ's number for
 * billing questions). */
static char *
fill(struct arena *a, const struct conf *cf, const char *t, const char *code,
    const char *reason)
{
	static const char *const names[] = {
	    "portal", "hospital", "phone", "base", "code", "reason", "pphone",
	    "days", "months", "bphone", "bhours" };
	const char	*vals[11];
	struct buf	 b;
	const char	*e;
	size_t		 i, n;

	vals[0] = cf->portal_name;
	vals[1] = cf->hospital_name;
	vals[2] = cf->support_phone;
	vals[3] = cf->base_url;
	vals[4] = code ? code : "";
	vals[5] = reason ? reason : "";
	vals[6] = cf->provider_support_phone;
	vals[7] = arena_printf(a, "%ld", cf->provider_review_days);
	vals[8] = arena_printf(a, "%ld", cf->invite_token_months);
	vals[9] = cf->billing_phone ? cf->billing_phone : "";
	vals[10] = cf->billing_hours ? cf->billing_hours : "";
	buf_init(&b, a);
	while (*t != '\0') {
		if (*t == '{' && (e = strchr(t, '}')) != NULL) {
			n = (size_t)(e - t - 1);
			for (i = 0; i < 11; i++)
				if (strlen(names[i]) == n && strncmp(t + 1, names[i], n) == 0)
					break;
			if (i < 11) {
				buf_puts(&b, vals[i]);
				t = e + 1;
				continue;
			}
		}
		buf_putc(&b, *t++);
	}
	return b.b_data;
}

int
mail_queue(struct db *db, const struct conf *cf, enum mail_kind k, const char *to,
    const char *code, const char *reason, time_t now)
{
	struct arena	*a = arena_new();
	int		 rc;

	rc = store_outbox_add(db, to, fill(a, cf, mails[k].subject, NULL, NULL),
	    fill(a, cf, mails[k].body, code, reason), now) == -1 ? -1 : 0;
	arena_free(a);
	return rc;
}

/* No CR or LF in a header value: a message cannot gain headers. */
static int
header_ok(const char *s)
{
	return strpbrk(s, "\r\n") == NULL;
}

/* Hands one message to the sendmail command; 0 if it exited 0. */
static int
send_one(struct arena *a, const struct conf *cf, const struct outmail *m,
    time_t now, char *err, size_t errsz)
{
	struct buf	 msg;
	struct tm	 tm;
	char		 date[64], rnd[17];
	unsigned char	 r[8];
	int		 fds[2], status;
	pid_t		 pid;
	size_t		 off = 0;
	ssize_t		 w;

	if (!header_ok(m->to) || !header_ok(m->subject) || !header_ok(cf->mail_from)) {
		snprintf(err, errsz, "header with a line break");
		return -1;
	}
	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	crypto_random(r, sizeof(r));
	crypto_hex(r, sizeof(r), rnd);
	buf_init(&msg, a);
	buf_printf(&msg, "From: %s\nTo: %s\nSubject: %s\nDate: %s\n"
	    "Message-ID: <%" PRId64 ".%s@portal>\nMIME-Version: 1.0\n"
	    "Content-Type: text/plain; charset=UTF-8\n"
	    "Content-Transfer-Encoding: 8bit\nAuto-Submitted: auto-generated\n\n%s",
	    cf->mail_from, m->to, m->subject, date, m->id, rnd, m->body);

	if (pipe(fds) == -1) {
		snprintf(err, errsz, "pipe: %s", strerror(errno));
		return -1;
	}
	if ((pid = fork()) == -1) {
		close(fds[0]);
		close(fds[1]);
		snprintf(err, errsz, "fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		dup2(fds[0], 0);
		close(fds[0]);
		close(fds[1]);
		execl("/bin/sh", "sh", "-c", cf->sendmail, (char *)NULL);
		_exit(127);
	}
	close(fds[0]);
	while (off < msg.b_len) {
		w = write(fds[1], msg.b_data + off, msg.b_len - off);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	close(fds[1]);
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR) {
			snprintf(err, errsz, "waitpid: %s", strerror(errno));
			return -1;
		}
	if (off < msg.b_len || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		snprintf(err, errsz, "sendmail command failed (status %d)", status);
		return -1;
	}
	return 0;
}

int
mail_deliver(struct db *db, const struct conf *cf, time_t now, int *failed)
{
	struct arena	*a = arena_new();
	struct outmail	 m;
	char		 err[256];
	int		 sent = 0, rc;
	void		(*old)(int);

	*failed = 0;
	old = signal(SIGPIPE, SIG_IGN);
	while ((rc = store_outbox_claim(db, a, now, &m)) == 1) {
		if (send_one(a, cf, &m, now, err, sizeof(err)) == 0) {
			store_outbox_sent(db, m.id, now);
			sent++;
		} else {
			store_outbox_failed(db, m.id, err);
			(*failed)++;
		}
		arena_reset(a);
	}
	signal(SIGPIPE, old);
	arena_free(a);
	return rc == -1 ? -1 : sent;
}
