"""A provider's patients (issue 12 items 3-5, 7; P-ACCESS 1-3, 5, P-TOKEN,
P-SPONSOR 1) through the web server: the search (by MRN, by name with the
date of birth; '%' and '_' are letters; a minimum, a cap, a throttle) and
the grounds each result shows (PCP, the practice, shared, token, not
authorized); a sponsored user sees exactly the sponsor's, and nothing once
the sponsor is revoked; requests for PCP access (to the support team) and
non-PCP access (to the family, naming no patient), the sign-up sheet for a
family without an account; validating tokens (good, wrong MRN, used by
another provider, revoked, expired, void after tries, malformed); the
saved list once access ended; malformed and foreign ids; CSRF."""

import base64
import hashlib
import os
import re

from family import new_family, patient
from harness import Client
from provider import PASSWORD, add_provider, plogin, unique_email

SUPPORT = 'mypatients-support@hospital.example.org'
# Cheap scrypt hashes (the rules are what is tested); a small cap and
# throttle, so that their tests are short.
INSTANCE = {'conf': {'scrypt_n': 1024, 'patient_search_max': 3,
                     'patient_search_hour': 12,
                     'provider_support_email': SUPPORT}}

ALPHA = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
_npi = iter(range(1000, 9999))


def setup(instance):
    new_family(instance)            # the account grants and tokens name


def signin(instance, email, password=PASSWORD):
    c = Client(instance)
    r = plogin(c, email, password)
    assert r.status == 303 and r.location.endswith('/provider/'), r.text
    return c


def new_practice(instance, name='Elm Street Pediatrics'):
    return instance.query('INSERT INTO practices (name) VALUES (?) '
                          'RETURNING id', name)[0][0]


def new_entry(instance, given, family, practice=None):
    """A directory entry (providers row) of practice."""
    return instance.query(
        'INSERT INTO providers (npi, given, family, credential, practice_id, '
        'family_key) VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
        f'19{next(_npi):08d}', given, family, 'MD', practice,
        family.lower())[0][0]


def new_provider(instance, given='Dana', family='Doctor', practice=None,
                 entry=True, *more):
    """A signed-in provider with a directory entry (of practice): a dict
    with c, id, email, entry."""
    pid, email = add_provider(instance, None, PASSWORD, given, family, *more)
    eid = new_entry(instance, given, family, practice) if entry else None
    instance.execute('UPDATE provider_accounts SET provider_id = ?, '
                     'practice_id = ? WHERE id = ?', eid, practice, pid)
    return {'c': signin(instance, email), 'id': pid, 'email': email,
            'entry': eid}


def pid_of(instance, p):
    return instance.value('SELECT id FROM patients WHERE mrn = ?', p['mrn'])


def search(c, **fields):
    page = c.get('/provider/patients/')
    assert page.status == 200, (page.status, page.text)
    f = page.form_fields('search')
    f.update(fields)
    return c.post('/provider/patients/search', f)


def results(page):
    """{patient id: the text of its row} of a result or list page."""
    return {int(m.group(1)): m.group(2) for m in re.finditer(
        r'<li class="patient" id="patient-(\d+)">(.*?)</li>', page.text,
        re.S)}


def section(page, sid):
    m = re.search(r'id="%s"(.*?)</ul>' % sid, page.text, re.S)
    return m.group(1) if m else ''


def share(instance, pid, entry, how='share', revoked=None):
    """A grant by a parent on file who holds the patient: a grant counts
    only while its giver may still share."""
    mail = unique_email('giver')
    rel = instance.value(
        "INSERT INTO relations (patient_id, kind, given, family, email) "
        "VALUES (?, 'parent', 'Gia', 'Giver', ?) RETURNING id", pid, mail)
    acct = instance.value(
        "INSERT INTO accounts (email, pw_hash, given, family, verified, "
        "created, pw_changed) VALUES (?, 'x', 'Gia', 'Giver', 1, 1, 1) "
        "RETURNING id", mail)
    instance.execute(
        "INSERT INTO account_patients (account_id, patient_id, role, "
        "relation_id, status, created) VALUES (?, ?, 'parent', ?, 'active', "
        "1)", acct, pid, rel)
    instance.execute(
        'INSERT INTO patient_shares (patient_id, provider_id, how, scope, '
        'by_account, created, revoked) VALUES (?, ?, ?, ?, ?, ?, ?)',
        pid, entry, how, 'clinical', acct, instance.now() - 60, revoked)


