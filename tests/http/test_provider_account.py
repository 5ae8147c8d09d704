"""Pass codes and the account page of the provider portal (issue 11.3,
11.7; P-LOGIN 3, 4): "reset a forgotten or expired password" with an
e-mailed pass code and the security questions, the life of a pass code
(single use, expiry, void after wrong tries, only the newest counts),
throttling, and the account's own changes."""

import re

from harness import Client
from provider import (PASSWORD, add_provider, count_mails, pass_code_mail,
                      plogin, setup_mail, signed_in, unique_email)

# Passwords, pass codes and answers are scrypt hashes: cheap ones here
# (the rules are what is tested, as in tests/app and test_mfa).
INSTANCE = {'conf': {'scrypt_n': 1024}}

NEW = 'Renewed4Otoscope'
ANSWERS = {'q1': '1', 'a1': 'Rex', 'q2': '3', 'a2': 'Lincoln Elementary',
           'q3': '5', 'a3': 'Volvo 240'}


def fresh_counts(instance):
    """The per-address counts (every test comes from 127.0.0.1)."""
    instance.execute('DELETE FROM throttle')


def with_questions(instance):
    """An account set up through its e-mailed link, with the security
    questions of ANSWERS: (id, email)."""
    pid, email = add_provider(instance)
    link = setup_mail(instance, email)
    c = Client(instance)
    f = c.get('/provider/setup').form_fields('setup')
    f.update(ANSWERS, t=link.split('#t=')[1], password=PASSWORD,
             password2=PASSWORD)
    r = c.post('/provider/setup', f)
    assert r.status == 200 and 'Your password is saved' in r.text, r.text
    return pid, email


def forgot(c, email):
    f = c.get('/provider/forgot').form_fields('forgot')
    f['email'] = email
    return c.post('/provider/forgot', f)


def reset_step1(c, email, code):
    f = c.get('/provider/reset').form_fields('reset')
    f.update(email=email, code=code)
    return c.post('/provider/reset', f)


def reset(c, email, code, answers=('Rex', 'Lincoln Elementary', 'Volvo 240'),
          password=NEW):
    r = reset_step1(c, email, code)
    if r.status != 200:
        return r
    f = r.form_fields('reset')
    asked = re.findall(r'<input id="a(\d)" name="a\d"', r.text)
    assert len(asked) == len(answers), (asked, answers)
    for n, a in zip(asked, answers):
        f[f'a{n}'] = a
    f.update(password=password, password2=password)
    return c.post('/provider/reset', f)


def test_forgot_reads_the_same_for_every_address(instance):
    fresh_counts(instance)
    pid, email = add_provider(instance)
    nobody = unique_email('nobody')
    a = forgot(Client(instance), email)
    b = forgot(Client(instance), nobody)
    assert a.status == b.status == 200
    assert 'we have e-mailed it a pass code' in a.text
    strip = lambda r, e: r.text.split('<main', 1)[1].replace(e, '@')
    assert strip(a, email) == strip(b, nobody)
    assert pass_code_mail(instance, email) is not None
    assert count_mails(instance, nobody, 'pass code') == 0
    # An account not in good standing gets none either.
    pid2, email2 = add_provider(instance)
    instance.execute("UPDATE provider_accounts SET status = 'suspended' "
                     "WHERE id = ?", pid2)
    assert forgot(Client(instance), email2).status == 200
    assert count_mails(instance, email2, 'pass code') == 0


