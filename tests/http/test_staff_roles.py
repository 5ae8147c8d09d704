"""Staff roles enforced on every staff page (issue 11.8): the care team's
inbox is the clinic role's, the verification queue the verifier's; a
member lands, after signing in, on the first page a role of theirs opens;
portalctl refuses a role it does not know and takes several."""

import re

from family import count, ctl, patient, staff_signin

PW = 'Answer4Tests!'
NO_INBOX = "Your role does not include the care team&#39;s inbox"
S = {}


def signin(instance, username):
    return staff_signin(instance, username, PW)


def setup(instance):
    ctl(instance, 'clinic', 'add', '--clinic', 'General Pediatrics')
    p = patient(instance, 9, [('parent', 'Rae', 'Role', None)], given='Rory')
    ctl(instance, 'clinic', 'patient', '--clinic', 'General Pediatrics',
        '--mrn', p['mrn'])
    # A verifier only; a care-team member only (clinic staff gives the
    # clinic role); a member of both.
    ctl(instance, 'staff', 'add', '--username', 'vera', '--name',
        'Vera Verifier', '--role', 'verifier', input=PW + '\n')
    ctl(instance, 'staff', 'add', '--username', 'cleo', '--name',
        'Cleo Clinic', '--role', 'clinic', input=PW + '\n')
    ctl(instance, 'clinic', 'staff', '--clinic', 'General Pediatrics',
        '--username', 'cleo')
    ctl(instance, 'staff', 'add', '--username', 'bo', '--name', 'Bo Both',
        '--role', 'verifier,clinic', input=PW + '\n')
    ctl(instance, 'clinic', 'staff', '--clinic', 'General Pediatrics',
        '--username', 'bo')


def test_verifier_without_clinic_role_gets_403_on_every_inbox_page(instance):
    c, landed = signin(instance, 'vera')
    assert landed.endswith('/staff/'), landed
    q = c.get('/staff/')
    assert q.status == 200
    # The header links only what her role opens, the page she is on
    # marked (issue 15.9).
    assert 'href="/staff/" aria-current="page">Verification queue' in q.text
    assert 'href="/inbox/"' not in q.text
    csrf = c.get('/staff/').form_fields()['csrf']
    before = count(instance, "SELECT count(*) FROM audit WHERE action = "
                   "'inbox.refused'")
    for path in ('/inbox/', '/inbox/thread?id=1', '/inbox/file?id=1',
                 '/inbox/?after=w1.1'):
        r = c.get(path)
        assert r.status == 403, (path, r.status)
        assert NO_INBOX in r.text, (path, r.text)
    r = c.post('/inbox/reply', {'csrf': csrf, 'id': '1', 'body': 'Hello',
                                'key': '0' * 32})
    assert r.status == 403 and NO_INBOX in r.text, r.text
    assert count(instance, "SELECT count(*) FROM messages") == 0
    # Each refusal is audited, naming the missing role.
    assert count(instance, "SELECT count(*) FROM audit WHERE action = "
                 "'inbox.refused' AND detail LIKE '%no clinic role'") \
        >= before + 5


def test_clinic_member_gets_the_inbox_not_the_queue(instance):
    c, landed = signin(instance, 'cleo')
    assert landed.endswith('/inbox/'), landed
    r = c.get('/inbox/')
    assert r.status == 200 and 'Messages inbox' in r.text, r.text
    assert 'href="/inbox/" aria-current="page">Messages inbox' in r.text
    assert 'Verification queue' not in r.text
    q = c.get('/staff/')
    assert q.status == 403
    assert 'Your role does not give access to the verification queue' in q.text
    # A thread that does not exist is still "no such conversation" (404),
    # not a role refusal.
    r = c.get('/inbox/thread?id=999999')
    assert r.status == 404 and 'no such conversation' in r.text


def test_member_of_both_lands_on_the_queue_and_has_the_inbox(instance):
    c, landed = signin(instance, 'bo')
    assert landed.endswith('/staff/'), landed
    q = c.get('/staff/')
    assert q.status == 200
    assert 'href="/inbox/">Messages inbox' in q.text
    assert 'href="/staff/" aria-current="page">Verification queue' in q.text
    assert c.get('/inbox/').status == 200


def test_portalctl_staff_add_refuses_an_unknown_role(instance):
    n = count(instance, 'SELECT count(*) FROM staff')
    for role in ('nonsense', 'clinic,nonsense', 'Admin', '', 'verifier,'):
        rc, out, err = instance.portalctl(
            'staff', 'add', '--username', 'nemo', '--name', 'No Body',
            '--role', role, input=PW + '\n')
        assert rc == 2, (role, rc, out, err)
        assert 'verifier, provisioning, billing, clinic, admin' in err, err
    assert count(instance, 'SELECT count(*) FROM staff') == n


def test_portalctl_staff_add_takes_several_roles(instance):
    ctl(instance, 'staff', 'add', '--username', 'viv', '--name', 'Viv Two',
        '--role', 'verifier,provisioning', input=PW + '\n')
    roles = [r[0] for r in instance.query(
        'SELECT r.role FROM staff_roles r JOIN staff s ON s.id = r.staff_id '
        "WHERE s.username = 'viv' ORDER BY r.role")]
    assert roles == ['provisioning', 'verifier'], roles
    c, landed = signin(instance, 'viv')
    assert landed.endswith('/staff/'), landed
    assert c.get('/inbox/').status == 403


def test_portalctl_policy_prints_the_six_roles(instance):
    out = ctl(instance, 'policy')
    for role in ('verifier', 'provisioning', 'billing', 'clinic', 'admin',
                 'privacy'):
        assert re.search(rf'^  {role} may:$', out, re.M), (role, out)
    assert 'answer the messages of their own clinics' in out
    # The audit log is the privacy office's alone (issue 16.1).
    assert re.search(r'^  privacy may:\n    - search and export the audit '
                     r'log', out, re.M), out
    admin = out.split('  admin may:')[1].split('may:')[0]
    assert 'audit log' not in admin, admin
    assert 'SPONSORED STAFF' in out