def audit(instance, action, actor_like=None):
    return instance.query('SELECT patient_id, detail FROM audit WHERE '
                          'action = ? ORDER BY id', action)


def test_search_by_mrn_and_by_name_shows_only_what_picks_the_patient(instance):
    d = new_provider(instance)
    c = d['c']
    p = patient(instance, 9, given='Robin', family='Quillfeather')
    pid = pid_of(instance, p)
    r = search(c, mrn=p['mrn'].lower())
    assert r.status == 200, r.text
    rows = results(r)
    assert list(rows) == [pid]
    row = rows[pid]
    assert 'Robin Quillfeather' in row and p['dob'] in row
    assert 'Not authorized' in row
    assert f'/provider/patients/ask?p={pid}' in row
    assert '/provider/record/' not in row and p['mrn'] not in row
    assert 'Save to my list' in row
    # By name: a prefix of 2 letters or more, any case, with the date of
    # birth; a given-name prefix narrows it.
    for fam, giv, want in (('qu', '', [pid]), ('QUILLF', 'rob', [pid]),
                           ('Quill', 'Sam', []), ('Qu', '', [pid])):
        r = search(c, family=fam, given=giv, dob=p['dob'])
        assert r.status == 200 and list(results(r)) == want, (fam, giv)
    # Another date of birth: nobody.
    r = search(c, family='Quillfeather', dob='2001-01-01')
    assert r.status == 200 and results(r) == {} and 'No patient matches' in r.text
    # '%' and '_' are letters, never patterns.
    for fam in ('%%', 'Q%', '__', 'Q_', '%_', "Qu' OR '1'='1"):
        r = search(c, family=fam, dob=p['dob'])
        assert r.status == 200 and results(r) == {}, fam
    # One letter, or a name without the date of birth: refused, what was
    # typed comes back.
    r = search(c, family='Q', dob=p['dob'])
    assert r.status == 422 and 'at least the first 2 letters' in r.text
    assert 'value="Q"' in r.text and results(r) == {}
    r = search(c, family='Quillfeather')
    assert r.status == 422 and 'date of birth' in r.text and results(r) == {}
    r = search(c)
    assert r.status == 422 and results(r) == {}
    r = search(c, family='Qu', dob='2015-02-30')
    assert r.status == 422 and 'does not exist' in r.text
    # The audit: one row a search, no names; a row for each patient shown.
    rows = audit(instance, 'ppatients.search')
    assert ('by mrn: 1 result',) in [(d,) for _, d in rows]
    assert any(d == 'by name: 0 results' for _, d in rows)
    assert not any('uill' in (d or '') for _, d in rows)
    shown = audit(instance, 'ppatients.result')
    assert (pid, 'none none') in shown


def test_the_cap_lists_nobody_and_asks_to_refine(instance):
    d = new_provider(instance)
    ps = [patient(instance, 5, given=g, family='Brackenridge',
                  days_to_birthday=40) for g in ('Ann', 'Ben', 'Cal', 'Dee')]
    dob = ps[0]['dob']
    assert all(p['dob'] == dob for p in ps)
    r = search(d['c'], family='Brack', dob=dob)
    assert r.status == 200 and results(r) == {}
    assert 'id="refine"' in r.text and 'Brackenridge' not in r.text
    r = search(d['c'], family='Brack', given='Be', dob=dob)
    assert list(results(r)) == [pid_of(instance, ps[1])]


