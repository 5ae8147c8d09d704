"""The family's profile through the web server (issue 14.1; F-PROFILE 1,
3): contact information shown and saved at once, audited, everything
typed back on error; an e-mail change takes effect only through its
single-use link (reused, expired, tampered: refused), the old address is
told; an address of another account gets the same answer as any other
and changes nothing; the PCP on file read-only."""

import re

import visitdata as vd
from family import PASSWORD, count, login, mail_to, new_family, \
    unique_email, code_in, link_in, open_link
from harness import Client

INSTANCE = {'conf': {'scrypt_n': 1024}}


def form(c):
    r = c.get('/account/profile/')
    assert r.status == 200, (r.status, r.text)
    return r, r.form_fields('profile')


def test_contact_saved_and_errors_typed_back(instance):
    c, p, addr = new_family(instance)
    r, f = form(c)
    assert f'value="{addr}"' in r.text
    assert "To update your PCP, contact your PCP's office" in r.text
    f.update({'email': addr, 'address1': '12 Elm St', 'address2': 'Apt 3', 'city': 'Boston',
              'state': 'XX', 'postal': '1234', 'phone_mobile': '12',
              'preferred': 'home'})
    r = c.post('/account/profile/', f)
    assert r.status == 422, r.text
    assert "two-letter code" in r.text and 'ZIP code of 5 digits' in r.text
    assert 'Enter a phone number' in r.text
    for v in ('12 Elm St', 'Apt 3', 'Boston', 'XX', '1234'):
        assert f'value="{v}"' in r.text, v
    assert re.search(r'value="home" checked', r.text)
    assert count(instance, 'SELECT count(*) FROM accounts WHERE email = ? '
                 'AND address1 IS NOT NULL', addr) == 0
    # 'home' needs a home number.
    f.update({'state': 'ma', 'postal': '02115', 'phone_mobile': ''})
    r = c.post('/account/profile/', f)
    assert r.status == 422 and 'Enter a home number' in r.text, r.text
    f['phone_home'] = '(617) 555-0100'
    r = c.post('/account/profile/', f)
    assert r.status == 303 and r.location.endswith('?saved=1'), r.text
    r = c.get('/account/profile/?saved=1')
    assert 'Your contact information was saved' in r.text
    assert 'value="MA"' in r.text and 'value="(617) 555-0100"' in r.text
    assert 'value="02115"' in r.text
    assert count(instance, "SELECT count(*) FROM audit WHERE action = "
                 "'profile.update' AND detail = 'changed=address,phones,"
                 "preferred'") == 1


def test_pcp_shown_read_only(instance):
    c, p, addr = new_family(instance)
    instance.execute("INSERT INTO providers (npi, given, family, credential, "
                     "organization, city, state, family_key, source) VALUES "
                     "('1234567893', 'Ann', 'Lee', 'MD', 'Elm Pediatrics', "
                     "'Quincy', 'MA', 'lee', 'nppes')")
    instance.execute("UPDATE patients SET pcp_id = (SELECT id FROM providers "
                     "WHERE npi = '1234567893') WHERE mrn = ?", p['mrn'])
    r, f = form(c)
    assert 'Ann Lee, MD, Elm Pediatrics (Quincy, MA)' in r.text, r.text
    assert 'pcp' not in f
    assert count(instance, "SELECT count(*) FROM audit WHERE action = "
                 "'profile.view' AND patient_id = ?",
                 vd.patient_id(instance, p['mrn'])) >= 1


def test_email_change_needs_the_password(instance):
    """A session alone (a computer left signed in) cannot move the
    account's address, which the password resets follow (review, session
    16): without the password, or with a wrong one, nothing is saved or
    sent, and everything typed but the password comes back."""
    c, p, addr = new_family(instance)
    new = unique_email('taker')
    r, f = form(c)
    f.update({'email': new, 'city': 'Quincy', 'state': 'MA',
              'address1': '1 Main St', 'postal': '02169'})
    f.pop('password', None)
    r = c.post('/account/profile/', f)
    assert r.status == 422, r.status
    assert 'Enter your password to change your e-mail address' in r.text
    assert f'value="{new}"' in r.text and 'value="Quincy"' in r.text
    f['password'] = PASSWORD + 'x'
    r = c.post('/account/profile/', f)
    assert r.status == 422 and 'Your password is not correct' in r.text
    assert PASSWORD + 'x' not in r.text
    assert f'value="{new}"' in r.text
    assert count(instance, "SELECT count(*) FROM audit WHERE action = "
                 "'profile.password_refused'") >= 1
    assert count(instance, 'SELECT count(*) FROM email_changes WHERE '
                 'email = ?', new) == 0
    assert mail_to(instance, new, 'Confirm your new e-mail address') is None
    assert count(instance, "SELECT count(*) FROM accounts WHERE email = ? "
                 "AND COALESCE(city, '') <> 'Quincy'", addr) == 1
    # The other details alone need no password.
    r, f = form(c)
    f.update({'email': addr, 'city': 'Quincy', 'state': 'MA', 'address1': '1 Main St',
              'postal': '02169'})
    f.pop('password', None)
    r = c.post('/account/profile/', f)
    assert r.status == 303, re.findall(r'field-error[^>]*>([^<]*)', r.text)
    # A wrong password is a sign-in's: the sign-in's wait stops guessing.
    for i in range(6):
        r, f = form(c)
        f.update({'email': new, 'password': f'Wrong{i}Guess99'})
        r = c.post('/account/profile/', f)
        assert r.status == 422
    assert 'Too many wrong passwords' in r.text
    r, f = form(c)
    f.update({'email': new, 'password': PASSWORD})
    assert c.post('/account/profile/', f).status == 422


