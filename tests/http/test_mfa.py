"""Two-step sign-in (TOTP with recovery codes, issue 11.6), family side:
turning it on from the account page (QR code and the secret as text), the
code asked at the next sign-in, a wrong code refused, a code taken once
within its window, recovery codes each used once, turning it off; a
session waiting for its code opens nothing else. Codes are computed here
from the secret the page shows, as an authenticator app would."""

import base64
import hashlib
import hmac
import re

from family import login, mail_to, new_family
from harness import Client


def totp(secret, t):
    """The 6-digit TOTP code (RFC 6238, SHA-1, 30 s) of secret at t."""
    s = secret.replace(' ', '')
    key = base64.b32decode(s + '=' * (-len(s) % 8))
    mac = hmac.new(key, int(t // 30).to_bytes(8, 'big'), hashlib.sha1).digest()
    off = mac[-1] & 15
    v = (int.from_bytes(mac[off:off + 4], 'big') & 0x7fffffff) % 1000000
    return f'{v:06d}'


def shown_secret(page):
    m = re.search(r'<code class="secret" id="secret">([A-Z2-7 ]+)</code>',
                  page.text)
    assert m, page.text
    return m.group(1)


def shown_codes(page):
    return re.findall(r'<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>',
                      page.text)


def not_code(code):
    return '000000' if code != '000000' else '111111'


def send_code(c, path, form_id, code):
    page = c.get(path)
    assert page.status == 200, page
    f = page.form_fields(form_id)
    f['code'] = code
    return c.post(path, f)


def logout(c):
    home = c.get('/account/')
    return c.post('/login/out', home.form_fields())


STATE = {}
# Ten recovery codes are ten password hashes: cheap ones here, the rules
# are what is tested (as tests/app do).
INSTANCE = {'conf': {'scrypt_n': 1024}}


def enrol(instance, c, addr):
    """Turns two-step sign-in on; returns (secret, recovery codes)."""
    home = c.get('/account/')
    assert 'href="/account/2fa"' in home.text	# the link on the account page
    st = c.get('/account/2fa')
    assert st.status == 200 and 'is <strong>off</strong>' in st.text
    page = c.get('/account/2fa/setup')
    assert page.status == 200, page
    assert '<svg' in page.text and 'role="img"' in page.text
    assert 'aria-label="QR code' in page.text
    secret = shown_secret(page)
    assert len(secret.replace(' ', '')) == 32
    assert c.get('/account/2fa/setup').text.count(secret) == 1, \
        'the same secret until confirmed'
    instance.note_secret(secret.replace(' ', ''), 'TOTP secret')
    # A wrong first code: 422, nothing turned on.
    r = send_code(c, '/account/2fa/setup', 'mfa-setup',
                  not_code(totp(secret, instance.now())))
    assert r.status == 422 and 'not right' in r.text
    assert shown_secret(r) == secret
    r = send_code(c, '/account/2fa/setup', 'mfa-setup',
                  totp(secret, instance.now()))
    assert r.status == 200, r.text
    assert r.headers['Cache-Control'] == 'no-store'
    codes = shown_codes(r)
    assert len(codes) == 10 and len(set(codes)) == 10
    for k in codes:
        instance.note_secret(k, 'recovery code')
    st = c.get('/account/2fa')
    assert 'is <strong>on</strong>' in st.text and 'You have 10 unused' in st.text
    return secret, codes


def test_turn_on_and_sign_in_with_a_code(instance):
    c, p, addr = new_family(instance)
    secret, codes = enrol(instance, c, addr)
    STATE.update(addr=addr, secret=secret, codes=codes)
    assert logout(c).status == 303
    r = login(c, addr)
    assert r.status == 303 and r.location.endswith('/login/2fa'), r
    page = c.get('/login/2fa')
    assert page.status == 200 and 'Two-step sign-in' in page.text
    # A wrong code: 422, the form again, not signed in.
    wrong = not_code(totp(secret, instance.now() + 30))
    r = send_code(c, '/login/2fa', 'mfa', wrong)
    assert r.status == 422 and 'not right' in r.text
    # The code is not echoed (before: any value starting 0 or 1, so a CSRF
    # token could fail it at random).
    assert f'value="{wrong}"' not in r.text
    assert c.get('/account/').location.endswith('/login/2fa')
    # The next step's code (the enrolment took this one): signed in.
    code = totp(secret, instance.now() + 30)
    r = send_code(c, '/login/2fa', 'mfa', code)
    assert r.status == 303 and r.location.endswith('/home/'), r.text
    assert c.get('/account/').status == 200
    STATE['used'] = code
    # The same code at the next sign-in, within its window: refused.
    logout(c)
    login(c, addr)
    r = send_code(c, '/login/2fa', 'mfa', code)
    assert r.status == 422 and 'used already' in r.text
    assert instance.value("SELECT COUNT(*) FROM audit WHERE action = "
                          "'mfa.ok'") == 1
    assert instance.value("SELECT COUNT(*) FROM audit WHERE action = "
                          "'mfa.failed'") >= 3


def test_waiting_session_opens_nothing_else(instance):
    c = Client(instance)
    r = login(c, STATE['addr'])
    assert r.location.endswith('/login/2fa')
    for path in ('/account/', '/record/', '/messages/', '/account/2fa',
                 '/account/2fa/setup'):
        r = c.get(path)
        assert r.status == 303 and r.location.endswith('/login/2fa'), path
    home = c.get('/login/2fa')
    r = c.post('/account/2fa/off', dict(home.form_fields('mfa'), code='x'))
    assert r.status == 303 and r.location.endswith('/login/2fa')


def test_recovery_code_works_once(instance):
    addr, codes = STATE['addr'], STATE['codes']
    c = Client(instance)
    login(c, addr)
    # As a person types it from paper: upper case, a space.
    typed = codes[0].upper().replace('-', ' ')
    r = send_code(c, '/login/2fa', 'mfa', typed)
    assert r.status == 303 and r.location.endswith('/home/'), r.text
    mail = mail_to(instance, addr, 'recovery code')
    assert mail is not None and codes[0] not in mail.body
    st = c.get('/account/2fa')
    assert 'You have 9 unused' in st.text
    logout(c)
    login(c, addr)
    r = send_code(c, '/login/2fa', 'mfa', codes[0])
    assert r.status == 422
    r = send_code(c, '/login/2fa', 'mfa', codes[1])
    assert r.status == 303 and r.location.endswith('/home/')
    assert instance.value("SELECT COUNT(*) FROM audit WHERE action = "
                          "'mfa.recovery_used'") == 2


def test_turn_off_needs_a_code(instance):
    # An account of its own: the wrong codes above count against theirs
    # (5 in 15 minutes).
    c, p, addr = new_family(instance)
    secret, codes = enrol(instance, c, addr)
    logout(c)
    login(c, addr)
    assert send_code(c, '/login/2fa', 'mfa', codes[2]).status == 303
    st = c.get('/account/2fa')
    f = st.form_fields('mfa-off')
    f['code'] = '12345x'
    r = c.post('/account/2fa/off', f)
    assert r.status == 422 and 'is <strong>on</strong>' in r.text
    f['code'] = codes[3]
    r = c.post('/account/2fa/off', f)
    assert r.status == 303 and r.location.endswith('/account/2fa?off=1'), r
    assert 'is <strong>off</strong>' in c.get(r.location).text
    assert mail_to(instance, addr, 'turned off') is not None
    logout(c)
    r = login(c, addr)
    assert r.status == 303 and r.location.endswith('/home/')


def test_new_recovery_codes(instance):
    c, p, addr = new_family(instance)
    secret, codes = enrol(instance, c, addr)
    st = c.get('/account/2fa')
    f = st.form_fields('mfa-codes')
    f['code'] = codes[0]
    r = c.post('/account/2fa/codes', f)
    assert r.status == 200, r.text
    fresh = shown_codes(r)
    assert len(fresh) == 10 and not set(fresh) & set(codes)
    for k in fresh:
        instance.note_secret(k, 'recovery code')
    logout(c)
    login(c, addr)
    assert send_code(c, '/login/2fa', 'mfa', codes[1]).status == 422
    assert send_code(c, '/login/2fa', 'mfa', fresh[0]).status == 303


# -- the provider portal ---------------------------------------------

def test_provider_optional_enrol_when_signed_in(instance):
    from provider import plogin, signed_in
    c, pid, email = signed_in(instance)		# not required: straight in
    page = c.get('/provider/2fa/setup')
    assert page.status == 200 and '<svg' in page.text
    assert 'requires two-step sign-in' not in page.text
    secret = shown_secret(page)
    instance.note_secret(secret.replace(' ', ''), 'TOTP secret')
    r = send_code(c, '/provider/2fa/setup', 'mfa-setup',
                  totp(secret, instance.now()))
    assert r.status == 200 and len(shown_codes(r)) == 10, r.text
    codes = shown_codes(r)
    st = c.get('/provider/2fa/setup')		# now its status
    assert 'is <strong>on</strong>' in st.text and 'id="mfa-off"' in st.text
    home = c.get('/provider/')
    c.post('/provider/logout', home.form_fields())
    r = plogin(c, email)
    assert r.status == 303 and r.location.endswith('/provider/2fa'), r
    assert c.get('/provider/').location.endswith('/provider/2fa')
    r = send_code(c, '/provider/2fa', 'mfa', totp(secret, instance.now() + 30))
    assert r.status == 303 and r.location.endswith('/provider/'), r.text
    assert c.get('/provider/').status == 200
    # Not required: the provider may turn it off, with a code.
    st = c.get('/provider/2fa/setup')
    f = st.form_fields('mfa-off')
    f['code'] = not_code(totp(secret, instance.now()))
    assert c.post('/provider/2fa/off', f).status == 422
    f['code'] = codes[0]
    r = c.post('/provider/2fa/off', f)
    assert r.status == 303 and r.location.endswith('/provider/2fa/setup?off=1')
    home = c.get('/provider/')
    c.post('/provider/logout', home.form_fields())
    r = plogin(c, email)
    assert r.status == 303 and r.location.endswith('/provider/'), r


def test_provider_mandatory_enrolment_at_first_sign_in(instance):
    from provider import add_provider, plogin
    instance.set_conf(provider_mfa_required='yes')
    pid, email = add_provider(instance)
    c = Client(instance)
    r = plogin(c, email)
    assert r.status == 303 and r.location.endswith('/provider/2fa/setup'), r
    # Nothing else opens before the factor is set up.
    r = c.get('/provider/')
    assert r.status == 303 and '/provider/2fa' in r.location
    assert c.get('/provider/2fa').location.endswith('/provider/2fa/setup')
    page = c.get('/provider/2fa/setup')
    assert page.status == 200 and 'requires two-step sign-in' in page.text
    assert 'Provider Portal' in page.text		# the provider portal's header
    assert 'action="/provider/logout"' in page.text	# a way out
    secret = shown_secret(page)
    instance.note_secret(secret.replace(' ', ''), 'TOTP secret')
    r = send_code(c, '/provider/2fa/setup', 'mfa-setup',
                  not_code(totp(secret, instance.now())))
    assert r.status == 422 and shown_secret(r) == secret
    r = send_code(c, '/provider/2fa/setup', 'mfa-setup',
                  totp(secret, instance.now()))
    assert r.status == 200, r.text
    codes = shown_codes(r)
    assert len(codes) == 10 and 'href="/provider/"' in r.text
    assert c.get('/provider/').status == 200		# signed in
    # Required: it cannot be turned off.
    st = c.get('/provider/2fa/setup')
    assert 'cannot be turned off' in st.text and 'id="mfa-off"' not in st.text
    f = st.form_fields('mfa-codes')
    f['code'] = codes[0]
    r = c.post('/provider/2fa/off', f)
    assert r.status == 403
    assert instance.value("SELECT COUNT(*) FROM mfa WHERE kind = 'provider' "
                          "AND principal = ? AND enabled IS NOT NULL", pid) == 1
    # The next sign-in asks for a code; a recovery code works.
    home = c.get('/provider/')
    c.post('/provider/logout', home.form_fields())
    r = plogin(c, email)
    assert r.location.endswith('/provider/2fa')
    r = send_code(c, '/provider/2fa', 'mfa', codes[1])
    assert r.status == 303 and r.location.endswith('/provider/')
    mail = mail_to(instance, email, 'provider portal')
    assert mail is not None and 'recovery code' in mail.subject
    assert codes[1] not in mail.body
    instance.set_conf(provider_mfa_required='no')
