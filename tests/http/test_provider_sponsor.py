"""Sponsored staff (issue 11.5; P-SPONSOR 1) through the web server: a
sponsor adds a nurse, who is e-mailed a link, chooses a password and signs
in, but can never sponsor; the sponsor suspends, reinstates and revokes
her, and her next request is refused each time her access ends; another
sponsor's ids are "no such staff member"; nothing posted raises a role;
taking the sponsor's privileges back (portalctl) ends the staff's access
at their next request."""

import re

from harness import Client
from provider import PASSWORD, add_provider, plogin, unique_email

# Passwords, pass codes and answers are scrypt hashes: cheap ones here
# (the rules are what is tested, as in tests/app and test_mfa).
INSTANCE = {'conf': {'scrypt_n': 1024}}

S = {}
NOT_SPONSOR = 'Only a provider granted sponsorship privileges'


def setup_fields(c, link):
    page = c.get(link.split('#')[0])
    assert page.status == 200, page
    f = page.form_fields('setup')
    f['t'] = link.split('#t=')[1]
    f.update({'password': 'Triage7Clipboard', 'password2': 'Triage7Clipboard',
              'q1': '1', 'a1': 'Rex', 'q2': '3', 'a2': 'Lincoln',
              'q3': '5', 'a3': 'Volvo'})
    return f


def signin(instance, email, password=PASSWORD):
    c = Client(instance)
    r = plogin(c, email, password)
    assert r.status == 303 and r.location.endswith('/provider/'), \
        (r.status, r.location, r.text)
    return c


def audit_count(instance, action):
    return instance.value('SELECT count(*) FROM audit WHERE action = ?',
                          action)


def account(instance, email):
    return instance.query(
        'SELECT id, kind, status, sponsor_id, staff_kind, sponsor_granted, '
        'pw_hash FROM provider_accounts WHERE email = ?', email)


def staff_page(c):
    page = c.get('/provider/staff/')
    assert page.status == 200, (page.status, page.text)
    return page


def add(c, **fields):
    f = staff_page(c).form_fields('add-staff')
    f.update(fields)
    return c.post('/provider/staff/add', f)


def change(c, uid, action, csrf_from=None, confirm='yes'):
    """Posts a change; a revocation confirmed (as on the page that asks
    first) unless confirm is None."""
    page = csrf_from or staff_page(c)
    f = {'csrf': page.form_fields()['csrf'], 'id': str(uid), 'action': action}
    if confirm is not None:
        f['confirm'] = confirm
    return c.post('/provider/staff/change', f)


def setup_link(instance, email):
    instance.deliver_mail()
    mails = [m for m in instance.mails()
             if email in m.to and 'provider portal account' in m.subject]
    assert mails, f'no setup mail to {email}'
    m = re.search(r'https?://[^/\s]+(/provider/setup#t=[A-Za-z0-9_.-]+)',
                  mails[-1].body)
    assert m, mails[-1].body
    instance.note_secret(m.group(1).split('#t=')[1], 'setup link')
    return m.group(1), mails[-1]


def new_staff(instance, c, given, role='nurse'):
    """The sponsor signed in on c adds a staff member, who chooses a
    password through the e-mailed link and signs in: (id, email, client)."""
    email = unique_email(given.lower())
    r = add(c, given=given, family='Lane', email=email, role=role)
    assert r.status == 303, (r.status, r.text)
    uid = account(instance, email)[0][0]
    link, _ = setup_link(instance, email)
    s = Client(instance)
    r = s.post('/provider/setup', setup_fields(s, link))
    assert r.status == 200 and 'Your password is saved' in r.text, r.text
    instance.note_secret('Triage7Clipboard', 'staff password')
    return uid, email, signin(instance, email, 'Triage7Clipboard')


def setup(instance):
    S['ann_id'], S['ann'] = add_provider(instance, None, PASSWORD, 'Ann',
                                         'Sponsor', '--credential', 'MD',
                                         '--sponsor')
    S['bob_id'], S['bob'] = add_provider(instance, None, PASSWORD, 'Bob',
                                         'Other', '--sponsor')
    S['A'] = signin(instance, S['ann'])
    S['B'] = signin(instance, S['bob'])


