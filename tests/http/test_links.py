"""Links in e-mails behave as people expect (issue 15.4), and reminders
cannot be missed and name the child (issue 15.8, 15.5).

The e-mailed code travels in the link's fragment (#t=), which a browser
never sends, so the page's script (htdocs/link-code.js) makes the check on
arrival: it posts the code with check=1 at once. These tests do what the
script does: GET the page, then that POST. A check uses nothing up."""

import subprocess
from datetime import datetime, timedelta

from family import (PASSWORD, TZ, code_in, ctl, link_in, login, new_family,
                    patient, signup, today, token, unique_email)
from harness import ROOT, Client, _faketime_lib, forms

INSTANCE = {'conf': {'scrypt_n': 1024}}


def all_mail(instance, address, subject_part):
    instance.deliver_mail()
    return [m for m in instance.mails()
            if address in m.to and subject_part in m.subject]


def arrive(c, link, form_id):
    """Opens an e-mailed link as a browser with the script does: the page,
    then the check on arrival. Returns the check's response."""
    path = link.split('#', 1)[0]
    page = c.get(link)
    assert page.status == 200, page.text
    f = page.form_fields(form_id)
    f.update({'t': code_in(link), 'check': '1'})
    return c.post(path, f)


def form_of(r, form_id):
    """Every named control of the page's form form_id, as filled in."""
    f = [x for x in forms(r.text) if x['id'] == form_id]
    assert f, r.text
    return dict(f[0]['fields'])


def audits(instance, action):
    return instance.value('SELECT count(*) FROM audit WHERE action = ?',
                          action)


def unverified_family(instance, name):
    addr = unique_email(name)
    p = patient(instance, 7, [('parent', 'Pat', name.title(), addr)])
    c = Client(instance)
    r = signup(c, token=token(instance, p['mrn']), dob=p['dob'], given='Pat',
               family=name.title(), email=addr)
    assert r.status == 303, r.text
    return c, addr


# ---- sign-up verification ----

def test_earlier_verification_link_still_works(instance):
    c, addr = unverified_family(instance, 'early')
    # Signing in before confirming sends a new link each time.
    assert login(Client(instance), addr).status == 403
    assert login(Client(instance), addr).status == 403
    links = [link_in(m) for m in all_mail(instance, addr, 'Confirm')]
    assert len(links) == 3 and len(set(links)) == 3
    # The first e-mail's link still works, checked on arrival ...
    r = arrive(c, links[0], 'verify')
    assert r.status == 200, r.text
    assert 'id="verify"' in r.text and 'already been used' not in r.text
    assert 'data-checked="1"' in r.text
    assert form_of(r, 'verify')['t'] == code_in(links[0])
    # ... and a check used nothing up: it confirms.
    r = c.post('/signup/verify', form_of(r, 'verify'))
    assert r.status == 200 and 'your e-mail address is confirmed' in r.text
    assert login(Client(instance), addr).status == 303
    # The later links now say so on arrival, with the next step.
    for link in links[1:]:
        r = arrive(Client(instance), link, 'verify')
        assert r.status == 400, r.text
        assert 'This link has already been used' in r.text
        assert 'you can sign in' in r.text
        assert 'href="/login/">Sign in</a>' in r.text
        assert 'id="verify"' not in r.text		# no form to fill in


def test_expired_verification_link_says_so_on_arrival(instance):
    c, addr = unverified_family(instance, 'late')
    link = link_in(all_mail(instance, addr, 'Confirm')[-1])
    instance.execute("UPDATE email_links SET expires = 1 WHERE account_id = "
                     "(SELECT id FROM accounts WHERE email = ?)", addr)
    r = arrive(c, link, 'verify')
    assert r.status == 400, r.text
    assert 'This link has expired' in r.text and 'id="verify"' not in r.text
    assert 'href="/login/">Sign in to get a new link</a>' in r.text
    # The next step works: signing in sends a new link, which confirms.
    assert login(Client(instance), addr).status == 403
    fresh = link_in(all_mail(instance, addr, 'Confirm')[-1])
    assert fresh != link
    r = arrive(c, fresh, 'verify')
    assert r.status == 200
    r = c.post('/signup/verify', form_of(r, 'verify'))
    assert r.status == 200 and 'your e-mail address is confirmed' in r.text