def test_searches_are_throttled_per_user(instance):
    d = new_provider(instance)
    other = new_provider(instance)
    p = patient(instance, 7)
    for _ in range(12):
        r = search(d['c'], mrn=p['mrn'])
        assert r.status == 200, r.status
    r = search(d['c'], mrn=p['mrn'])
    assert r.status == 429 and 'Try again in' in r.text
    assert p['family'] not in r.text
    assert audit(instance, 'ppatients.search_throttled')
    # Another user is not held back.
    assert search(other['c'], mrn=p['mrn']).status == 200


def test_sponsored_users_share_their_sponsors_throttle(instance):
    """A sponsor may create any number of sponsored users: were each
    throttled alone, a sponsor with n users could sweep n times the
    searches an hour. They count against the sponsor's allowance."""
    import test_provider_sponsor as sp
    boss = new_provider(instance, 'Bea', 'Sweeper', None, True, '--sponsor')
    _, _, one = sp.new_staff(instance, boss['c'], 'Uma')
    _, _, two = sp.new_staff(instance, boss['c'], 'Vic')
    p = patient(instance, 7)
    for c in (one, two, boss['c']):
        for _ in range(4):
            assert search(c, mrn=p['mrn']).status == 200
    for c in (one, two, boss['c']):
        r = search(c, mrn=p['mrn'])
        assert r.status == 429 and p['family'] not in r.text, r.status


def test_each_ground_is_shown_with_a_link_to_the_record(instance):
    practice = new_practice(instance)
    pcp = new_provider(instance, 'Paula', 'Primary', practice)
    partner = new_provider(instance, 'Pete', 'Partner', practice)
    specialist = new_provider(instance, 'Sam', 'Special')
    stranger = new_provider(instance, 'Sue', 'Stranger')
    p = patient(instance, 6)
    pid = pid_of(instance, p)
    instance.execute('UPDATE patients SET pcp_id = ? WHERE id = ?',
                     pcp['entry'], pid)
    share(instance, pid, specialist['entry'])
    for who, label in ((pcp, 'You are the PCP on file'),
                       (partner, 'Your practice is the PCP on file'),
                       (specialist, 'Shared by the family'),
                       (stranger, 'Not authorized')):
        row = results(search(who['c'], mrn=p['mrn']))[pid]
        assert label in row, (label, row)
        assert (f'/provider/record/?p={pid}' in row) == (who is not stranger)
    # The specialist's home lists the patient as shared with them.
    home = specialist['c'].get('/provider/patients/')
    assert home.status == 200 and pid in results(home)
    assert 'Shared by the family' in section(home, 'shared')
    assert stranger['c'].get('/provider/patients/').text.count(p['family']) == 0
    # A PCP change takes effect at the next request.
    instance.execute('UPDATE patients SET pcp_id = NULL WHERE id = ?', pid)
    row = results(search(partner['c'], mrn=p['mrn']))[pid]
    assert 'Not authorized' in row and '/provider/record/' not in row


def test_a_sponsored_user_sees_the_sponsors_patients_until_revoked(instance):
    import test_provider_sponsor as sp
    boss = new_provider(instance, 'Ann', 'Boss', None, True, '--sponsor')
    p = patient(instance, 10)
    q = patient(instance, 11)
    pid = pid_of(instance, p)
    share(instance, pid, boss['entry'])
    uid, nemail, nurse = sp.new_staff(instance, boss['c'], 'Nora')
    row = results(search(nurse, mrn=p['mrn']))[pid]
    assert 'Shared by the family' in row and f'/provider/record/?p={pid}' in row
    assert 'Not authorized' in results(search(nurse, mrn=q['mrn']))[
        pid_of(instance, q)]
    assert pid in results(nurse.get('/provider/patients/'))
    # Her saved list is her own.
    page = search(nurse, mrn=p['mrn'])
    f = {'csrf': page.form_fields()['csrf'], 'p': str(pid)}
    assert nurse.post('/provider/patients/save', f).status == 303
    assert pid in results(nurse.get('/provider/patients/saved'))
    assert results(boss['c'].get('/provider/patients/saved')) == {}
    # The sponsor revoked: her next request gets nothing.
    rc, out, err = instance.portalctl('provider', 'revoke', '--email',
                                      boss['email'])
    assert rc == 0, out + err
    for path in ('/provider/patients/', '/provider/patients/saved'):
        r = nurse.get(path)
        assert r.status != 200 and p['family'] not in r.text, (path, r.status)