def test_email_change_by_link(instance):
    c, p, addr = new_family(instance)
    new = unique_email('moved')
    r, f = form(c)
    f['email'] = new
    f['password'] = PASSWORD
    r = c.post('/account/profile/', f)
    assert r.status == 303 and r.location.endswith('?sent=1'), r.text
    # Nothing changes until the link is opened; the old address is told.
    assert count(instance, 'SELECT count(*) FROM accounts WHERE email = ?',
                 addr) == 1
    told = mail_to(instance, addr, 'A change of your e-mail address')
    assert told is not None and new not in told.body
    mail = mail_to(instance, new, 'Confirm your new e-mail address')
    link = link_in(mail)
    assert link.startswith('/account/profile/email#t=')
    token = code_in(link)
    # The token is stored only as its hash.
    assert count(instance, 'SELECT count(*) FROM email_changes WHERE '
                 'email = ?', new) == 1
    stored = instance.value('SELECT token_hash FROM email_changes WHERE '
                            'email = ?', new)
    assert token not in str(stored)
    # Tampered: one letter changed.
    anon = Client(instance)
    page, lf = open_link(anon, link, 'confirm')
    bad = dict(lf, t=token[:-1] + ('A' if token[-1] != 'A' else 'B'))
    r = anon.post('/account/profile/email', bad)
    assert r.status == 400 and 'not valid' in r.text
    r = anon.post('/account/profile/email', lf)
    assert r.status == 200 and 'Your e-mail address was changed' in r.text
    assert count(instance, 'SELECT count(*) FROM accounts WHERE email = ?',
                 new) == 1
    assert mail_to(instance, addr, 'was changed') is not None
    # Reused.
    page, lf = open_link(anon, link, 'confirm')
    r = anon.post('/account/profile/email', lf)
    assert r.status == 400 and 'already been used' in r.text
    # Sign in with the new address.
    assert login(Client(instance), new).status == 303
    assert count(instance, "SELECT count(*) FROM audit WHERE action = "
                 "'profile.email_refused'") >= 2


def test_email_change_expired_and_older_link(instance):
    c, p, addr = new_family(instance)
    first, second = unique_email('first'), unique_email('second')
    for new in (first, second):
        r, f = form(c)
        f['email'] = new
        f['password'] = PASSWORD
        assert c.post('/account/profile/', f).status == 303
    # The first link stopped working when the second was asked.
    anon = Client(instance)
    _, lf = open_link(anon, link_in(mail_to(instance, first, 'Confirm')),
                      'confirm')
    r = anon.post('/account/profile/email', lf)
    assert r.status == 400 and 'newer change' in r.text
    instance.execute('UPDATE email_changes SET expires = 1 WHERE email = ?',
                     second)
    _, lf = open_link(anon, link_in(mail_to(instance, second, 'Confirm')),
                      'confirm')
    r = anon.post('/account/profile/email', lf)
    assert r.status == 400 and 'expired' in r.text
    assert count(instance, 'SELECT count(*) FROM accounts WHERE email = ?',
                 addr) == 1


def told(instance, addr):
    """How many "a change was asked" notes addr received."""
    instance.deliver_mail()
    return len([m for m in instance.mails() if addr in m.to and
                'A change of your e-mail address' in m.subject])


def test_address_of_another_account(instance):
    c, p, addr = new_family(instance)
    other, q, taken = new_family(instance)
    # A link to a free address first: a newer request retires it, whatever
    # the newer address.
    r, f = form(c)
    f['email'] = unique_email('free')
    f['password'] = PASSWORD
    assert c.post('/account/profile/', f).status == 303
    earlier = link_in(mail_to(instance, f['email'],
                              'Confirm your new e-mail address'))
    assert told(instance, addr) == 1
    r, f = form(c)
    f['email'] = taken.upper()
    f['password'] = PASSWORD
    r = c.post('/account/profile/', f)
    # The same answer as any other address, in the page and in the old
    # mailbox (told again); nothing changes; the address gets a note
    # without a link, the owner's name nowhere.
    assert r.status == 303 and r.location.endswith('?sent=1'), r.text
    assert told(instance, addr) == 2
    note = mail_to(instance, taken, 'E-mail address change')
    assert note is not None and '#t=' not in note.body
    anon = Client(instance)
    page, lf = open_link(anon, earlier, 'confirm')
    r = anon.post('/account/profile/email', lf)
    assert r.status == 400 and 'already been used' in r.text
    assert count(instance, 'SELECT count(*) FROM email_changes WHERE '
                 'email = ?', taken.upper()) == 0
    assert count(instance, 'SELECT count(*) FROM accounts WHERE email = ?',
                 addr) == 1
    # A malformed address comes back typed.
    r, f = form(c)
    f['email'] = 'not-an-address'
    r = c.post('/account/profile/', f)
    assert r.status == 422 and 'value="not-an-address"' in r.text