def test_wrong_and_malformed_codes(instance):
    c, addr = unverified_family(instance, 'wrong')
    link = link_in(all_mail(instance, addr, 'Confirm')[-1])
    before = audits(instance, 'verify.refused')
    page = c.get('/signup/verify')
    f = page.form_fields('verify')
    # Well formed, not ours: the form with the words, nothing changed.
    f.update({'t': 'AAAAAAAAAAAA.' + 'B' * 32, 'check': '1'})
    r = c.post('/signup/verify', f)
    assert r.status == 400 and 'This code is not valid' in r.text
    assert 'id="verify"' in r.text
    assert audits(instance, 'verify.refused') == before + 1
    # Malformed: refused before the store is asked.
    for bad in ('x', '../../etc', 'A' * 300, '%00', '<script>'):
        f.update({'t': bad})
        r = c.post('/signup/verify', f)
        assert r.status in (400, 422), (bad, r.status)
        assert 'id="verify"' in r.text and '<script>' not in r.text
    # The real link still works: nothing was used up.
    assert arrive(c, link, 'verify').status == 200
    assert instance.value('SELECT verified FROM accounts WHERE email = ?',
                          addr) in (0, None)


# ---- password reset ----

def forgot(instance, addr):
    anon = Client(instance)
    f = anon.get('/login/forgot').form_fields('forgot')
    f['email'] = addr
    assert anon.post('/login/forgot', f).status == 200


def test_reset_links_on_arrival(instance):
    _, _, addr = new_family(instance)
    forgot(instance, addr)
    forgot(instance, addr)
    links = [link_in(m) for m in all_mail(instance, addr, 'Reset')]
    assert len(links) == 2
    anon = Client(instance)
    # Both work until one is used: the first one here.
    assert arrive(anon, links[1], 'reset').status == 200
    r = arrive(anon, links[0], 'reset')
    assert r.status == 200 and 'id="reset"' in r.text, r.text
    assert 'Enter' not in r.text			# no password errors yet
    f = form_of(r, 'reset')
    assert f['t'] == code_in(links[0])
    f.update({'password': 'Meadow4Copper', 'password2': 'Meadow4Copper'})
    r = anon.post('/login/reset', f)
    assert r.status == 200 and 'Your password has been changed' in r.text
    # Used, then: both say so on arrival, with the next step.
    for link in links:
        r = arrive(Client(instance), link, 'reset')
        assert r.status == 400, r.text
        assert 'This link has already been used' in r.text
        assert 'href="/login/">Sign in</a>' in r.text
        assert 'href="/login/forgot"' in r.text
        assert 'id="reset"' not in r.text
    # Expired: says so, and the button asks for a new one.
    forgot(instance, addr)
    link = link_in(all_mail(instance, addr, 'Reset')[-1])
    instance.execute("UPDATE email_links SET expires = 1 WHERE purpose = "
                     "'reset' AND account_id = (SELECT id FROM accounts "
                     "WHERE email = ?)", addr)
    r = arrive(Client(instance), link, 'reset')
    assert r.status == 400 and 'This link has expired' in r.text, r.text
    assert 'href="/login/forgot">Ask for a new link</a>' in r.text
    assert 'id="reset"' not in r.text
    assert login(Client(instance), addr, 'Meadow4Copper').status == 303


# ---- e-mail change ----

def ask_change(instance, c, new):
    f = c.get('/account/profile/').form_fields('profile')
    f['email'] = new
    f['password'] = PASSWORD
    r = c.post('/account/profile/', f)
    assert r.status == 303, r.text
    return link_in(all_mail(instance, new, 'Confirm your new')[-1])


def test_email_change_links_on_arrival(instance):
    c, _, old = new_family(instance)
    new = unique_email('moved')
    link = ask_change(instance, c, new)
    anon = Client(instance)
    r = arrive(anon, link, 'confirm')
    assert r.status == 200 and 'id="confirm"' in r.text, r.text
    assert form_of(r, 'confirm')['t'] == code_in(link)
    assert login(Client(instance), old).status == 303	# nothing changed
    r = anon.post('/account/profile/email', form_of(r, 'confirm'))
    assert r.status == 200 and 'Your e-mail address was changed' in r.text
    r = arrive(Client(instance), link, 'confirm')
    assert r.status == 400 and 'This link has already been used' in r.text
    assert 'href="/account/profile/"' in r.text and 'id="confirm"' not in r.text
    # Expired.
    c2 = Client(instance)
    assert login(c2, new).status == 303
    other = unique_email('again')
    link = ask_change(instance, c2, other)
    instance.execute('UPDATE email_changes SET expires = 1 WHERE email = ?',
                     other)
    r = arrive(Client(instance), link, 'confirm')
    assert r.status == 400 and 'This link has expired' in r.text, r.text
    assert 'href="/account/profile/"' in r.text and 'id="confirm"' not in r.text


