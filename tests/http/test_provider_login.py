"""The provider portal's sign-in (issue 11.3; P-LOGIN 1-4): e-mail and
password with the family portal's throttling, the account's standing told
only after the right password, password expiry, sign-out, the home page,
and the e-mailed single-use link with which a person chooses a password
and security questions."""

import re

from harness import Client
from provider import (PASSWORD, add_provider, logout, plogin, setup_mail,
                      signed_in, unique_email)

# Passwords, pass codes and answers are scrypt hashes: cheap ones here
# (the rules are what is tested, as in tests/app and test_mfa).
INSTANCE = {'conf': {'scrypt_n': 1024}}

GENERIC = 'The e-mail address or password is not correct.'


def main_part(text, typed=None):
    body = text.split('<main', 1)[1].split('</main>', 1)[0]
    body = re.sub(r'name="csrf" value="[^"]*"', '', body)
    return body.replace(typed, '@') if typed else body


def audit_count(instance, action, detail=None):
    if detail is None:
        return instance.value('SELECT count(*) FROM audit WHERE action = ?',
                              action)
    return instance.value('SELECT count(*) FROM audit WHERE action = ? '
                          'AND detail = ?', action, detail)


def test_sign_in_home_and_sign_out(instance):
    pid, email = add_provider(instance, given='Robin', family='Referrer')
    c = Client(instance)
    r = plogin(c, email)
    assert r.status == 303 and r.location.endswith('/provider/'), r.text
    # The provider portal's own cookie; the family one is not set.
    psid = c.cookie('__Host-psid')
    assert psid is not None and psid.httponly and psid.secure
    assert c.cookie('__Host-sid') is None
    home = c.get('/provider/')
    assert home.status == 200
    assert 'Signed in as Robin Referrer' in home.text
    assert 'href="/provider/account"' in home.text
    assert 'href="/provider/2fa/setup"' in home.text
    assert 'href="/provider/help"' in home.text		# the footer
    # No sponsorship privileges: no sponsored-staff link. Patient search
    # and tokens (issue 12): linked.
    assert '/provider/staff/' not in home.text
    assert 'href="/provider/patients/"' in home.text
    assert 'href="/provider/patients/token"' in home.text
    assert audit_count(instance, 'provider_login.ok', email) == 1
    r = logout(c)
    assert r.status == 303 and r.location.endswith('/provider/login?out=1')
    assert 'You are signed out' in c.get(r.location).text
    r = c.get('/provider/')
    assert r.status == 303 and '/provider/login' in r.location
    old = Client(instance)
    old.set_cookie('__Host-psid', psid.value)
    assert old.get('/provider/').status == 303
    assert audit_count(instance, 'provider_logout') >= 1


def test_sponsor_link_only_with_privileges(instance):
    c, pid, email = signed_in(instance, None, PASSWORD, '--sponsor')
    home = c.get('/provider/')
    assert 'href="/provider/staff/"' in home.text


def test_not_signed_in_goes_to_the_sign_in_page(instance):
    r = Client(instance).get('/provider/')
    assert r.status == 303 and r.location.endswith('/provider/login')
    page = Client(instance).get('/provider/login?expired=1')
    assert 'signed out after a period without activity' in page.text
    page = Client(instance).get('/provider/login?ended=1')
    assert 'Your access has ended' in page.text


def test_wrong_password_and_unknown_address_read_the_same(instance):
    pid, email = add_provider(instance)
    nobody = unique_email('nobody')
    a = plogin(Client(instance), email, 'Wrong9Password')
    b = plogin(Client(instance), nobody, 'Wrong9Password')
    assert a.status == b.status == 401
    assert GENERIC in a.text
    assert main_part(a.text, email) == main_part(b.text, nobody)
    assert audit_count(instance, 'provider_login.failed', email) == 1
    assert audit_count(instance, 'provider_login.failed', nobody) == 1
    # A family account's password does not open the provider portal.
    assert plogin(Client(instance), email, 'Harbor7Lantern').status == 401


