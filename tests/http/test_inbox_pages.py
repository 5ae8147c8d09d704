"""The care team's inbox a page at a time (issue 9.5): a clinic with more
threads than a page is read by following the "Next page" links, and
every thread of the staff member's clinics appears exactly once, in the
inbox's order: the waiting ones by due time (overdue ones first, marked),
then the answered ones by their last update, latest first; another
clinic's threads never. Each page writes one inbox.list audit row per
patient it shows, and only for what it shows. A malformed or hostile
cursor answers the portal's 400 error page with no thread on it, never a
crash; a well-formed cursor is only a place in the staff member's own
inbox."""

import re
import time
import urllib.parse

from family import count, ctl, new_family
from harness import Client

S = {}

PAGE = 50
REF = re.compile(r'give this reference: <code>([0-9a-f]{12})</code>')
ROW = re.compile(r'<tr( class="overdue")?>\s*<td><a href="/inbox/thread\?id=(\d+)"')
NEXT = re.compile(r'<a href="(/inbox/\?after=[^"]+)" rel="next">Next page</a>')


def q(value):
    return urllib.parse.quote(value, safe='')


def add_threads(instance, clinic, patients, n, subject):
    """n threads of the clinic, spread over patients (pid, account):
    every third answered (updated within a few minutes a week ago: ties),
    the others waiting with due times that repeat (ties), a third of them
    overdue. Written straight into the database, as the bench does. No due
    time is within half an hour of now: one due exactly now turned overdue
    between the test's clock and the server's (a second apart), and the
    page and the expected list disagreed on its mark."""
    now = int(time.time())
    args = []
    for i in range(n):
        pid, acct = patients[i % len(patients)]
        answered = i % 3 == 0
        args += [pid, clinic, acct, 'medical_question', f'{subject}-{i}',
                 'answered' if answered else 'waiting',
                 None if answered else now + ((i % 53) - 20) * 3600 + 1800,
                 0 if answered else 1, now - 8 * 86400,
                 now - 7 * 86400 + (i % 41) * 60 if answered else now - 86400]
    # One statement, so one transaction on either engine.
    instance.execute(
        'INSERT INTO threads (patient_id, clinic_id, account_id, by_patient, '
        'topic, subject, status, due, unread_staff, created, updated) VALUES '
        + ', '.join(['(?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)'] * n), *args)


def expected(instance, clinic):
    """The clinic's threads in the inbox's order, with whether overdue."""
    now = int(time.time())
    rows = instance.query('SELECT id, status, due, updated, patient_id '
                          'FROM threads WHERE clinic_id = ?', clinic)
    waiting = sorted((r for r in rows if r[1] == 'waiting'),
                     key=lambda r: (r[2], r[0]))
    answered = sorted((r for r in rows if r[1] == 'answered'),
                      key=lambda r: (-r[3], -r[0]))
    return ([(r[0], r[2] < now) for r in waiting] +
            [(r[0], False) for r in answered],
            {r[0]: r[4] for r in rows})


def setup(instance):
    ctl(instance, 'clinic', 'add', '--clinic', 'Neurology')
    ctl(instance, 'clinic', 'add', '--clinic', 'Dermatology')
    fams = []
    for years in (6, 11):
        c, p, addr = new_family(instance, years=years)
        ctl(instance, 'clinic', 'patient', '--clinic', 'Neurology', '--mrn',
            p['mrn'])
        pid = count(instance, 'SELECT id FROM patients WHERE mrn = ?', p['mrn'])
        acct = count(instance, 'SELECT id FROM accounts WHERE email = ?', addr)
        fams.append((pid, acct))
    ctl(instance, 'staff', 'add', '--username', 'pager', '--name',
        'Pat Pager', input='Answer4Tests!\n')
    ctl(instance, 'clinic', 'staff', '--clinic', 'Neurology', '--username',
        'pager')
    S['neuro'] = count(instance, "SELECT id FROM clinics WHERE name = 'Neurology'")
    derm = count(instance, "SELECT id FROM clinics WHERE name = 'Dermatology'")
    add_threads(instance, S['neuro'], fams, 2 * PAGE + 31, 'NEURO')
    add_threads(instance, derm, fams, 20, 'DERM')
    s = Client(instance)
    f = s.get('/staff/login').form_fields('staff-login')
    f.update({'username': 'pager', 'password': 'Answer4Tests!'})
    assert s.post('/staff/login', f).status == 303
    S['staff'] = s