# ---- reminders over skipped days (issue 15.8), naming the child (15.5) ----

def cron_on(instance, day):
    """`portalctl cron` as if run at noon on day (the hospital's zone),
    under faketime: the program reads its clock, not a test's."""
    when = datetime.combine(day, datetime.min.time(), TZ) + timedelta(hours=12)
    env = instance.env()
    env.update({'LD_PRELOAD': _faketime_lib(),
                'FAKETIME': '@' + when.astimezone().strftime('%Y-%m-%d %H:%M:%S'),
                'FAKETIME_DONT_FAKE_MONOTONIC': '1'})
    out = subprocess.run([str(ROOT / 'bin' / 'portalctl'), 'cron'], env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    return out.stdout


def test_birthday_reminders_over_skipped_days(instance):
    addr = unique_email('twins')
    ava = patient(instance, 17, [('parent', 'Rae', 'Quill', addr)],
                  given='Ava', family='Quill', days_to_birthday=40)
    ben = patient(instance, 17, [('parent', 'Rae', 'Quill', addr)],
                  given='Ben', family='Quill', days_to_birthday=100)
    c = Client(instance)
    assert signup(c, token=token(instance, ava['mrn']), dob=ava['dob'],
                  given='Rae', family='Quill', email=addr).status == 303
    confirm_link = link_in(all_mail(instance, addr, 'Confirm')[-1])
    r = arrive(c, confirm_link, 'verify')
    assert c.post('/signup/verify', form_of(r, 'verify')).status == 200
    assert login(c, addr).status == 303
    f = c.get('/account/add').form_fields('add')
    f.update({'who': 'guardian', 'proof': 'token',
              'token': token(instance, ben['mrn']), 'dob': ben['dob']})
    assert c.post('/account/add', f).status == 303

    def reminders():
        return [m.body for m in all_mail(instance, addr, 'access will change')]

    t = today()
    # Cron was down until Ava's 60-day day had passed: the next run sends it.
    cron_on(instance, t + timedelta(days=5))
    got = reminders()
    assert len(got) == 1 and 'Ava turns 18 in 35 days.' in got[0], got
    cron_on(instance, t + timedelta(days=5))		# again: nothing
    assert len(reminders()) == 1
    # Down again past Ava's birthday: nothing for her (never "30 days left"
    # after it); Ben's 60-day reminder, 50 days before.
    cron_on(instance, t + timedelta(days=50))
    got = reminders()
    assert len(got) == 2 and 'Ben turns 18 in 50 days.' in got[1], got
    # Ben's 30-day day missed too: then his 7-day one, once.
    cron_on(instance, t + timedelta(days=95))
    cron_on(instance, t + timedelta(days=95))
    got = reminders()
    assert len(got) == 3 and 'Ben turns 18 in 5 days.' in got[2], got
    cron_on(instance, t + timedelta(days=100))		# the birthday
    assert len(reminders()) == 3
    for body in got:
        for phi in ('Quill', ava['mrn'], ben['mrn'], ava['dob'], ben['dob']):
            assert phi not in body, (phi, body)
    assert PASSWORD not in ''.join(got)


# ---- the provider portal's setup link ----

def test_provider_setup_link_on_arrival(instance):
    from provider import PASSWORD as PPASS, add_provider, setup_mail
    answers = {'q1': '1', 'a1': 'Rex', 'q2': '3', 'a2': 'Lincoln Elementary',
               'q3': '5', 'a3': 'Volvo 240'}
    _, email = add_provider(instance)
    link = setup_mail(instance, email)
    c = Client(instance)
    r = arrive(c, link, 'setup')
    assert r.status == 200 and 'id="setup"' in r.text, r.text
    assert 'Enter' not in r.text			# no password errors yet
    f = {**form_of(r, 'setup'), **answers, 'password': PPASS,
         'password2': PPASS}
    assert f['t'] == code_in(link)
    r = c.post('/provider/setup', f)
    assert r.status == 200 and 'Your password is saved' in r.text, r.text
    r = arrive(Client(instance), link, 'setup')
    assert r.status == 400 and 'This link has already been used' in r.text
    assert 'id="setup"' not in r.text
