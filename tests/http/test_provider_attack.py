"""An outside review of the provider portal (issue 11): attacks tried over
HTTP, through the real web server. Each test is one attack; it asserts
what the attacker must (not) get."""

import re
import urllib.parse

from harness import Client
from family import new_family
from provider import (PASSWORD, add_provider, pass_code_mail, plogin,
                      signed_in, unique_email)
from test_provider_account import forgot, reset_step1
from test_provider_register import (PDF, fields, good_files, png,
                                    setup as register_setup)

# Cheap password hashes: what is tested here is the rules, not the hash's
# cost, which the shipped scrypt_n makes slow (CI time).
INSTANCE = {'conf': {'scrypt_n': 1024}}

S = {}


def setup(instance):
    register_setup(instance)


def fresh_counts(instance):
    instance.execute('DELETE FROM throttle')


def main_of(r, *hide):
    """The page's <main>, with what differs by design (addresses) hidden."""
    text = r.text.split('<main', 1)[1]
    for h in hide:
        text = text.replace(h, '@')
    return re.sub(r'name="csrf" value="[^"]*"', '', text)


def test_voiding_a_pass_code_tells_no_guesser_the_account_exists(instance):
    # "Forgot your password?" never tells whether an address has an
    # account; nor may the reset page: anyone can ask a code for a
    # victim's address and type wrong codes. Past pass_code_tries the
    # answer must still read as for an address without an account.
    fresh_counts(instance)
    pid, email = add_provider(instance)
    nobody = unique_email('nobody')
    last = {}
    for who in (email, nobody):
        c = Client(instance)
        assert forgot(c, who).status == 200
        for _ in range(6):
            r = reset_step1(c, who, '12345678')
        last[who] = r
    code = pass_code_mail(instance, email)
    assert code != '12345678'
    a, b = last[email], last[nobody]
    assert a.status == b.status == 400
    assert main_of(a, email) == main_of(b, nobody)
    # The owner, with the right code, still learns that it is void.
    r = reset_step1(Client(instance), email, code)
    assert r.status == 400 and 'entered wrong too many times' in r.text


def test_applications_from_one_address_are_throttled(instance):
    # /provider/register takes up to 3 documents of 10 MB each from anyone,
    # signed in or not, and stores them in the database and the staff
    # queue: one address must not be able to send applications without
    # end.
    fresh_counts(instance)
    c = Client(instance)
    statuses = []
    for _ in range(25):
        r = c.post('/provider/register', fields(c), files=good_files())
        statuses.append(r.status)
        if r.status == 429:
            break
    assert statuses == [303] * 10 + [429], statuses
    assert 'Too many applications were sent from your network' in r.text
    assert 'value="Rosa"' in r.text		# what was typed comes back
    assert instance.value("SELECT count(*) FROM audit WHERE action = "
                          "'provider.apply_throttled'") == 1
    fresh_counts(instance)


def test_waiting_provider_session_opens_nothing_else(instance):
    # A session whose password was right but whose second factor is not
    # given yet acts for nobody, on every program of the provider portal.
    c, pid, email = signed_in(instance)
    instance.execute("UPDATE sessions SET stage = 'mfa' WHERE kind = "
                     "'provider' AND principal = ?", pid)
    for path in ('/provider/', '/provider/account', '/provider/staff/',
                 '/provider/2fa/setup'):
        r = c.get(path)
        assert r.status == 303 and r.location.endswith('/provider/2fa'), \
            (path, r.status, r.location)
    page = c.get('/provider/2fa')
    assert page.status == 200
    csrf = page.form_fields()['csrf']
    for path in ('/provider/account/contact', '/provider/account/password',
                 '/provider/account/code', '/provider/account/questions',
                 '/provider/staff/add', '/provider/staff/change',
                 '/provider/2fa/off', '/provider/2fa/codes'):
        r = c.post(path, {'csrf': csrf, 'given': 'X', 'family': 'Y',
                          'code': '123456', 'id': '1'})
        assert r.status == 303 and r.location.endswith('/provider/2fa'), \
            (path, r.status)
    # Nor on the family portal or the staff pages.
    for path in ('/account/', '/record/', '/messages/', '/staff/', '/inbox/',
                 '/staff/providers/'):
        r = c.get(path)
        assert r.status == 303 and '/provider/' not in (r.location or ''), \
            (path, r.status, r.location)