def test_sponsor_adds_a_nurse_who_signs_in_and_cannot_sponsor(instance):
    home = S['A'].get('/provider/')
    assert 'href="/provider/staff/"' in home.text
    page = staff_page(S['A'])
    assert 'You have no sponsored staff yet' in page.text
    for label in ('Registered nurse', 'Referral coordinator',
                  'Office manager', 'Other'):
        assert label in page.text
    nora = unique_email('nora')
    before = audit_count(instance, 'sponsor.create')
    # Extra fields are ignored: the form reads only what it declares.
    r = add(S['A'], given='Nora', family='Nurse', email=nora, role='nurse',
            sponsor_id=str(S['bob_id']), kind='provider', status='pending',
            staff_kind='admin', sponsor_granted='1')
    assert r.status == 303 and r.location.endswith('/provider/staff/?added=1')
    page = S['A'].get(r.location)
    assert 'The staff member was added' in page.text
    assert 'Nora Nurse' in page.text and nora in page.text
    assert 'Registered nurse' in page.text and 'not chosen yet' in page.text
    [(uid, kind, status, sponsor, skind, granted, pw)] = account(instance, nora)
    assert (kind, status, sponsor, skind, granted, pw) == \
        ('sponsored', 'approved', S['ann_id'], 'nurse', 0, None)
    assert audit_count(instance, 'sponsor.create') == before + 1
    S['nora_id'], S['nora'] = uid, nora

    # The e-mail: the sponsor's name and the link, code in the fragment.
    link, mail = setup_link(instance, nora)
    assert 'Ann Sponsor, MD has given you' in mail.body
    assert '?t=' not in mail.body
    n = Client(instance)
    r = n.post('/provider/setup', setup_fields(n, link))
    assert r.status == 200 and 'Your password is saved' in r.text
    instance.note_secret('Triage7Clipboard', 'nurse password')
    r = plogin(n, nora, 'Triage7Clipboard')
    assert r.status == 303 and r.location.endswith('/provider/')
    home = n.get('/provider/')
    assert home.status == 200 and 'Signed in as Nora Nurse' in home.text
    assert '/provider/staff/' not in home.text
    S['N'] = n
    assert 'chosen' in staff_page(S['A']).text

    # A sponsored user never sponsors: 403, nothing made or changed.
    r = n.get('/provider/staff/')
    assert r.status == 403 and NOT_SPONSOR in r.text
    csrf = home.form_fields()['csrf']
    count = instance.value('SELECT count(*) FROM provider_accounts')
    r = n.post('/provider/staff/add', {
        'csrf': csrf, 'given': 'Max', 'family': 'Lane',
        'email': unique_email('max'), 'role': 'nurse'})
    assert r.status == 403 and NOT_SPONSOR in r.text
    r = n.post('/provider/staff/add', {
        'csrf': csrf, 'given': 'Max', 'family': 'Lane',
        'email': unique_email('max'), 'role': 'admin', 'kind': 'provider'})
    assert r.status == 403 and NOT_SPONSOR in r.text
    r = n.post('/provider/staff/change', {'csrf': csrf, 'id': str(uid),
                                          'action': 'revoke'})
    assert r.status == 403
    assert instance.value('SELECT count(*) FROM provider_accounts') == count
    assert account(instance, nora)[0][2] == 'approved'
    assert audit_count(instance, 'sponsor.refused') >= 3


def test_bad_input_keeps_what_was_typed_and_makes_nothing(instance):
    count = instance.value('SELECT count(*) FROM provider_accounts')
    # The same address (other letters): said, nothing made.
    r = add(S['A'], given='Nina', family='Again', email=S['nora'].upper(),
            role='office')
    assert r.status == 422, r.status
    assert 'already has a provider portal account' in r.text
    assert 'value="Nina"' in r.text and 'value="Again"' in r.text
    assert re.search(r'<option value="office" selected>', r.text)
    # A clinician's address.
    r = add(S['A'], given='Bo', family='Bob', email=S['bob'], role='other')
    assert r.status == 422 and 'already has a provider portal account' in r.text
    # role=admin is no role: said, nothing made, the rest kept.
    r = add(S['A'], given='Ada', family='Admin', email=unique_email('ada'),
            role='admin')
    assert r.status == 422 and 'Choose the person' in r.text
    assert 'value="Ada"' in r.text
    r = add(S['A'], given='', family='', email='not-an-address', role='')
    assert r.status == 422 and 'Please correct the following' in r.text
    assert instance.value('SELECT count(*) FROM provider_accounts') == count


