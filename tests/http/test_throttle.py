"""Throttling (S-2, F-SIGNUP 2 and 6; issue 7 items 3 and 9): wrong
passwords per account and address with growing delays, a stranger cannot
lock the owner out, a completed reset lifts the delay; wrong dates of birth
void an activation token whatever address they come from; the staff queue
is limited per account and per address; an address gets one "sign-up
attempt" e-mail, however many strangers try it.

Each test speaks from its own client addresses (127.0.0.x: the portal's
REMOTE_ADDR), so the counts of one test never meet another's. The growing
delays are crossed by restarting the workers on a later clock (faketime),
never by sleeping."""

import itertools
import re
import time

from family import (PASSWORD, count, ctl, db, link_in, login, mail_to,
                    new_family, open_link, patient, signup, token, unique_email)
from harness import Client

# Cheap password hashes: what is tested here is the rules, not the hash's
# cost, which the shipped scrypt_n makes slow (CI time).
# Two workers a program (the harness starts one): this module's tests
# send requests at once, or kill or stop a worker and expect another.
INSTANCE = {'workers': 2, 'conf': {'scrypt_n': 1024}}

_hosts = itertools.count(2)
WRONG = 'Wrong9Password'


def source():
    """A client address no other test of this module uses."""
    n = next(_hosts)
    assert n < 255
    return f'127.0.0.{n}'


def stranger(instance):
    return Client(instance, source=source())


def test_stranger_cannot_lock_the_owner_out(instance):
    # Item 9: wrong passwords from one address slow that address down,
    # not the owner's own browser, nor the owner on another browser.
    c, p, addr = new_family(instance)
    s = stranger(instance)
    answers = [login(s, addr, WRONG).status for _ in range(8)]
    assert answers[:5] == [401] * 5, answers
    r = login(s, addr, PASSWORD)		# even the right password waits
    assert r.status == 429 and 'Too many sign-in attempts' in r.text
    assert 'Wait ' in r.text and 'reset your password' in r.text
    assert login(c, addr).status == 303
    assert login(Client(instance), addr).status == 303
    assert count(instance, "SELECT count(*) FROM audit WHERE action = "
                 "'login.throttled'") >= 1


def test_unknown_address_throttled_alike(instance):
    # F-SIGNUP 6: the delay does not tell whether an address has an account.
    c, p, addr = new_family(instance)
    nobody = unique_email('nobody')
    s1, s2 = stranger(instance), stranger(instance)
    for _ in range(5):
        assert login(s1, addr, WRONG).status == 401
        assert login(s2, nobody, WRONG).status == 401
    a, b = login(s1, addr, WRONG), login(s2, nobody, WRONG)
    assert a.status == b.status == 429
    def main(r, typed):
        text = r.text.split('<main', 1)[1].split('</main>', 1)[0]
        return re.sub(r'name="csrf" value="[^"]*"', '', text.replace(typed, '@'))
    assert main(a, addr) == main(b, nobody)


def test_many_addresses_slow_the_account_not_the_owners_browser(instance):
    # Item 9: guesses spread over many addresses still reach an account-
    # wide limit, which browsers that signed in to the account before
    # (the owner's) do not meet.
    c, p, addr = new_family(instance)
    for _ in range(10):
        assert login(stranger(instance), addr, WRONG).status == 401
    r = login(stranger(instance), addr, PASSWORD)
    assert r.status == 429 and 'Too many sign-in attempts' in r.text
    assert login(c, addr).status == 303		# the owner's browser


def test_delays_grow(instance):
    # Item 9: 5 wrong passwords are free; then 1 minute, then 2, ...
    c, p, addr = new_family(instance)
    s = stranger(instance)
    for _ in range(5):
        assert login(s, addr, WRONG).status == 401
    r = login(s, addr, PASSWORD)
    assert r.status == 429 and 'Wait 1 minute and' in r.text
    t = time.time()
    try:
        instance.restart_workers(faketime=t + 65)
        assert login(s, addr, WRONG).status == 401
        r = login(s, addr, PASSWORD)
        assert r.status == 429 and 'Wait 2 minutes and' in r.text
        instance.restart_workers(faketime=t + 65 + 135)
        assert login(s, addr, PASSWORD).status == 303
    finally:
        instance.restart_workers()


def test_completed_reset_lifts_the_delay(instance):
    # Item 9: a completed password reset clears the account's delays, from
    # every address.
    c, p, addr = new_family(instance)
    here, there = source(), source()
    for _ in range(6):
        login(Client(instance, source=here), addr, WRONG)
        login(Client(instance, source=there), addr, WRONG)
    assert login(Client(instance, source=here), addr, PASSWORD).status == 429
    anon = Client(instance, source=here)
    f = anon.get('/login/forgot').form_fields('forgot')
    f['email'] = addr
    assert anon.post('/login/forgot', f).status == 200
    _, f = open_link(anon, link_in(mail_to(instance, addr, 'Reset')), 'reset')
    f.update({'password': 'Meadow4Copper', 'password2': 'Meadow4Copper'})
    assert anon.post('/login/reset', f).status == 200
    for a in (here, there):
        r = login(Client(instance, source=a), addr, 'Meadow4Copper')
        assert r.status == 303, (a, r.status)