def test_session_cookies_of_one_portal_open_nothing_of_the_other(instance):
    cp, pid, email = signed_in(instance)
    pname = [k for k in cp.cookies if k.endswith('psid')][0]
    psid = cp.cookie(pname)
    psid = getattr(psid, 'value', psid)
    cf, _, _ = new_family(instance)
    fname = [k for k in cf.cookies if k.endswith('sid') and
             not k.endswith('psid')][0]
    sid = cf.cookie(fname)
    sid = getattr(sid, 'value', sid)
    # A provider's session sent as the family cookie.
    x = Client(instance)
    x.set_cookie(fname, psid)
    for path in ('/account/', '/record/', '/messages/', '/staff/'):
        r = x.get(path)
        assert r.status == 303 and '/login' in r.location, (path, r.status)
    # A family session sent as the provider cookie.
    y = Client(instance)
    y.set_cookie(pname, sid)
    for path in ('/provider/', '/provider/account', '/provider/staff/',
                 '/provider/2fa/setup'):
        r = y.get(path)
        assert r.status == 303 and r.location.endswith('/provider/login'), \
            (path, r.status, r.location)
    r = y.get('/provider/login')
    assert r.status == 200 and 'id="login"' in r.text


def test_unapproved_accounts_reach_no_provider_page(instance):
    for status in ('pending', 'rejected', 'suspended', 'revoked'):
        pid, email = add_provider(instance)
        instance.execute('UPDATE provider_accounts SET status = ? WHERE '
                         'id = ?', status, pid)
        c = Client(instance)
        r = plogin(c, email)
        assert r.status == 403, (status, r.status)
        assert c.get('/provider/').status == 303
        assert instance.value("SELECT count(*) FROM sessions WHERE "
                              "principal = ? AND kind = 'provider'", pid) == 0


def test_remote_user_header_without_sso(instance):
    # provider_sso is off here: /provider/sso is not there, whatever a
    # client sends.
    c = Client(instance)
    pid, email = add_provider(instance, None, PASSWORD, 'Sam', 'Spoof',
                              '--sso-user', 'drspoof')
    r = c.get('/provider/sso', headers={'Remote-User': 'drspoof',
                                        'Authorization': 'Basic ZHJzcG9vZjp4'})
    assert r.status == 404
    assert c.get('/provider/').status == 303


BAD_VALUES = [b'\xff\xfe\xc0\xaf', b'A' * 20000, b'-1', b'0',
              b'99999999999999999999999', b'0x10', b' 1', b'1\x00',
              b'\xef\xbc\x91', b'<svg onload=alert(1)>', b'%00', b'1e3',
              b'a\r\nSet-Cookie: x=1']


def test_garbage_in_every_form_crashes_nothing(instance):
    # Malformed ids, huge values, bad UTF-8 in every field of every new
    # form: a clear 4xx or the form again, never a 5xx (the nginx run uses
    # the ASan programs: a crash also shows in the logs test).
    fresh_counts(instance)
    c, pid, email = signed_in(instance, None, PASSWORD, '--sponsor')
    staff = S.get('staff')
    from test_provider_register import S as RS
    prov = RS['prov']
    anon = Client(instance)
    forms = [
        (anon, '/provider/login', '/provider/login',
         ['email', 'password']),
        (anon, '/provider/forgot', '/provider/forgot', ['email']),
        (anon, '/provider/reset', '/provider/reset',
         ['email', 'code', 'step', 'a1', 'password', 'password2']),
        (anon, '/provider/setup', '/provider/setup',
         ['t', 'password', 'password2', 'q1', 'a1', 'q2']),
        (c, '/provider/account', '/provider/account/contact',
         ['given', 'family', 'phone']),
        (c, '/provider/account', '/provider/account/password',
         ['current', 'password', 'password2']),
        (c, '/provider/account', '/provider/account/questions',
         ['code', 'q1', 'a1', 'q2', 'a2', 'q3', 'a3']),
        (c, '/provider/staff/', '/provider/staff/add',
         ['given', 'family', 'email', 'role']),
        (c, '/provider/staff/', '/provider/staff/change',
         ['id', 'action', 'confirm']),
        (c, '/provider/2fa/setup', '/provider/2fa/setup', ['code']),
        (prov, '/staff/providers/', '/staff/providers/fax', ['id']),
        (prov, '/staff/providers/', '/staff/providers/decide',
         ['id', 'decision', 'sponsor', 'sso_user', 'reason', 'note']),
        (prov, '/staff/providers/', '/staff/providers/resend', ['id']),
    ]
    bad = []
    for client, page, action, names in forms:
        csrf = client.get(page).form_fields()['csrf']
        for v in BAD_VALUES:
            for name in names:
                f = [('csrf', csrf), (name, v)]
                f += [(n, b'1') for n in names if n != name]
                r = client.post(action, f)
                if r.status >= 500:
                    bad.append((action, name, v[:20], r.status))
            # The same name twice.
            r = client.post(action, [('csrf', csrf)] +
                            [(n, v) for n in names for _ in range(2)])
            if r.status >= 500:
                bad.append((action, 'twice', v[:20], r.status))
        fresh_counts(instance)
    for v in BAD_VALUES:
        q = urllib.parse.quote_from_bytes(v)
        r = prov.get('/staff/providers/document?id=' + q)
        if r.status >= 500 or r.status == 200:
            bad.append(('document', v[:20], r.status))
    assert not bad, bad
    assert not instance.crash_reports()


