"""Hospital single sign-on for the provider portal (issue 11.4): the web
server authenticates /provider/sso (nginx: auth_request to an identity
service; Apache: its own authentication, here mod_auth_basic) and passes
the user's name as REMOTE_USER; an account whose --sso-user it is, and
which stands, is signed in, without the portal's own second factor.
Nothing a client sends (Authorization: Basic anywhere else, a Remote-User
header) ever becomes REMOTE_USER."""

from harness import Client, Instance
import sso_stub
from provider import PASSWORD, add_provider, plogin, unique_email

INSTANCE = {'sso': True}
USERS = {'drsso': 'Kid5HospitalPass', 'drnone': 'Kid5HospitalPass',
         'drsusp': 'Kid5HospitalPass'}
S = {}


def setup(instance):
    S['stub'] = sso_stub.start(instance.sso_port, USERS)
    sso_stub.htpasswd(instance.sso_htpasswd, USERS)
    S['id'], S['email'] = add_provider(instance, None, PASSWORD, 'Sam', 'Surgeon',
                                       '--sso-user', 'drsso')
    S['susp'], _ = add_provider(instance, None, PASSWORD, 'Sue', 'Suspended',
                                '--sso-user', 'drsusp')
    instance.execute("UPDATE provider_accounts SET status = 'suspended' "
                     "WHERE id = ?", S['susp'])
    instance.note_secret('Kid5HospitalPass', 'Children\'s ID password')


def sso(c, name=None, pw='Kid5HospitalPass', headers=None):
    h = dict(headers or {})
    if name is not None:
        h['Authorization'] = sso_stub.basic(name, pw)
    return c.get('/provider/sso', headers=h)


def test_sso_signs_in(instance):
    c = Client(instance)
    r = sso(c, 'drsso')
    assert r.status == 303 and r.location.endswith('/provider/'), r.text
    home = c.get('/provider/')
    assert home.status == 200 and 'Signed in as Sam Surgeon' in home.text
    # No portal second factor for Children's ID users: not offered.
    assert '/provider/2fa/setup' not in home.text
    assert instance.value("SELECT count(*) FROM audit WHERE action = "
                          "'provider_sso.ok' AND detail = 'drsso'") == 1
    assert instance.value("SELECT stage FROM sessions WHERE kind = 'provider' "
                          "AND principal = ?", S['id']) == 'in'


def test_sso_needs_the_servers_authentication(instance):
    r = sso(Client(instance))
    assert r.status == 401
    r = sso(Client(instance), 'drsso', 'Wrong5Password')
    assert r.status == 401
    assert Client(instance).get('/provider/').status == 303


def test_unknown_and_refused_users(instance):
    r = sso(Client(instance), 'drnone')
    assert r.status == 403
    assert 'no provider portal account for your Children' in r.text
    assert '(617) 355-3333' in r.text
    r = sso(Client(instance), 'drsusp')
    assert r.status == 403 and 'This account is suspended' in r.text
    assert instance.value("SELECT count(*) FROM audit WHERE action = "
                          "'provider_sso.refused'") == 2


def test_client_headers_never_become_remote_user(instance):
    # A Basic credential or a Remote-User header sent where the server
    # does not authenticate grants nothing: the sign-in form still asks.
    spoof = {'Authorization': sso_stub.basic('drsso', 'anything'),
             'Remote-User': 'drsso', 'X-Remote-User': 'drsso'}
    c = Client(instance)
    r = c.get('/provider/login', headers=spoof)
    assert r.status == 200 and 'id="login"' in r.text
    f = r.form_fields('login')
    f.update(email=S['email'], password='Wrong9Password')
    r = c.post('/provider/login', f, headers=spoof)
    assert r.status == 401
    assert c.get('/provider/', headers=spoof).status == 303
    # On /provider/sso itself, a Remote-User header without the server's
    # authentication is refused by the server.
    r = Client(instance).get('/provider/sso', headers={'Remote-User': 'drsso',
                                                      'X-Remote-User': 'drsso'})
    assert r.status == 401
    assert instance.value("SELECT count(*) FROM audit WHERE action = "
                          "'provider_sso.ok'") <= 1


def test_sso_users_have_no_portal_password(instance):
    """A Children's ID account signs in only through the hospital's sign-on
    (P-LOGIN 4: its password is managed elsewhere), so switching someone
    off there ends their access: no password sign-in, no pass code, no
    password on the account page."""
    assert instance.value('SELECT pw_hash FROM provider_accounts WHERE '
                          'email = ?', S['email']) is None
    c = Client(instance)
    r = plogin(c, S['email'])
    assert r.status == 401 and c.get('/provider/').status == 303, r.status
    page = c.get('/provider/forgot')
    f = page.form_fields('forgot')
    f['email'] = S['email']
    r = c.post('/provider/forgot', f)
    assert r.status in (200, 303), r.status
    instance.deliver_mail()
    assert not [m for m in instance.mails()
                if S['email'] in m.to and 'pass code' in m.subject]
    rc, out, err = instance.portalctl('provider', 'link', '--email',
                                      S['email'])
    assert rc != 0, out


def test_without_the_servers_part_nobody_signs_in(instance):
    # provider_sso on, but the web server as shipped: nothing
    # authenticates /provider/sso, and a client's own Basic credential
    # (which nginx reads into $remote_user) or Remote-User header must not
    # stand for one.
    other = Instance(server=instance.server, sso='app')
    with other:
        add_provider(other, None, PASSWORD, 'Sam', 'Surgeon',
                     '--sso-user', 'drsso')
        c = Client(other)
        r = c.get('/provider/sso', headers={
            'Authorization': sso_stub.basic('drsso', 'anything'),
            'Remote-User': 'drsso'})
        assert r.status == 403, r.status
        assert 'did not tell us who you are' in r.text
        assert c.get('/provider/').status == 303
        assert other.value("SELECT count(*) FROM sessions") == 0
    other.remove()