def ask(c, instance, p):
    """Finds p by MRN and opens its request page."""
    pid = pid_of(instance, p)
    assert pid in results(search(c, mrn=p['mrn']))
    page = c.get(f'/provider/patients/ask?p={pid}')
    assert page.status == 200, (page.status, page.text)
    return pid, page


def mails_to(instance, addr):
    instance.deliver_mail()
    return [m for m in instance.mails() if addr in m.to]


def test_request_pcp_access_mails_the_support_team_once(instance):
    d = new_provider(instance, 'Rita', 'Requester')
    p = patient(instance, 4)
    before = len(mails_to(instance, SUPPORT))
    pid, page = ask(d['c'], instance, p)
    assert 'Request PCP access' in page.text
    r = d['c'].post('/provider/patients/request', page.form_fields('ask-pcp'))
    assert r.status == 303 and 'sent=pcp' in r.location
    page = d['c'].get(r.location)
    assert 'sent to the provider support team' in page.text
    assert 'id="pending-pcp"' in page.text and 'id="ask-pcp"' not in page.text
    req = instance.query("SELECT id, account_id, provider_id, status FROM "
                         "access_requests WHERE patient_id = ? AND kind = "
                         "'pcp'", pid)
    assert req == [(req[0][0], d['id'], d['entry'], 'pending')]
    mails = mails_to(instance, SUPPORT)
    assert len(mails) == before + 1
    body = mails[-1].body
    assert 'Rita Requester' in body and d['email'] in body
    assert f'request {req[0][0]}' in body and '/staff/pcp/' in body
    assert p['family'] not in body and p['mrn'] not in body
    # Again while it is open: said, nothing sent.
    f = {'csrf': page.form_fields()['csrf'], 'p': str(pid), 'kind': 'pcp'}
    r = d['c'].post('/provider/patients/request', f)
    assert r.status == 409 and 'already asked' in r.text
    assert len(mails_to(instance, SUPPORT)) == before + 1
    assert audit(instance, 'prequest.pcp')
    mine = d['c'].get('/provider/patients/requests')
    assert mine.status == 200 and 'PCP access' in mine.text
    assert 'pending' in mine.text and p['given'] in mine.text


def test_request_non_pcp_access_mails_the_family_naming_nobody(instance):
    d = new_provider(instance, 'Nick', 'Nonpcp')
    _, p, addr = new_family(instance)
    row = results(search(d['c'], mrn=p['mrn']))[pid_of(instance, p)]
    assert 'No family-portal account' not in row
    pid, page = ask(d['c'], instance, p)
    r = d['c'].post('/provider/patients/request',
                    page.form_fields('ask-share'))
    assert r.status == 303, (r.status, r.text)
    mails = mails_to(instance, addr)
    asked = [m for m in mails if 'asked to see a record' in m.subject]
    assert len(asked) == 1
    body = asked[0].body
    assert '/account/requests/' in body
    # The family's e-mail names the child by first name only (15.5).
    assert p['given'] in body
    for s in (p['family'], p['mrn'], p['dob']):
        assert s not in body and s not in asked[0].subject
    assert instance.value("SELECT count(*) FROM access_requests WHERE "
                          "patient_id = ? AND kind = 'share' AND status = "
                          "'pending'", pid) == 1
    r = d['c'].post('/provider/patients/request',
                    {'csrf': page.form_fields()['csrf'], 'p': str(pid),
                     'kind': 'share'})
    assert r.status == 409
    assert len([m for m in mails_to(instance, addr)
                if 'asked to see a record' in m.subject]) == 1
    r = d['c'].post('/provider/patients/request',
                    {'csrf': page.form_fields()['csrf'], 'p': str(pid),
                     'kind': 'admin'})
    assert r.status == 404