def test_suspend_reinstate_revoke_end_access_at_the_next_request(instance):
    uid, email, n = S['nora_id'], S['nora'], S['N']
    assert n.get('/provider/').status == 200
    r = change(S['A'], uid, 'suspend')
    assert r.status == 303 and r.location.endswith('?done=suspend')
    page = S['A'].get(r.location)
    assert 'The account is suspended' in page.text
    assert re.search(rf'id="user-{uid}".*?class="status">suspended<',
                     page.text, re.S)
    assert account(instance, email)[0][2] == 'suspended'
    # Her next request is refused: the session ends, and she is told.
    r = n.get('/provider/')
    assert r.status == 303 and r.location.endswith('/provider/login?ended=1')
    assert instance.value("SELECT count(*) FROM sessions WHERE kind = "
                          "'sponsored' AND principal = ?", uid) == 0
    assert 'Your access has ended' in n.get(r.location).text
    assert plogin(Client(instance), email, 'Triage7Clipboard').status != 303
    # Twice: nothing to suspend.
    r = change(S['A'], uid, 'suspend')
    assert r.status == 409 and 'nothing to suspend' in r.text

    r = change(S['A'], uid, 'reinstate')
    assert r.status == 303 and r.location.endswith('?done=reinstate')
    n = signin(instance, email, 'Triage7Clipboard')
    assert n.get('/provider/').status == 200

    # Revoking is final: asked first, nothing changed until confirmed.
    r = change(S['A'], uid, 'revoke', confirm=None)
    assert r.status == 200 and 'Revoke access for good?' in r.text
    assert 'Nora Nurse will no longer be able to sign in' in r.text
    assert account(instance, email)[0][2] == 'approved'
    f = r.form_fields('revoke-confirm')
    assert f['confirm'] == 'yes' and f['id'] == str(uid)
    r = S['A'].post('/provider/staff/change', f)
    assert r.status == 303 and r.location.endswith('?done=revoke')
    r = n.get('/provider/')
    assert r.status == 303 and r.location.endswith('/provider/login?ended=1')
    page = staff_page(S['A'])
    assert f'id="change-{uid}"' not in page.text	# no buttons: final
    r = change(S['A'], uid, 'reinstate', csrf_from=page)
    assert r.status == 409 and 'which is final' in r.text
    assert account(instance, email)[0][2] == 'revoked'
    for action in ('sponsor.suspend', 'sponsor.reinstate', 'sponsor.revoke'):
        assert audit_count(instance, action) == 1, action


def test_another_sponsors_ids_and_malformed_ids(instance):
    uid, email, _ = new_staff(instance, S['A'], 'Rita', 'referral')
    S['rita'] = (uid, email)
    refused = audit_count(instance, 'sponsor.refused')
    for action, confirm in (('suspend', None), ('revoke', 'yes'),
                            ('revoke', None), ('link', None)):
        r = change(S['B'], uid, action, confirm=confirm)
        assert r.status == 404 and 'not one of your sponsored staff' in r.text
        assert 'Rita' not in r.text
    assert account(instance, email)[0][2] == 'approved'
    assert audit_count(instance, 'sponsor.refused') == refused + 4
    assert 'Rita' not in staff_page(S['B']).text
    r = change(S['A'], S['ann_id'], 'suspend')		# a clinician
    assert r.status == 404
    r = change(S['A'], 99999999, 'suspend')
    assert r.status == 404
    for bad in ('12abc', '-1', '0', '', '9' * 40, '1 OR 1=1'):
        r = change(S['A'], bad, 'suspend')
        assert r.status == 400, (bad, r.status)
    r = change(S['A'], uid, 'approve')
    assert r.status == 400
    assert account(instance, email)[0][2] == 'approved'
    assert account(instance, S['ann'])[0][2] == 'approved'