def provider_with_totp(instance):
    """A provider with two-step sign-in on, signed out: (email, secret,
    recovery codes)."""
    from test_mfa import send_code, shown_codes, shown_secret, totp
    c, pid, email = signed_in(instance)
    page = c.get('/provider/2fa/setup')
    secret = shown_secret(page)
    instance.note_secret(secret.replace(' ', ''), 'TOTP secret')
    r = send_code(c, '/provider/2fa/setup', 'mfa-setup',
                  totp(secret, instance.now()))
    assert r.status == 200, r.text
    codes = shown_codes(r)
    for code in codes:
        instance.note_secret(code, 'recovery code')
    home = c.get('/provider/')
    c.post('/provider/logout', home.form_fields())
    return pid, email, secret, codes


def test_second_factor_guessing_is_throttled_and_codes_are_single_use(instance):
    from test_mfa import not_code, send_code, totp
    pid, email, secret, codes = provider_with_totp(instance)
    c = Client(instance)
    assert plogin(c, email).location.endswith('/provider/2fa')
    right = totp(secret, instance.now() + 30)
    for _ in range(5):
        r = send_code(c, '/provider/2fa', 'mfa', not_code(right))
        assert r.status == 422
    # Throttled now, for the account, from any browser: the right code and
    # a recovery code are refused too, and nobody is signed in.
    for code in (right, codes[0]):
        r = send_code(c, '/provider/2fa', 'mfa', code)
        assert r.status == 429 and 'Too many wrong codes' in r.text
    d = Client(instance)
    assert plogin(d, email).location.endswith('/provider/2fa')
    assert send_code(d, '/provider/2fa', 'mfa', right).status == 429
    assert c.get('/provider/').location.endswith('/provider/2fa')
    assert instance.value("SELECT count(*) FROM sessions WHERE principal = ? "
                          "AND kind = 'provider' AND stage = 'in'", pid) == 0
    assert instance.value("SELECT count(*) FROM audit WHERE action = "
                          "'mfa.throttled' AND detail = ?",
                          f'provider:{pid}') >= 3
    # Once the wait is over: a code once, a recovery code once.
    instance.execute("DELETE FROM throttle")
    r = send_code(c, '/provider/2fa', 'mfa', right)
    assert r.status == 303 and r.location.endswith('/provider/')
    assert send_code(d, '/provider/2fa', 'mfa', right).status == 422
    r = send_code(d, '/provider/2fa', 'mfa', codes[0])
    assert r.status == 303
    e = Client(instance)
    plogin(e, email)
    assert send_code(e, '/provider/2fa', 'mfa', codes[0]).status == 422
    assert send_code(e, '/provider/2fa', 'mfa',
                     codes[1].upper().replace('-', ' ')).status == 303


def test_reset_links_of_one_portal_are_no_setup_links_of_the_other(instance):
    # store_tokens routes links to their table by purpose: a family
    # password-reset link must not set a provider's password, nor a
    # provider's setup link a family's.
    from family import code_in, link_in, login, mail_to
    from provider import setup_mail
    fresh_counts(instance)
    _, _, addr = new_family(instance)
    c = Client(instance)
    f = c.get('/login/forgot').form_fields()
    f['email'] = addr
    assert c.post('/login/forgot', f).status == 200
    fcode = code_in(link_in(mail_to(instance, addr, 'Reset')))
    pid, email = add_provider(instance)
    plink = setup_mail(instance, email)
    pcode = plink.split('#t=')[1]
    s = c.get('/provider/setup').form_fields('setup')
    s.update(t=fcode, password='Hijacked7Password', password2='Hijacked7Password')
    r = c.post('/provider/setup', s)
    assert r.status == 400 and 'This link does not work' in r.text, r.status
    # The provider's setup code on the family reset page.
    page = c.get('/login/reset')
    f = page.form_fields()
    f.update(t=pcode, password='Hijacked7Password', password2='Hijacked7Password')
    r = c.post('/login/reset', f)
    assert r.status >= 400, r.status
    assert plogin(Client(instance), email, 'Hijacked7Password').status == 401
    assert login(Client(instance), addr, 'Hijacked7Password').status != 303