def test_no_family_account_offers_the_sign_up_sheet(instance):
    d = new_provider(instance)
    p = patient(instance, 3)
    row = results(search(d['c'], mrn=p['mrn']))[pid_of(instance, p)]
    assert 'No family-portal account' in row and 'signup-sheet' in row
    pid, page = ask(d['c'], instance, p)
    assert 'id="no-holder"' in page.text and 'id="ask-share"' not in page.text
    r = d['c'].post('/provider/patients/request',
                    {'csrf': page.form_fields()['csrf'], 'p': str(pid),
                     'kind': 'share'})
    assert r.status == 409 and 'sign-up' in r.text
    assert instance.value("SELECT count(*) FROM access_requests WHERE "
                          "patient_id = ?", pid) == 0
    sheet = d['c'].get('/provider/patients/signup-sheet')
    assert sheet.status == 200
    assert instance.url('/signup') in sheet.text
    assert 'activation token' in sheet.text and 'past visit' in sheet.text
    assert p['family'] not in sheet.text


def test_an_account_without_a_directory_entry_cannot_request(instance):
    d = new_provider(instance, entry=False)
    p = patient(instance, 3)
    pid, page = ask(d['c'], instance, p)
    assert 'id="no-entry"' in page.text and 'id="ask-pcp"' not in page.text
    r = d['c'].post('/provider/patients/request',
                    {'csrf': page.form_fields()['csrf'], 'p': str(pid),
                     'kind': 'pcp'})
    assert r.status == 403 and 'directory' in r.text


def new_token(instance, p, expires_in=86400 * 30, revoked=False):
    """An invitation token on p, stored as the family's side stores them
    (selector + scrypt verifier). Returns the printed token."""
    t = ''.join(ALPHA[b & 31] for b in os.urandom(16))
    salt = os.urandom(16)
    h = hashlib.scrypt(t[6:].encode(), salt=salt, n=1024, r=8, p=1, dklen=32)
    b64 = (lambda b: base64.urlsafe_b64encode(b).rstrip(b'=').decode())
    # Issued by an account holder who may share (a token of one who no
    # longer may is void).
    acct = instance.value('SELECT account_id FROM account_patients WHERE '
                          'patient_id = ? ORDER BY account_id LIMIT 1',
                          pid_of(instance, p))
    now = instance.now()
    instance.execute(
        'INSERT INTO share_tokens (selector, verifier_hash, patient_id, scope, '
        'by_account, invitee, created, expires, revoked, revoked_by) '
        'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', t[:6],
        f'scrypt$1024$8$1${b64(salt)}${b64(h)}', pid_of(instance, p),
        'clinical', acct, 'Dr Invited', now - 60, now + expires_in,
        now - 10 if revoked else None, acct if revoked else None)
    instance.note_secret(t, 'invitation token')
    return f'{t[:4]}-{t[4:8]}-{t[8:12]}-{t[12:]}'


def validate(c, token, mrn):
    page = c.get('/provider/patients/token')
    assert page.status == 200
    f = page.form_fields('token-form')
    f.update({'token': token, 'mrn': mrn})
    return c.post('/provider/patients/token', f)