def test_a_new_link_replaces_the_old_one(instance):
    email = unique_email('olga')
    r = add(S['A'], given='Olga', family='Office', email=email, role='office')
    assert r.status == 303
    old, _ = setup_link(instance, email)
    uid = account(instance, email)[0][0]
    page = staff_page(S['A'])
    row = re.search(rf'<section class="staff-user" id="user-{uid}".*?'
                    r'</section>', page.text, re.S).group(0)
    assert 'value="link"' in row and 'not chosen yet' in row
    r = change(S['A'], uid, 'link', csrf_from=page)
    assert r.status == 303 and r.location.endswith('?done=link')
    assert audit_count(instance, 'sponsor.link_resent') == 1
    new, _ = setup_link(instance, email)
    assert new != old
    c = Client(instance)
    assert c.post('/provider/setup', setup_fields(c, old)).status == 400
    r = c.post('/provider/setup', setup_fields(c, new))
    assert r.status == 200 and 'Your password is saved' in r.text
    # A password chosen: no more links.
    page = staff_page(S['A'])
    row = re.search(rf'<section class="staff-user" id="user-{uid}".*?'
                    r'</section>', page.text, re.S).group(0)
    assert 'password</dt><dd class="password">chosen' in row.lower() or \
        '>chosen<' in row
    assert 'value="link"' not in row
    r = change(S['A'], uid, 'link', csrf_from=page)
    assert r.status == 409 and 'already chosen a password' in r.text


def test_privileges_taken_back_end_the_staff_access(instance):
    uid, email, p = new_staff(instance, S['A'], 'Pete', 'other')
    assert p.get('/provider/').status == 200
    rc, out, err = instance.portalctl('provider', 'sponsor', '--email',
                                      S['ann'], 'off')
    assert rc == 0 and 'sponsorship on -> off' in out, (rc, out, err)
    assert audit_count(instance, 'provider.sponsor_off') == 1
    r = p.get('/provider/')
    assert r.status == 303 and r.location.endswith('/provider/login?ended=1')
    assert instance.value("SELECT count(*) FROM sessions WHERE kind = "
                          "'sponsored' AND principal = ?", uid) == 0
    assert plogin(Client(instance), email, 'Triage7Clipboard').status != 303
    # The sponsor stays signed in, but no longer sponsors.
    home = S['A'].get('/provider/')
    assert home.status == 200 and '/provider/staff/' not in home.text
    r = S['A'].get('/provider/staff/')
    assert r.status == 403 and NOT_SPONSOR in r.text
    assert account(instance, email)[0][2] == 'approved'

    # Privileges back: the staff sign in again. The sponsor suspended by
    # IT: the sponsor's and the staff's sessions end.
    rc, out, err = instance.portalctl('provider', 'sponsor', '--email',
                                      S['ann'], 'on')
    assert rc == 0, (out, err)
    p = signin(instance, email, 'Triage7Clipboard')
    rc, out, err = instance.portalctl('provider', 'suspend', '--email',
                                      S['ann'])
    assert rc == 0 and 'approved -> suspended' in out, (out, err)
    for c in (p, S['A']):
        r = c.get('/provider/')
        assert r.status == 303 and r.location.endswith('?ended=1')
    rc, out, err = instance.portalctl('provider', 'reinstate', '--email',
                                      S['ann'])
    assert rc == 0, (out, err)
    S['A'] = signin(instance, S['ann'])
    assert signin(instance, email, 'Triage7Clipboard').get(
        '/provider/').status == 200
    assert audit_count(instance, 'provider.suspend') == 1
    assert audit_count(instance, 'provider.reinstate') == 1


def test_portalctl_refuses_what_the_policy_refuses(instance):
    rc, out, err = instance.portalctl('provider', 'sponsor', '--email',
                                      S['rita'][1], 'on')
    assert rc == 1 and 'never sponsors' in err, (rc, out, err)
    rc, out, err = instance.portalctl('provider', 'revoke', '--email',
                                      S['nora'])
    assert rc == 1 and 'final' in err, (rc, out, err)
    rc, out, err = instance.portalctl('provider', 'suspend', '--email',
                                      'nobody@clinic.example.org')
    assert rc == 1 and 'no provider portal account' in err
    rc, out, err = instance.portalctl('provider', 'sponsor', '--email',
                                      S['ann'], 'maybe')
    assert rc == 2 and 'usage' in err
    rc, out, err = instance.portalctl('provider', 'suspend', '--email',
                                      S['rita'][1])
    assert rc == 0 and 'approved -> suspended' in out