def test_sso_only_on_its_one_path(instance):
    # With the shipped conf snippet in force: a client's Remote-User or a
    # wrong Basic credential on /provider/sso spelt another way (which
    # the server may or may not take for the authenticated location)
    # signs nobody in; a right credential on another spelling opens
    # nothing either (the programs route on the path as sent).
    import sso_stub
    from harness import Instance
    users = {'drpath': 'Kid5HospitalPass'}
    other = Instance(server=instance.server, sso=True)
    with other:
        stub = sso_stub.start(other.sso_port, users)
        try:
            sso_stub.htpasswd(other.sso_htpasswd, users)
            other.note_secret('Kid5HospitalPass', 'Children\'s ID password')
            add_provider(other, None, PASSWORD, 'Pat', 'Path', '--sso-user',
                         'drpath')
            spellings = ['/provider/sso/', '/provider//sso', '/provider/./sso',
                         '/provider/%73so', '/provider/sso%2F',
                         '/provider/x/../sso', '/provider/sso;x',
                         '/provider/SSO', '/provider/login']
            for path in spellings:
                for auth in (sso_stub.basic('drpath', 'wrong'),
                             sso_stub.basic('drpath', 'Kid5HospitalPass')):
                    c = Client(other)
                    r = c.get(path, headers={'Authorization': auth,
                                             'Remote-User': 'drpath',
                                             'X-Remote-User': 'drpath'})
                    assert r.status != 303 or '/provider/' not in \
                        (r.location or '') or r.location.endswith('/login'), \
                        (path, r.status, r.location)
                    assert c.get('/provider/').status == 303, path
            assert other.value("SELECT count(*) FROM sessions") == 0
            assert not other.crash_reports()
            # The one path, with the right credential, works.
            c = Client(other)
            r = c.get('/provider/sso', headers={'Authorization': sso_stub.basic(
                'drpath', 'Kid5HospitalPass')})
            assert r.status == 303 and c.get('/provider/').status == 200
        finally:
            stub.shutdown()
    other.remove()


def audits(instance, action):
    return instance.value("SELECT count(*) FROM audit WHERE action = ?",
                          action)


def test_throttled_pass_code_requests_are_audited(instance):
    # Every decision writes an audit row: also the refusals the throttle
    # makes (as provider_login.throttled does for the sign-in).
    fresh_counts(instance)
    pid, email = add_provider(instance)
    c = Client(instance)
    for _ in range(20):				# THR_PASS_CODE_WRONG
        reset_step1(c, email, '12345678')
    before = audits(instance, 'provider.reset_refused')
    r = reset_step1(c, email, '12345678')
    assert 'Too many wrong pass codes' in r.text
    assert audits(instance, 'provider.reset_refused') == before + 1
    fresh_counts(instance)
    for _ in range(10):				# THR_PASS_CODE_ASK
        forgot(c, unique_email('nobody'))
    before = audits(instance, 'provider.forgot_throttled')
    r = forgot(c, email)
    assert r.status == 429
    assert audits(instance, 'provider.forgot_throttled') == before + 1
    fresh_counts(instance)


def test_every_new_form_needs_its_own_sessions_csrf_token(instance):
    fresh_counts(instance)
    c, pid, email = signed_in(instance, None, PASSWORD, '--sponsor')
    cf, _, _ = new_family(instance)
    family_csrf = cf.get('/account/').form_fields()['csrf']
    anon = Client(instance)
    pre_csrf = anon.get('/provider/login').form_fields()['csrf']
    from test_provider_register import S as RS
    prov = RS['prov']
    posts = [(c, p) for p in (
        '/provider/logout', '/provider/account/contact',
        '/provider/account/password', '/provider/account/code',
        '/provider/account/questions', '/provider/staff/add',
        '/provider/staff/change', '/provider/2fa/setup', '/provider/2fa/off',
        '/provider/2fa/codes')] + \
        [(prov, p) for p in ('/staff/providers/fax', '/staff/providers/decide',
                             '/staff/providers/resend')] + \
        [(anon, p) for p in ('/provider/login', '/provider/forgot',
                             '/provider/reset', '/provider/setup',
                             '/provider/register', '/provider/2fa')]
    for client, path in posts:
        for token in (None, family_csrf, pre_csrf if client is not anon
                      else 'A' * 43):
            f = {'given': 'Eve', 'family': 'Evil', 'email': 'eve@example.org',
                 'role': 'nurse', 'id': '1', 'code': '123456',
                 'password': 'Hijacked7Password'}
            if token is not None:
                f['csrf'] = token
            r = client.post(path, f)
            if client is anon and path == '/provider/2fa':
                # A second-factor page needs a session waiting for it:
                # without one, what was typed is given back to copy
                # (issue 15.3), and nothing is changed all the same.
                assert r.status == 401 and \
                    'Nothing was sent or changed' in r.text, \
                    (path, token and token[:5], r.status)
                continue
            assert r.status == 403 and 'Nothing was changed' in r.text, \
                (path, token and token[:5], r.status)
    assert c.get('/provider/').status == 200		# still signed in
    assert instance.value("SELECT count(*) FROM provider_accounts WHERE "
                          "email = 'eve@example.org'") == 0