def inbox_rows(text):
    return [(int(m.group(2)), m.group(1) is not None) for m in ROW.finditer(text)]


def last_audit(instance):
    return count(instance, 'SELECT coalesce(max(id), 0) FROM audit')


def test_paging_shows_every_thread_once_in_order(instance):
    want, patient_of = expected(instance, S['neuro'])
    assert len(want) == 2 * PAGE + 31
    seen, pages, path = [], 0, '/inbox/'
    while path is not None:
        before = last_audit(instance)
        r = S['staff'].get(path)
        assert r.status == 200, (path, r.status, r.text[:300])
        rows = inbox_rows(r.text)
        assert 0 < len(rows) <= PAGE, (path, len(rows))
        assert 'DERM-' not in r.text        # another clinic's: never
        # One audit row per patient on this page, naming how many of its
        # threads were shown; none for threads not shown.
        audit = instance.query(
            "SELECT patient_id, detail FROM audit WHERE id > ? AND "
            "action = 'inbox.list' ORDER BY patient_id", before)
        shown = {}
        for tid, _ in rows:
            shown[patient_of[tid]] = shown.get(patient_of[tid], 0) + 1
        assert audit == [(p, f'{n} threads') for p, n in sorted(shown.items())]
        assert ('First page' in r.text) == (pages > 0)
        seen += rows
        pages += 1
        m = NEXT.search(r.text)
        path = m.group(1) if m else None
        assert pages <= 10
    assert [t for t, _ in seen] == [t for t, _ in want]     # once each, in order
    assert seen == want                                     # overdue marked
    assert any(o for _, o in want) and pages == 3
    # The cursor is a position, not health information: no subject, name
    # or patient in the link.
    first = S['staff'].get('/inbox/').text
    link = NEXT.search(first).group(1)
    assert re.fullmatch(r'/inbox/\?after=[wa]\d+\.\d+', link), link


def test_well_formed_cursor_is_only_a_place(instance):
    want, _ = expected(instance, S['neuro'])
    # Before every thread: the first page's threads; after the last: none.
    r = S['staff'].get('/inbox/?after=w0.1')
    assert r.status == 200 and inbox_rows(r.text) == want[:PAGE]
    r = S['staff'].get('/inbox/?after=a0.1')
    assert r.status == 200 and inbox_rows(r.text) == []
    assert 'No messages for your clinics.' in r.text
    # The answered part from its start: after every waiting thread.
    nwait = count(instance, "SELECT count(*) FROM threads WHERE clinic_id = ? "
                  "AND status = 'waiting'", S['neuro'])
    r = S['staff'].get(f'/inbox/?after=a{10 ** 17}.1')
    assert r.status == 200
    assert inbox_rows(r.text) == want[nwait:nwait + PAGE]
    assert len(want) - nwait > 0
    # Empty: the first page.
    r = S['staff'].get('/inbox/?after=')
    assert r.status == 200 and inbox_rows(r.text) == want[:PAGE]


HOSTILE = ['x', 'w', 'a', 'w1', 'w1.', 'w.1', 'w1.0', 'w-1.2', 'w+1.2',
           'a1.2x', 'W1.2', 'w1..2', 'w 1.2', 'w0x10.2', "w1.2' OR 1=1--",
           '\x00', 'w1.2\x00', 'w1.\x002', 'w\u0661.2', '%', '%%%',
           'a' + '9' * 19 + '.1', 'w1.' + '9' * 30, '9' * 10240,
           'w' + '1' * 5000 + '.2', '<script>alert(1)</script>',
           '../../etc/passwd']


def test_malformed_cursor_is_the_error_page(instance):
    before = last_audit(instance)
    for v in HOSTILE:
        r = S['staff'].get(f'/inbox/?after={q(v)}')
        assert r.status == 400, (v[:40], r.status, r.text[:300])
        assert REF.search(r.text), (v[:40], 'not the portal error page')
        assert 'NEURO-' not in r.text and 'DERM-' not in r.text
        assert '<script>alert' not in r.text
    # Nothing was shown: no inbox.list row; the inbox still answers.
    assert count(instance, "SELECT count(*) FROM audit WHERE id > ? AND "
                 "action = 'inbox.list'", before) == 0
    r = S['staff'].get('/inbox/')
    assert r.status == 200 and len(inbox_rows(r.text)) == PAGE


def test_inbox_pages_need_staff(instance):
    r = Client(instance).get('/inbox/?after=w0.1')
    assert r.status == 303 and '/staff/login' in r.location