def test_validating_tokens(instance):
    d = new_provider(instance, 'Tom', 'Token')
    e = new_provider(instance, 'Eve', 'Later')
    _, p, _ = new_family(instance)
    pid = pid_of(instance, p)
    tok = new_token(instance, p)
    # A wrong MRN: one message, a try counted, the way to ask instead.
    other = patient(instance, 8)
    r = validate(d['c'], tok, other['mrn'])
    assert r.status == 422 and 'do not match' in r.text
    assert 'id="token-instead"' in r.text and tok not in r.text
    assert instance.value('SELECT tries FROM share_tokens WHERE selector = ?',
                          tok.replace('-', '')[:6]) == 1
    # Right: used, a grant to the entry, the patient authorized.
    r = validate(d['c'], tok.lower().replace('-', ' '), p['mrn'])
    assert r.status == 303, (r.status, r.text)
    assert 'accepted' in d['c'].get(r.location).text
    used = instance.query('SELECT used, used_by FROM share_tokens WHERE '
                          'selector = ?', tok.replace('-', '')[:6])[0]
    assert used[0] and used[1] == d['id']
    assert instance.query("SELECT how, scope FROM patient_shares WHERE "
                          "patient_id = ? AND provider_id = ? AND revoked IS "
                          "NULL", pid, d['entry']) == [('token', 'clinical')]
    row = results(search(d['c'], mrn=p['mrn']))[pid]
    assert 'Invitation token' in row and f'/provider/record/?p={pid}' in row
    assert pid in results(d['c'].get('/provider/patients/'))
    assert audit(instance, 'ptoken.validate')[-1][0] == pid
    # Spent for everyone else.
    r = validate(e['c'], tok, p['mrn'])
    assert r.status == 422 and 'already been used' in r.text
    assert 'Not authorized' in results(search(e['c'], mrn=p['mrn']))[pid]
    # Revoked, expired, void after the tries, malformed.
    r = validate(e['c'], new_token(instance, p, revoked=True), p['mrn'])
    assert r.status == 422 and 'can no longer be used' in r.text
    r = validate(e['c'], new_token(instance, p, expires_in=-5), p['mrn'])
    assert r.status == 422 and 'expired' in r.text
    tok = new_token(instance, p)
    for _ in range(5):
        assert validate(e['c'], tok, other['mrn']).status == 422
    r = validate(e['c'], tok, p['mrn'])
    assert r.status == 422 and 'can no longer be used' in r.text
    r = validate(e['c'], 'ABCD-EFGH', p['mrn'])
    assert r.status == 422 and '16-character token' in r.text
    r = validate(e['c'], 'ZZZZ-ZZZZ-ZZZZ-ZZZZ', p['mrn'])
    assert r.status == 422 and 'do not match' in r.text
    assert 'Not authorized' in results(search(e['c'], mrn=p['mrn']))[pid]
    assert len(audit(instance, 'ptoken.refused')) >= 8


def test_a_token_of_a_parent_whose_access_ended_is_void(instance):
    """A parent issues an invitation token; the child then goes into DCF
    custody (or turns 18, or the parent is taken off file): the parent
    may no longer share, so the token handed out before gives no access
    to whoever validates it later."""
    import test_share as sh
    fam, p, _ = new_family(instance)
    pid = pid_of(instance, p)
    r = sh.post(fam, 'token', p=pid, invitee='Dr Later')
    assert r.status == 200, r.text
    tok = sh.TOKEN_RE.search(r.text).group(1)
    instance.execute('UPDATE patients SET foster = 1 WHERE id = ?', pid)
    d = new_provider(instance, 'Val', 'Idator')
    r = validate(d['c'], tok, p['mrn'])
    assert r.status == 422 and 'can no longer be used' in r.text, r.status
    assert instance.value('SELECT count(*) FROM patient_shares WHERE '
                          'patient_id = ?', pid) == 0
    assert 'Not authorized' in results(search(d['c'], mrn=p['mrn']))[pid]
    assert audit(instance, 'ptoken.refused')[-1] == (pid, 'void')
    # While the parent may share, the same kind of token works.
    instance.execute('UPDATE patients SET foster = 0 WHERE id = ?', pid)
    r = sh.post(fam, 'token', p=pid, invitee='Dr Now')
    tok = sh.TOKEN_RE.search(r.text).group(1)
    assert validate(d['c'], tok, p['mrn']).status == 303