def test_document_names_and_contents_cannot_reach_headers_or_run(instance):
    # The applicant chooses the file names and the bytes; provisioning
    # staff open them in their browser.
    from test_provider_register import S as RS, app_id
    fresh_counts(instance)
    prov = RS['prov']
    names = ['a"\r\nSet-Cookie: x=1\r\n.pdf', '../../../etc/passwd.pdf',
             'x' * 5000 + '.pdf', 'caf\udcff.pdf', '<script>.pdf',
             'agreement.pdf\x00.html', '"; filename*=UTF-8\'\'evil.html']
    html = b'<html><script>alert(1)</script></html>'
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
    c = Client(instance)
    # Active content under any name is refused, the name shown escaped.
    for body, name in ((html, 'agreement.pdf'), (svg, 'licence.png'),
                       (b'%PDF-' + html, '<b>x</b>.html')):
        f = fields(c)
        r = c.post('/provider/register', f, files=good_files(
            agreement_file=(name, body, 'application/pdf')))
        if body.startswith(b'%PDF-'):
            assert r.status in (303, 422) and '<b>x' not in r.text
            continue
        assert r.status == 422 and '<script>' not in r.text, r.status
    for name in names:
        f = fields(c)
        try:
            name.encode()
        except UnicodeEncodeError:
            name = name.encode('utf-8', 'surrogateescape').decode('latin-1')
        r = c.post('/provider/register', f, files=good_files(
            agreement_file=(name, PDF, 'application/pdf')))
        assert r.status in (303, 400, 422), (name[:20], r.status)
        if r.status != 303:
            continue
        aid = app_id(instance, f['email'])
        doc = instance.value("SELECT id FROM provider_documents WHERE "
                             "account_id = ? AND kind = 'agreement'", aid)
        d = prov.get(f'/staff/providers/document?id={doc}')
        assert d.status == 200, d.status
        cd = d.headers.get('Content-Disposition')
        assert cd.startswith('inline; filename="') and cd.count('"') == 2, cd
        assert '\r' not in cd and '\n' not in cd and 'html' not in cd, cd
        assert d.headers.get('Content-Type') == 'application/pdf'
        assert any('sandbox' in v for v in
                   d.headers.getall('Content-Security-Policy'))
        assert not any(k.lower() == 'set-cookie' and 'x=1' in v
                       for k, v in d.headers.items())
        fresh_counts(instance)
    assert not instance.crash_reports()


def test_provider_sign_in_keeps_the_family_browser_known(instance):
    # A clinician who is also a parent signs in to both portals in one
    # browser (the portals keep separate session cookies for that). The
    # browser stays known to the family account: a stranger's wrong
    # passwords for that account, which hold back browsers new to it, do
    # not hold back the owner's own browser.
    from family import PASSWORD as FPW, login
    fresh_counts(instance)
    c, _, addr = new_family(instance)		# signed in: browser known
    pid, email = add_provider(instance)
    r = plogin(c, email)
    assert r.status == 303 and r.location.endswith('/provider/')
    for _ in range(10):				# THR_LOGIN_ACCOUNT
        login(Client(instance), addr, 'Wrong5Guess9')
    assert login(Client(instance), addr, FPW).status == 429
    r = login(c, addr, FPW)
    assert r.status == 303 and r.location.endswith('/home/'), r.status
    # And the other way round.
    from provider import logout
    logout(c)
    fresh_counts(instance)
    for _ in range(10):
        plogin(Client(instance), email, 'Wrong5Guess9')
    assert plogin(Client(instance), email).status == 429
    r = plogin(c, email)
    assert r.status == 303 and r.location.endswith('/provider/'), r.status
    fresh_counts(instance)