def test_standing_told_only_after_the_right_password(instance):
    texts = {
        'pending': 'has not been approved yet',
        'rejected': 'was not approved',
        'suspended': 'This account is suspended',
        'revoked': 'This account has been closed',
    }
    for status, text in texts.items():
        pid, email = add_provider(instance)
        instance.execute('UPDATE provider_accounts SET status = ? WHERE id = ?',
                         status, pid)
        right = plogin(Client(instance), email)
        assert right.status == 403, (status, right.status)
        assert text in right.text, status
        assert Client(instance).get('/provider/').status == 303
        wrong = plogin(Client(instance), email, 'Wrong9Password')
        assert wrong.status == 401 and GENERIC in wrong.text, status
        for t in texts.values():
            assert t not in wrong.text
        assert audit_count(instance, 'provider_login.refused', email) == 1


def test_suspension_ends_a_session_at_the_next_request(instance):
    c, pid, email = signed_in(instance)
    assert c.get('/provider/').status == 200
    instance.execute("UPDATE provider_accounts SET status = 'suspended' "
                     "WHERE id = ?", pid)
    r = c.get('/provider/')
    assert r.status == 303 and r.location.endswith('/provider/login?ended=1')
    assert 'Your access has ended' in c.get(r.location).text


def test_expired_password(instance):
    pid, email = add_provider(instance)
    # provider_password_days is 365 in the example configuration.
    old = int(instance.now()) - 366 * 86400
    instance.execute('UPDATE provider_accounts SET pw_changed = ? WHERE id = ?',
                     old, pid)
    c = Client(instance)
    r = plogin(c, email)
    assert r.status == 403
    assert 'Your password has expired' in r.text
    assert 'href="/provider/forgot"' in r.text
    assert c.cookie('__Host-psid') is None
    assert c.get('/provider/').status == 303
    assert audit_count(instance, 'provider_login.expired', email) == 1
    # A wrong password still reads as any wrong password.
    r = plogin(Client(instance), email, 'Wrong9Password')
    assert r.status == 401 and 'Your password has expired' not in r.text
    # A day younger: fine.
    instance.execute('UPDATE provider_accounts SET pw_changed = ? WHERE id = ?',
                     int(instance.now()) - 364 * 86400, pid)
    assert plogin(Client(instance), email).status == 303


def test_throttled_like_the_family_sign_in(instance):
    pid, email = add_provider(instance)
    c = Client(instance)
    statuses = [plogin(c, email, 'Wrong9Password').status for _ in range(6)]
    assert statuses[:5] == [401] * 5 and statuses[5] == 429, statuses
    r = plogin(c, email)		# even the right password waits
    assert r.status == 429 and 'Too many sign-in attempts' in r.text
    assert audit_count(instance, 'provider_login.throttled', email) >= 1
    # The family sign-in of the same address is counted apart.
    assert instance.value("SELECT count(*) FROM audit WHERE action = "
                          "'login.throttled'") == 0


def test_help_page(instance):
    r = Client(instance).get('/provider/help')
    assert r.status == 200
    assert 'How do I register for a provider portal account?' in r.text
    assert 'Technical requirements' in r.text
    phone = '(617) 355-3333'		# provider_support_phone, the example's
    assert phone in r.text


def setup_fields(c, link, **over):
    page = c.get(link.split('#')[0])
    assert page.status == 200
    f = page.form_fields('setup')
    f['t'] = link.split('#t=')[1]
    f.update({'password': 'Fresh5Stethoscope', 'password2': 'Fresh5Stethoscope',
              'q1': '1', 'a1': 'Rex the  Dog', 'q2': '3', 'a2': 'Lincoln',
              'q3': '5', 'a3': 'Volvo 240'})
    f.update(over)
    return f