def test_the_saved_list_shows_access_that_ended(instance):
    d = new_provider(instance)
    p = patient(instance, 12)
    q = patient(instance, 12)
    pid, qid = pid_of(instance, p), pid_of(instance, q)
    share(instance, pid, d['entry'])
    page = search(d['c'], mrn=p['mrn'])
    r = d['c'].post('/provider/patients/save',
                    {'csrf': page.form_fields()['csrf'], 'p': str(pid)})
    assert r.status == 303
    search(d['c'], mrn=q['mrn'])
    d['c'].post('/provider/patients/save', {'csrf': page.form_fields()['csrf'],
                                           'p': str(qid)})
    saved = d['c'].get('/provider/patients/saved')
    rows = results(saved)
    assert set(rows) == {pid, qid}
    assert f'/provider/record/?p={pid}' in rows[pid]
    assert 'Access ended' in rows[qid] and '/provider/record/' not in rows[qid]
    # The family disinvites: the next look says so, with no link.
    instance.execute('UPDATE patient_shares SET revoked = ? WHERE '
                     'patient_id = ?', instance.now(), pid)
    rows = results(d['c'].get('/provider/patients/saved'))
    assert 'Access ended' in rows[pid] and '/provider/record/' not in rows[pid]
    assert pid not in results(d['c'].get('/provider/patients/'))
    r = d['c'].post('/provider/patients/unsave',
                    {'csrf': page.form_fields()['csrf'], 'p': str(pid)})
    assert r.status == 303
    assert set(results(d['c'].get('/provider/patients/saved'))) == {qid}
    assert audit(instance, 'ppatients.saved')


def test_malformed_and_foreign_ids_get_one_answer(instance):
    d = new_provider(instance)
    p = patient(instance, 9)            # never searched for by d
    pid = pid_of(instance, p)
    csrf = d['c'].get('/provider/patients/').form_fields()['csrf']
    answers = set()
    for q in ('abc', '-1', '0', '99999999', str(pid), '1e3', '%00', '',
              '9' * 40):
        n = len(audit(instance, 'prequest.refused'))
        r = d['c'].get(f'/provider/patients/ask?p={q}')
        assert r.status == 404 and p['family'] not in r.text, (q, r.status)
        assert len(audit(instance, 'prequest.refused')) == n + 1, q
        answers.add(re.search(r'id="message">(.*?)<', r.text).group(1))
        for path in ('/provider/patients/save', '/provider/patients/request'):
            r = d['c'].post(path, {'csrf': csrf, 'p': q, 'kind': 'share'})
            assert r.status == 404 and p['family'] not in r.text, (path, q)
    assert len(answers) == 1
    assert instance.value('SELECT count(*) FROM saved_patients s JOIN '
                          'provider_accounts a ON a.id = s.account_id WHERE '
                          'a.email = ?', d['email']) == 0
    assert instance.value('SELECT count(*) FROM access_requests WHERE '
                          'patient_id = ?', pid) == 0
    assert audit(instance, 'prequest.refused')


def test_every_form_needs_the_sessions_csrf_token(instance):
    d = new_provider(instance)
    cf, p, _ = new_family(instance)
    family_csrf = cf.get('/account/').form_fields()['csrf']
    pid = pid_of(instance, p)
    for path in ('/provider/patients/search', '/provider/patients/request',
                 '/provider/patients/token', '/provider/patients/save',
                 '/provider/patients/unsave'):
        for token in (None, family_csrf, 'A' * 43):
            f = {'mrn': p['mrn'], 'p': str(pid), 'kind': 'share',
                 'token': 'ABCD-EFGH-JKMN-PQRS'}
            if token is not None:
                f['csrf'] = token
            r = d['c'].post(path, f)
            assert r.status == 403 and p['family'] not in r.text, \
                (path, r.status)
    assert instance.value('SELECT count(*) FROM access_requests WHERE '
                          'patient_id = ?', pid) == 0
    # Not signed in: the sign-in page, nothing of a patient.
    anon = Client(instance)
    r = anon.get('/provider/patients/')
    assert r.status == 303 and '/provider/login' in r.location