def failures(instance, key):
    """The throttle count of key, or None when it has no row."""
    with db(instance) as con:
        row = con.execute('SELECT failures FROM throttle WHERE key = ?',
                          (key,)).fetchone()
    return row[0] if row else None


def test_sign_in_counted_before_the_password_check(instance):
    # Review of items 3 and 9: an attempt is counted as a failure before
    # the slow password check (so concurrent guesses see each other's
    # counts) and taken back when the password is right: a right password
    # leaves the address's row at 0, where counting after the verdict
    # left no row at all; a wrong one leaves 1. The same for staff.
    c, p, addr = new_family(instance)
    here, there = source(), source()
    assert login(Client(instance, source=here), addr).status == 303
    assert failures(instance, f'addr:{here}') == 0
    assert login(Client(instance, source=here), addr, WRONG).status == 401
    assert failures(instance, f'addr:{here}') == 1
    assert login(Client(instance, source=here), addr).status == 303
    assert failures(instance, f'addr:{here}') == 1
    ctl(instance, 'staff', 'add', '--username', 'early', '--name', 'Early Bird',
        input='Ledger5Walnut\n')
    s = Client(instance, source=there)
    f = s.get('/staff/login').form_fields('staff-login')
    f.update({'username': 'early', 'password': 'Ledger5Walnut'})
    assert s.post('/staff/login', f).status == 303
    assert failures(instance, f'addr:{there}') == 0


def test_wrong_dates_of_birth_void_the_token(instance):
    # Item 3: three wrong dates of birth with one token, from three
    # addresses, void it; the message says to ask for a new one.
    addr = unique_email('dora')
    p = patient(instance, 9, [('parent', 'Dora', 'Dob', addr)])
    tok = token(instance, p['mrn'])
    who = dict(given='Dora', family='Dob', email=addr)
    for day in ('2001-01-01', '2001-01-02'):
        r = signup(stranger(instance), token=tok, dob=day, **who)
        assert r.status == 422 and 'do not match our records' in r.text
    r = signup(stranger(instance), token=tok, dob='2001-01-03', **who)
    assert r.status == 422 and 'can no longer be used' in r.text
    assert 'Ask the clinic for a new one' in r.text
    r = signup(stranger(instance), token=tok, dob=p['dob'], **who)
    assert r.status == 422 and 'can no longer be used' in r.text
    assert count(instance, 'SELECT count(*) FROM accounts WHERE email = ?',
                 addr) == 0
    # A new token works.
    r = signup(stranger(instance), token=token(instance, p['mrn']),
               dob=p['dob'], **who)
    assert r.status == 303, r.text


def test_mrn_requests_limited_per_address(instance):
    # Item 3: one address queues at most 5 requests an hour for staff.
    s = source()
    answers = []
    for i in range(8):
        r = signup(Client(instance, source=s), proof='mrn', mrn=f'Q{i:05d}',
                   visit_date='2020-05-05', given='Quinn', family='Queue',
                   email=unique_email('quinn'))
        answers.append(r.status)
        if r.status != 303:
            assert 'Too many requests from this connection' in r.text
            f = r.form_fields('signup')
            assert f is not None
    assert answers == [303] * 5 + [422] * 3, answers
    assert count(instance, "SELECT count(*) FROM signup_requests r JOIN "
                 "accounts a ON a.id = r.account_id WHERE a.family = "
                 "'Queue'") == 5


def test_mrn_requests_limited_per_account(instance):
    # Item 3: an account has at most 3 requests waiting for staff.
    c, p, addr = new_family(instance)
    answers = []
    for i in range(4):
        f = c.get('/account/add').form_fields('add')
        f.update({'who': 'guardian', 'proof': 'mrn', 'mrn': f'R{i:05d}',
                  'visit_date': '2020-05-05'})
        r = c.post('/account/add', f)
        answers.append(r.status)
    assert answers == [303, 303, 303, 422], answers
    assert 'requests waiting for our staff' in r.text
    assert count(instance, "SELECT count(*) FROM signup_requests r JOIN "
                 "accounts a ON a.id = r.account_id WHERE a.email = ?",
                 addr) == 3


def test_signup_attempts_mail_the_owner_once(instance):
    # Item 3: ten strangers signing up with a registered address send its
    # owner one "sign-up attempt" e-mail, and each sees the usual page.
    c, p, addr = new_family(instance)
    for i in range(10):
        r = signup(stranger(instance), proof='mrn', mrn=f'S{i:05d}',
                   visit_date='2020-05-05', given='Sam', family='Stranger',
                   email=addr)
        assert r.status == 303 and r.location.endswith('/signup/sent')
    instance.deliver_mail()
    told = [m for m in instance.mails()
            if addr in m.to and 'Sign-up attempt' in m.subject]
    assert len(told) == 1, len(told)


def test_portalctl_policy_prints_the_rules(instance):
    # The limits are rules of the policy layer, printed for the privacy
    # office beside the access rules.
    rc, out, err = instance.portalctl('policy')
    assert rc == 0, err
    part = out.split('THROTTLING', 1)[1]
    assert '1, 2, 5, 15, 30 minutes, then 60 minutes' in part
    assert 'voids the token' in part
    assert 'waiting for staff: 3;' in part
    assert '"Sign-up attempt" e-mails' in part
