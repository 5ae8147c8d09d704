"""Malformed ids and parameters, program by program (issue 7.1, S-5, S-1):
every id a page takes, given as `x`, `0`, `-1`, `07`, `'`, empty, 2^63,
10 KB and a few more, answers the portal's own error page (400 or 404,
with its reference) and never 502; no worker dies (the runner also reads
the portal-serve log for crashes and, behind nginx, ASan and UBSan
reports); nothing changes; the refusal's audit row names what was asked
for; and the reference on the page is in the error log for Support.

A worker that does die (here: killed) is replaced at once, not after the
growing pause meant for programs that cannot start."""

import os
import re
import signal
import time
import urllib.parse

from family import count, ctl, login, new_family, patient, staff
from harness import Client, forms

# Two workers a program (the harness starts one): this module's tests
# send requests at once, or kill or stop a worker and expect another.
# Every worker up at start (not lazy): the tests count them, as the
# shipped units run them.
INSTANCE = {'workers': 2, 'lazy': False}

BAD = ['x', '0', '-1', '07', "'", '', str(2 ** 63), '9' * 10240,
       '1 OR 1=1', '1e3', '\u0661', '\x00', '+1', ' 1', '0x10',
       '99999999999999999999']

S = {}

SECTIONS = ('visits', 'notes', 'labs', 'radiology', 'medications',
            'allergies', 'problems', 'immunizations', 'vitals')

REF = re.compile(r'give this reference: <code>([0-9a-f]{12})</code>')


def q(value):
    return urllib.parse.quote(value, safe='')


def setup(instance):
    ctl(instance, 'clinic', 'add', '--clinic', 'Cardiology')
    c, p, addr = new_family(instance, years=7)
    ctl(instance, 'clinic', 'patient', '--clinic', 'Cardiology', '--mrn',
        p['mrn'])
    ctl(instance, 'staff', 'add', '--username', 'nurse2', '--name',
        'Nell Nurse', input='Answer4Tests!\n')
    ctl(instance, 'clinic', 'staff', '--clinic', 'Cardiology', '--username',
        'nurse2')
    S['family'], S['p'] = c, p
    S['pid'] = count(instance, 'SELECT id FROM patients WHERE mrn = ?',
                     p['mrn'])
    page = c.get(f"/messages/new?p={S['pid']}")
    f = [x for x in forms(page.text) if x['id'] == 'compose'][0]['fields']
    f.update({'subject': 'Refill', 'body': 'Please refill.',
              'topic': 'prescription'})
    r = c.post('/messages/new', f)
    assert r.status == 303, r
    S['thread'] = int(re.search(r'id=(\d+)', r.location).group(1))
    S['compose'] = f
    s = Client(instance)
    f = s.get('/staff/login').form_fields('staff-login')
    f.update({'username': 'nurse2', 'password': 'Answer4Tests!'})
    assert s.post('/staff/login', f).status == 303
    S['staff'] = s


def state(instance):
    return [count(instance, f'SELECT count(*) FROM {t}') for t in
            ('threads', 'messages', 'attachments', 'signup_requests',
             'account_patients', 'accounts')]


def assert_error_page(r, what):
    assert r.status in (400, 404), (what, r.status, r.text[:300])
    assert REF.search(r.text), (what, 'not the portal error page',
                                r.text[:300])


def gets(instance):
    """(client, path) pairs: every GET that takes an id, each bad value."""
    pid = S['pid']
    fam, st = S['family'], S['staff']
    out = []
    for v in BAD:
        out += [(fam, f'/record/?p={q(v)}'),
                (fam, f'/record/print?p={q(v)}'),
                (fam, f'/record/download?p={q(v)}'),
                (fam, f'/messages/?p={q(v)}'),
                (fam, f'/messages/new?p={q(v)}'),
                (fam, f'/messages/thread?id={q(v)}'),
                (fam, f'/messages/file?id={q(v)}'),
                (st, f'/inbox/thread?id={q(v)}'),
                (st, f'/inbox/file?id={q(v)}')]
        out += [(fam, f'/record/{s}?p={q(v)}') for s in SECTIONS]
        out += [(fam, f'/record/{s}?p={pid}&id={q(v)}') for s in SECTIONS]
    return out


def test_malformed_ids_in_queries(instance):
    before = state(instance)
    pids = {p: instance.worker_pids(p) for p in ('record', 'messages',
                                                  'inbox')}
    for c, path in gets(instance):
        assert_error_page(c.get(path), path[:80])
    assert state(instance) == before
    for p, was in pids.items():
        assert instance.worker_pids(p) == was, f'{p} workers died'


def test_malformed_ids_in_forms(instance):
    fam, st = S['family'], S['staff']
    before = state(instance)
    csrf_f = fam.get(f"/messages/thread?id={S['thread']}").form_fields(
        'reply')['csrf']
    csrf_s = st.get('/inbox/').form_fields()['csrf']
    for v in BAD:
        r = fam.post('/messages/reply', {'csrf': csrf_f, 'id': v,
                                         'body': 'hello'})
        assert_error_page(r, f'/messages/reply id={v[:20]!r}')
        r = fam.post('/messages/new', {**S['compose'], 'p': v})
        assert_error_page(r, f'/messages/new p={v[:20]!r}')
        r = st.post('/inbox/reply', {'csrf': csrf_s, 'id': v,
                                     'body': 'hello'})
        assert_error_page(r, f'/inbox/reply id={v[:20]!r}')
        r = st.post('/staff/decide', {'csrf': csrf_s, 'id': v,
                                      'decision': 'approve'})
        assert r.status in (400, 404) and 'reference' in r.text, (v[:20], r)
        # A bad care team is a mistake in the form: said, text kept.
        r = fam.post('/messages/new', {**S['compose'], 'clinic': v})
        assert r.status == 422, (v[:20], r.status)
        assert 'Please refill.' in r.text
    assert state(instance) == before