def test_reset_with_code_and_questions(instance):
    fresh_counts(instance)
    pid, email = with_questions(instance)
    before = Client(instance)
    assert plogin(before, email).status == 303		# a session to end
    told = count_mails(instance, email, 'password was changed')
    c = Client(instance)
    assert forgot(c, email).status == 200
    code = pass_code_mail(instance, email)
    r = reset_step1(c, email, code)
    assert r.status == 200
    assert 'What was the name of your first pet?' in r.text
    assert 'What was the make and model of your first car?' in r.text
    assert code not in r.text.split('name="code"')[0]	# only in its field
    # A wrong answer: refused, a wrong try of the code.
    r = reset(c, email, code, answers=('Rex', 'Washington', 'Volvo 240'))
    assert r.status == 400 and 'An answer to your security questions' in r.text
    assert instance.value("SELECT tries FROM pass_codes WHERE account_id = ? "
                          "AND purpose = 'reset'", pid) == 1
    assert plogin(Client(instance), email, NEW).status == 401
    # Answers are not case-sensitive; runs of spaces are one.
    r = reset(c, email, code, answers=('REX', 'lincoln   elementary', 'volvo 240'))
    assert r.status == 200 and 'Your password has been changed' in r.text, r.text
    assert plogin(Client(instance), email, PASSWORD).status == 401
    assert plogin(Client(instance), email, NEW).status == 303
    r = before.get('/provider/')			# every session ended
    assert r.status == 303 and '/provider/login' in r.location
    assert count_mails(instance, email, 'password was changed') == told + 1
    assert instance.value("SELECT count(*) FROM audit WHERE action = "
                          "'provider.password_reset' AND detail = ?", email) == 1
    # Used: refused, with a way to a new one.
    r = reset_step1(Client(instance), email, code)
    assert r.status == 400 and 'already been used' in r.text
    assert 'href="/provider/forgot"' in r.text
    instance.note_secret(NEW, 'provider password')


def test_expired_code_and_expired_password(instance):
    fresh_counts(instance)
    pid, email = add_provider(instance)	# no security questions on file
    instance.execute('UPDATE provider_accounts SET pw_changed = ? WHERE id = ?',
                     int(instance.now()) - 400 * 86400, pid)
    c = Client(instance)
    r = plogin(c, email)
    assert r.status == 403 and 'Your password has expired' in r.text
    forgot(c, email)
    code = pass_code_mail(instance, email)
    instance.execute("UPDATE pass_codes SET expires = ? WHERE account_id = ?",
                     int(instance.now()) - 1, pid)
    r = reset_step1(c, email, code)
    assert r.status == 400
    assert 'This pass code has expired. Request a new one.' in r.text
    assert 'href="/provider/forgot"' in r.text
    forgot(c, email)
    code = pass_code_mail(instance, email)
    r = reset(c, email, code, answers=())
    assert r.status == 200 and 'Your password has been changed' in r.text
    assert plogin(Client(instance), email, NEW).status == 303


def test_codes_of_another_account_and_earlier_codes(instance):
    fresh_counts(instance)
    pid_a, a = add_provider(instance)
    pid_b, b = add_provider(instance)
    c = Client(instance)
    forgot(c, a)
    code_a = pass_code_mail(instance, a)
    forgot(c, b)
    code_b = pass_code_mail(instance, b)
    if code_a != code_b:
        r = reset_step1(c, b, code_a)
        assert r.status == 400 and 'not correct' in r.text
    # A newer code voids the earlier one.
    forgot(c, a)
    code_a2 = pass_code_mail(instance, a)
    if code_a2 != code_a:
        r = reset_step1(c, a, code_a)
        assert r.status == 400 and 'not correct' in r.text
    assert reset(c, a, code_a2, answers=()).status == 200


def test_void_after_wrong_tries(instance):
    fresh_counts(instance)
    pid, email = add_provider(instance)
    c = Client(instance)
    forgot(c, email)
    code = pass_code_mail(instance, email)
    wrong = '%08d' % ((int(code) + 1) % 100000000)
    for _ in range(5):				# pass_code_tries
        r = reset_step1(c, email, wrong)
        assert r.status == 400 and 'not correct' in r.text
    r = reset_step1(c, email, code)
    assert r.status == 400 and 'entered wrong too many times' in r.text
    assert plogin(Client(instance), email, NEW).status == 401


def test_throttles(instance):
    fresh_counts(instance)
    pid, email = add_provider(instance)
    c = Client(instance)
    for _ in range(4):
        assert forgot(c, email).status == 200
    assert count_mails(instance, email, 'pass code') == 3	# an hour
    statuses = [forgot(c, unique_email()).status for _ in range(8)]
    assert statuses[:6] == [200] * 6 and statuses[6:] == [429, 429], statuses
    # Wrong codes from one address, any account.
    fresh_counts(instance)
    for i in range(20):
        reset_step1(c, unique_email(), '12345678')
    r = reset_step1(c, email, '12345678')
    assert r.status == 400 and 'Too many wrong pass codes' in r.text
    fresh_counts(instance)


