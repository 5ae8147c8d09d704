"""Issue 11, done when: a clinician registers, is approved, chooses a
password and security questions through the e-mailed link, signs in with
password and a second factor, sponsors a nurse, the nurse signs in, and
when provisioning takes the sponsor's privileges back the nurse's next
request is refused; every decision audited. One person's way through the
real web server, each step as the page shows it."""

import re

from family import mail_to
from harness import Client
from provider import plogin
from test_mfa import send_code, shown_codes, shown_secret, totp
from test_provider_register import (PDF, S as REG, app_id, apply, decide,
                                    fields, good_files, setup as reg_setup)
from test_provider_sponsor import add, setup_fields, setup_link

INSTANCE = {'conf': {'scrypt_n': 1024}}
PW = 'Triage7Clipboard'


def setup(instance):
    reg_setup(instance)		# a listed practice, provisioning staff


def audited(instance, action):
    return instance.value('SELECT count(*) FROM audit WHERE action = ?',
                          action)


def test_register_approve_sign_in_sponsor_and_revoke(instance):
    # 1. Registration, asking for sponsorship; every document uploaded.
    c = Client(instance)
    f = fields(c, sponsor='1', sponsorship_how='upload')
    r = apply(c, f, good_files(sponsorship_file=('sponsor.pdf', PDF,
                                                 'application/pdf')))
    assert r.status == 303, r.text
    assert mail_to(instance, f['email'], 'application') is not None
    app = app_id(instance, f['email'])

    # Not approved yet: the right password signs nobody in (no password
    # exists yet, so the sign-in reads as any wrong one).
    r = plogin(Client(instance), f['email'], PW)
    assert r.status in (401, 403) and 'provider/' not in (r.location or '')

    # 2. Provisioning approves, with sponsorship privileges.
    s = REG['prov']
    q = s.get('/staff/providers/')
    assert f"Application {app}: Rosa Lindqvist, MD" in q.text, q.text
    r = decide(s, app, decision='approve', sponsor='yes')
    assert r.status == 303, r.text
    mail = mail_to(instance, f['email'], 'approved')
    link = re.search(r'https?://[^/\s]+(/provider/setup#t=\S+)', mail.body)[1]
    instance.note_secret(link.split('#t=')[1], 'setup link')

    # 3. The link: a password and three security questions.
    r = c.post('/provider/setup', setup_fields(c, link))
    assert r.status == 200 and 'Your password is saved' in r.text, r.text
    instance.note_secret(PW, 'password')
    again = Client(instance)
    r = again.post('/provider/setup', setup_fields(again, link))
    assert r.status == 400, 'a setup link works once'

    # 4. Sign in; turn on two-step sign-in; sign in again with a code.
    r = plogin(c, f['email'], PW)
    assert r.status == 303 and r.location.endswith('/provider/'), r.text
    home = c.get('/provider/')
    assert 'Rosa' in home.text and 'href="/provider/staff/"' in home.text
    page = c.get('/provider/2fa/setup')
    secret = shown_secret(page)
    instance.note_secret(secret.replace(' ', ''), 'TOTP secret')
    r = send_code(c, '/provider/2fa/setup', 'mfa-setup',
                  totp(secret, instance.now()))
    assert r.status == 200 and len(shown_codes(r)) == 10, r.text
    for k in shown_codes(r):
        instance.note_secret(k, 'recovery code')
    c.post('/provider/logout', c.get('/provider/').form_fields())
    r = plogin(c, f['email'], PW)
    assert r.status == 303 and r.location.endswith('/provider/2fa'), r
    assert c.get('/provider/staff/').location.endswith('/provider/2fa')
    r = send_code(c, '/provider/2fa', 'mfa', totp(secret, instance.now() + 30))
    assert r.status == 303 and r.location.endswith('/provider/'), r.text

    # 5. The sponsor adds a nurse, who chooses a password and signs in.
    nurse = 'nurse.' + f['email']
    r = add(c, given='Nia', family='Lane', email=nurse, role='nurse')
    assert r.status == 303, (r.status, r.text)
    nlink, _ = setup_link(instance, nurse)
    n = Client(instance)
    r = n.post('/provider/setup', setup_fields(n, nlink))
    assert r.status == 200 and 'Your password is saved' in r.text, r.text
    r = plogin(n, nurse, PW)
    assert r.status == 303 and r.location.endswith('/provider/'), r.text
    home = n.get('/provider/')
    assert home.status == 200 and 'href="/provider/staff/"' not in home.text
    assert n.get('/provider/staff/').status == 403	# never sponsors

    # 6. Provisioning takes the sponsor's privileges back: the nurse's
    # next request is refused and she is told her access ended.
    rc, out, err = instance.portalctl('provider', 'sponsor', '--email',
                                      f['email'], 'off')
    assert rc == 0, out + err
    r = n.get('/provider/')
    assert r.status == 303 and r.location.endswith('/provider/login?ended=1')
    page = n.get(r.location)
    assert 'access' in page.text and 'ended' in page.text, page.text
    assert n.get('/provider/').location.endswith('/provider/login')
    assert c.get('/provider/staff/').status == 403	# no longer a sponsor

    # Every decision and sign-in has its audit row.
    for action in ('provider.apply', 'provider.approve', 'provider.setup',
                   'provider_login.ok', 'mfa.enabled', 'mfa.ok',
                   'sponsor.create', 'provider.sponsor_off'):
        assert audited(instance, action) >= 1, action