def test_setup_link(instance):
    # An account without a password yet (as after an approval).
    pid, email = add_provider(instance)
    instance.execute('UPDATE provider_accounts SET pw_hash = NULL, '
                     'pw_changed = NULL WHERE id = ?', pid)
    assert plogin(Client(instance), email).status == 401
    link = setup_mail(instance, email)
    assert link.startswith('/provider/setup#t=')
    c = Client(instance)
    page = c.get('/provider/setup')
    assert 'link-code.js' in page.text
    assert 'What was the name of your first pet?' in page.text
    # Two different passwords: nothing saved, the questions kept.
    f = setup_fields(c, link, password2='Other5Stethoscope')
    r = c.post('/provider/setup', f)
    assert r.status == 422 and 'not the same' in r.text
    assert re.search(r'<option value="3" selected>', r.text)
    assert 'Lincoln' not in r.text		# answers never come back
    # The same question twice.
    r = c.post('/provider/setup', setup_fields(c, link, q2='1'))
    assert r.status == 422 and 'three different questions' in r.text
    assert instance.value('SELECT pw_hash FROM provider_accounts WHERE id = ?',
                          pid) is None
    r = c.post('/provider/setup', setup_fields(c, link))
    assert r.status == 200, r.text
    assert 'Your password is saved' in r.text
    assert c.cookie('__Host-psid') is None	# no session from a link
    rows = instance.query('SELECT n, question, answer_hash FROM '
                          'security_answers WHERE account_id = ? ORDER BY n', pid)
    assert [r[0] for r in rows] == [1, 2, 3]
    assert rows[0][1] == 'What was the name of your first pet?'
    assert all(r[2].startswith('scrypt$') for r in rows)
    assert audit_count(instance, 'provider.setup', email) == 1
    r = plogin(Client(instance), email, 'Fresh5Stethoscope')
    assert r.status == 303 and r.location.endswith('/provider/')
    # Single use.
    c2 = Client(instance)
    r = c2.post('/provider/setup', setup_fields(c2, link))
    assert r.status == 400 and 'already been used' in r.text
    assert '(617) 355-3333' in r.text
    instance.note_secret('Fresh5Stethoscope', 'provider password')


def test_setup_link_expired(instance):
    pid, email = add_provider(instance)
    link = setup_mail(instance, email)
    instance.execute('UPDATE provider_links SET expires = ? WHERE account_id = ?',
                     int(instance.now()) - 1, pid)
    c = Client(instance)
    r = c.post('/provider/setup', setup_fields(c, link))
    assert r.status == 400 and 'This link has expired' in r.text, (r.status, r.text)
    assert 'call provider support' in r.text and '(617) 355-3333' in r.text
    assert plogin(Client(instance), email, 'Fresh5Stethoscope').status == 401
    # A new link replaces the old one.
    link2 = setup_mail(instance, email)
    assert link2 != link
    r = c.post('/provider/setup', setup_fields(c, link2))
    assert r.status == 200 and 'Your password is saved' in r.text
    # A made-up code.
    r = c.post('/provider/setup', setup_fields(c, '/provider/setup#t=AAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB'))
    assert r.status == 400 and 'not valid' in r.text


def test_sso_off(instance):
    # provider_sso is off in the example configuration.
    r = Client(instance).get('/provider/sso', headers={'Remote-User': 'x'})
    assert r.status == 404
    assert 'Children&#39;s ID sign-in is not used' in r.text
    assert 'sign in with Children' not in Client(instance).get('/provider/login').text


def test_sponsored_user_signs_in_while_the_sponsor_stands(instance):
    sponsor, _ = add_provider(instance, None, PASSWORD, 'Sol', 'Sponsor',
                              '--sponsor')
    email = unique_email('nurse')
    # A sponsored user as helper D's pages make one (same password hash).
    instance.execute(
        "INSERT INTO provider_accounts (kind, email, given, family, status, "
        "pw_hash, pw_changed, sponsor_id, staff_kind, created) "
        "SELECT 'sponsored', ?, 'Nia', 'Nurse', 'approved', pw_hash, "
        "pw_changed, id, 'nurse', created FROM provider_accounts WHERE id = ?",
        email, sponsor)
    c = Client(instance)
    r = plogin(c, email)
    assert r.status == 303 and r.location.endswith('/provider/'), r.text
    home = c.get('/provider/')
    assert 'Signed in as Nia Nurse' in home.text
    assert 'on behalf of Sol Sponsor' in home.text
    assert '/provider/staff/' not in home.text	# sponsored users never sponsor
    assert instance.value("SELECT kind FROM sessions WHERE principal = "
                          "(SELECT id FROM provider_accounts WHERE email = ?)",
                          email) == 'sponsored'
    # The sponsor's privileges end: the session ends, sign-in is refused.
    instance.execute('UPDATE provider_accounts SET sponsor_granted = 0 '
                     'WHERE id = ?', sponsor)
    r = c.get('/provider/')
    assert r.status == 303 and 'ended=1' in r.location
    r = plogin(Client(instance), email)
    assert r.status == 403 and 'sponsoring provider has ended' in r.text