def test_other_parameters_never_fail(instance):
    """The public pages' parameters: a clear page, never a server error."""
    c = Client(instance)
    for v in BAD:
        for path in (f'/signup/verify?t={q(v)}', f'/login/reset?t={q(v)}',
                     f'/login/?expired={q(v)}', f'/account/?added={q(v)}',
                     f'/staff/login?expired={q(v)}'):
            r = c.get(path)
            assert r.status in (200, 303, 400, 404, 410, 422), (path[:60], r)


def test_refusals_name_what_was_asked(instance):
    c = S['family']
    other = patient(instance, 9)
    oid = count(instance, 'SELECT id FROM patients WHERE mrn = ?',
                other['mrn'])
    for path in (f'/record/?p={oid}', f'/record/labs?p={oid}',
                 '/record/?p=x', f"/record/labs?p={S['pid']}&id=77777",
                 '/messages/thread?id=424242', f'/messages/new?p={oid}'):
        assert c.get(path).status == 404
    rows = [r for r in rows_of(instance)]
    details = [d for _, d, _ in rows]
    assert any(a == 'record.refused' and p == oid and f'asked p={oid}' in d
               for a, d, p in rows), details[-8:]
    assert any(a == 'record.refused' and 'asked p=malformed (1 bytes)' in d
               for a, d, p in rows), details[-8:]
    assert any(a == 'record.item_refused' and 'asked id=77777' in d
               for a, d, p in rows), details[-8:]
    assert any(a == 'messages.refused' and 'asked id=424242' in d
               for a, d, p in rows), details[-8:]
    assert any(a == 'messages.refused' and p == oid and
               f'compose: asked p={oid}' in d for a, d, p in rows)


def rows_of(instance):
    from family import db
    with db(instance) as con:
        return con.execute('SELECT action, coalesce(detail, \'\'), '
                           'patient_id FROM audit ORDER BY id').fetchall()


def test_error_page_reference_is_in_the_log(instance):
    r = S['family'].get('/record/?p=x')
    ref = REF.search(r.text).group(1)
    log = instance.log_text('portal-serve')
    assert ref in log, 'the reference on the error page is not in the log'
    # Neither the query nor its value is logged, only the path.
    line = [ln for ln in log.splitlines() if ref in ln][0]
    assert '/record/' in line and 'p=x' not in line, line


def test_views_of_names_are_audited(instance):
    """/account/, /messages/new and the staff queue show who the patients
    are: each view has its audit row (issue 7.6)."""
    c, pid = S['family'], S['pid']
    n = count(instance, "SELECT count(*) FROM audit WHERE action = "
              "'account.view' AND patient_id = ?", pid)
    assert c.get('/account/').status == 200
    assert count(instance, "SELECT count(*) FROM audit WHERE action = "
                 "'account.view' AND patient_id = ?", pid) == n + 1
    n = count(instance, "SELECT count(*) FROM audit WHERE action = "
              "'messages.compose' AND patient_id = ?", pid)
    assert c.get(f'/messages/new?p={pid}').status == 200
    assert count(instance, "SELECT count(*) FROM audit WHERE action = "
                 "'messages.compose' AND patient_id = ?", pid) == n + 1
    # A sign-up by MRN waits in the staff queue; the clerk looks at it.
    p = patient(instance, 6, [('parent', 'Quinn', 'Queue', None)])
    qid = count(instance, 'SELECT id FROM patients WHERE mrn = ?', p['mrn'])
    a = Client(instance)
    f = a.get('/signup/').form_fields('signup')
    from family import PASSWORD, unique_email
    f.update({'who': 'guardian', 'proof': 'mrn', 'mrn': p['mrn'],
              'visit_date': p['visit'], 'given': 'Quinn', 'family': 'Queue',
              'email': unique_email('quinn'), 'password': PASSWORD,
              'password2': PASSWORD})
    assert a.post('/signup/', f).status == 303
    clerk = staff(instance, username='clerk7')
    n = count(instance, "SELECT count(*) FROM audit WHERE action = "
              "'staff.queue_view' AND patient_id = ?", qid)
    page = clerk.get('/staff/')
    assert page.status == 200 and p['mrn'] in page.text
    assert count(instance, "SELECT count(*) FROM audit WHERE action = "
                 "'staff.queue_view' AND patient_id = ?", qid) == n + 1


def ready_workers(instance, program):
    """The program's workers once all are up and ready: a worker closes
    its readiness pipe (fd 3) when it has started."""
    deadline = time.time() + 10
    while True:
        pids = instance.worker_pids(program)
        if len(pids) == instance.workers_per_program and not any(
                os.path.exists(f'/proc/{w}/fd/3') for w in pids):
            return pids
        assert time.time() < deadline, f'{program} workers not replaced'
        time.sleep(0.02)


def test_killed_worker_is_replaced_at_once(instance):
    """Ten deaths in a row while serving: each replacement answers the
    next request, and portal-serve never falls back to its start-up
    pause (which would leave the program down for seconds)."""
    c, pid = S['family'], S['pid']
    for _ in range(10):
        dead = ready_workers(instance, 'record')
        for w in dead:
            os.kill(w, signal.SIGKILL)
        # Gone for sure (a kill lands a moment later), so that no request
        # of ours is taken by a worker on its way out.
        while set(dead) & set(instance.worker_pids('record')):
            time.sleep(0.01)
        r = c.get(f'/record/?p={pid}')
        assert r.status == 200, r.status
    ready_workers(instance, 'record')
    log = instance.log_text('portal-serve')
    assert 'record: worker' in log and 'killed by signal 9' in log
    assert 'record: dies at start' not in log, log[-2000:]