def test_account_contact_and_password(instance):
    fresh_counts(instance)
    c, pid, email = signed_in(instance)
    other = Client(instance)
    assert plogin(other, email).status == 303
    page = c.get('/provider/account')
    assert page.status == 200 and 'Dana' in page.text
    assert 'href="/provider/2fa/setup"' in page.text
    f = page.form_fields('contact-form')
    f.update(given='Dana', family='Doctor-Smith', phone='(617) 555-0142')
    r = c.post('/provider/account/contact', f)
    assert r.status == 303
    page = c.get(r.location)
    assert 'Doctor-Smith' in page.text and '(617) 555-0142' in page.text
    f = page.form_fields('contact-form')
    f['given'] = ''
    r = c.post('/provider/account/contact', f)
    assert r.status == 422 and 'Doctor-Smith' in r.text
    # Password: the current one first.
    f = page.form_fields('password-form')
    f.update(current='Wrong9Password', password=NEW, password2=NEW)
    r = c.post('/provider/account/password', f)
    assert r.status == 403 and 'current password is not correct' in r.text
    f.update(current=PASSWORD)
    r = c.post('/provider/account/password', f)
    assert r.status == 303, r.text
    assert 'Your password has been changed' in c.get(r.location).text
    assert c.get('/provider/').status == 200		# this session goes on
    assert other.get('/provider/').status == 303		# the other ended
    assert plogin(Client(instance), email, NEW).status == 303
    assert count_mails(instance, email, 'password was changed') == 1
    for action in ('provider.contact_changed', 'provider.password_changed'):
        assert instance.value('SELECT count(*) FROM audit WHERE action = ?',
                              action) == 1


def test_account_security_questions(instance):
    fresh_counts(instance)
    pid, email = with_questions(instance)
    c = Client(instance)
    assert plogin(c, email).status == 303
    page = c.get('/provider/account')
    r = c.post('/provider/account/code', page.form_fields('code-form'))
    assert r.status == 303
    page = c.get(r.location)
    assert 'We have e-mailed you a pass code' in page.text
    code = pass_code_mail(instance, email)
    f = page.form_fields('questions-form')
    f.update(q1='2', a1='Boston', q2='4', a2='Sam', q3='9', a3='Paper route')
    f['code'] = '%08d' % ((int(code) + 1) % 100000000)
    r = c.post('/provider/account/questions', f)
    assert r.status == 400 and 'not correct' in r.text
    f['code'] = code
    f['q3'] = '2'
    r = c.post('/provider/account/questions', f)
    assert r.status == 422 and 'three different questions' in r.text
    f['q3'] = '9'
    r = c.post('/provider/account/questions', f)
    assert r.status == 303, r.text
    assert 'Your security questions are saved' in c.get(r.location).text
    rows = instance.query('SELECT question FROM security_answers WHERE '
                          'account_id = ? ORDER BY n', pid)
    assert rows[0][0] == 'In what city or town were you born?'
    # The reset now asks the new ones.
    fresh_counts(instance)
    forgot(Client(instance), email)
    code = pass_code_mail(instance, email)
    r = reset(Client(instance), email, code, answers=('boston', 'SAM', 'paper route'))
    assert r.status == 200 and 'Your password has been changed' in r.text


def test_a_setup_link_on_an_account_in_use_is_a_reset(instance):
    """A setup link sent again for an account already set up (staff's
    "resend", portalctl provider link) ends the account's sessions and
    tells the owner, as a reset with a pass code does (review, session
    16: a browser signed in before kept its session)."""
    fresh_counts(instance)
    pid, email = with_questions(instance)
    before = Client(instance)
    assert plogin(before, email).status == 303
    assert before.get('/provider/').status == 200
    told = count_mails(instance, email, 'password was changed')
    link = setup_mail(instance, email)
    c = Client(instance)
    f = c.get('/provider/setup').form_fields('setup')
    f.update(ANSWERS, t=link.split('#t=')[1], password=NEW, password2=NEW)
    r = c.post('/provider/setup', f)
    assert r.status == 200 and 'Your password is saved' in r.text, r.text
    r = before.get('/provider/')
    assert r.status == 303 and '/provider/login' in r.location, r.status
    assert count_mails(instance, email, 'password was changed') == told + 1
    assert plogin(Client(instance), email, NEW).status == 303
