/*
 * Reminders before a patient's 18th birthday (F-PROXY 3, issue 15.8),
 * sent by `portalctl cron`: lib/policy says which is due, reminders_sent
 * (sql/004) that each goes once.
 */
#ifndef PORTAL_REMIND_H
#define PORTAL_REMIND_H

#include "app.h"

struct call;

/*
 * Queues the birthday reminders due at c->now (the hospital's day) to
 * every parent, guardian and caseworker holding a patient under 18:
 * each (account, patient, reminder day) once, on the first run on or
 * after its day (policy_reminder_due), none from the birthday on. Each
 * in its own transaction with its reminders_sent row, so two runs at
 * once send it once. The e-mail (MAIL_BIRTHDAY) names the patient by
 * first name and says how many days are left; audited
 * (reminder.birthday). *sent: e-mails queued. APP_OK, APP_BUSY,
 * APP_ERROR.
 */
enum app_rc	app_birthday_remind(const struct call *, long *sent);

#endif
