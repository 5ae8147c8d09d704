"""No audit, no page (issue 9.2) and the audit writer's crash (issue 9.1),
as a person and an operator meet them. A trigger that refuses every
insert into the audit table, created in the instance's own database file
(it refuses the audit writer's inserts and the inline ones alike), makes
every page that shows health information answer 503 with Retry-After and
the portal's error page, with none of the patient's information in it and
nothing changed in the database; without the trigger the same pages work.
Then the audit writer is killed with SIGKILL during a burst of record
views: every page that was sent has its audit row, portal-serve starts a
new writer, and the chain verifies.

On PostgreSQL (issue 10) the planted trigger is a PL/pgSQL one that
raises: the same refusal, the same 503."""

import re
import signal
import threading
import time
from datetime import datetime, timedelta, timezone

import ccda
from family import (confirm, count, ctl, login, patient, self_token, signup,
                    token, unique_email)
from harness import Client, forms
from test_messages import png

# Two workers a program (the harness starts one): this module's tests
# send requests at once, or kill or stop a worker and expect another.
INSTANCE = {'workers': 2}

NOW = datetime.now(timezone.utc)
NAME = ('Zephyrine', 'Quillfeather')	# appear nowhere but in this patient's pages
LAB = 'Ferritin ZQ-LAB'
LAB_VALUE = '47.3'
NOTE = 'ZQ-NOTE-TEXT'
SUBJECT = 'ZQ-SUBJECT'
S = {}

PLANT = {
    'sqlite': "CREATE TRIGGER planted_audit_failure BEFORE INSERT ON audit "
              "BEGIN SELECT RAISE(ABORT, 'planted'); END;",
    'postgresql': "CREATE FUNCTION planted_audit_failure() RETURNS trigger "
                  "LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'planted'; "
                  "END $$; CREATE TRIGGER planted_audit_failure BEFORE "
                  "INSERT ON audit FOR EACH ROW EXECUTE FUNCTION "
                  "planted_audit_failure();"}
UNPLANT = {
    'sqlite': "DROP TRIGGER planted_audit_failure",
    'postgresql': "DROP TRIGGER planted_audit_failure ON audit; "
                  "DROP FUNCTION planted_audit_failure();"}


def setup(instance):
    ctl(instance, 'clinic', 'add', '--clinic', 'General Pediatrics')
    parent = unique_email('zq')
    p = patient(instance, 9, [('parent', 'Wren', 'Quillfeather', parent)],
                given=NAME[0], family=NAME[1])
    S['pid'] = pid = count(instance, 'SELECT id FROM patients WHERE mrn = ?',
                           p['mrn'])
    ctl(instance, 'clinic', 'patient', '--clinic', 'General Pediatrics',
        '--mrn', p['mrn'])
    ctl(instance, 'staff', 'add', '--username', 'nurse', '--name', 'Nora Nurse',
        input='Answer4Tests!\n')
    ctl(instance, 'clinic', 'staff', '--clinic', 'General Pediatrics',
        '--username', 'nurse')
    day = timedelta(days=1)
    ccda.load(instance, 'labs', ccda.ccd(p, NOW - 3 * day, labs=[
        ('2276-4', LAB, LAB_VALUE, 'ng/mL')]))
    ccda.load(instance, 'note', ccda.note(p, NOTE, NOW - 6 * day))
    c = Client(instance)
    assert signup(c, token=token(instance, p['mrn']), dob=p['dob'],
                  given='Wren', family='Quillfeather', email=parent).status == 303
    confirm(c, instance, parent)
    assert login(c, parent).status == 303
    S['parent'], S['parent_email'] = c, parent
    # A thread with an attachment, for the message pages.
    page = c.get(f'/messages/new?p={pid}')
    f = [x for x in forms(page.text) if x['id'] == 'compose'][0]['fields']
    f.update({'subject': SUBJECT, 'body': 'About the ferritin result.',
              'topic': 'medical_question'})
    r = c.post('/messages/new', f,
               files=[('file', ('photo.png', png(), 'image/png'))])
    assert r.status == 303, r.text
    S['thread'] = int(re.search(r'id=(\d+)', r.location).group(1))
    S['file'] = count(instance, 'SELECT min(id) FROM attachments')
    # A sign-up request for the patient, waiting in the staff queue.
    now = int(time.time())
    account = count(
        instance, 'INSERT INTO accounts (email, pw_hash, given, family, '
        'created, pw_changed) VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
        'zq.queue@example.org', 'x', 'Queued', 'Applicant', now, now)
    instance.execute(
        'INSERT INTO signup_requests (account_id, role, mrn, visit_date, '
        'patient_id, created) VALUES (?, ?, ?, ?, ?, ?)',
        account, 'guardian', p['mrn'], p['visit'], pid, now)
    s = Client(instance)
    f = s.get('/staff/login').form_fields('staff-login')
    f.update({'username': 'nurse', 'password': 'Answer4Tests!'})
    assert s.post('/staff/login', f).status == 303
    S['staff'] = s


def pages():
    """(who, path, what the page shows of the patient): every route with
    R_PHI, each record section, an item, and the downloads."""
    p, t = S['pid'], S['thread']
    sections = ('visits', 'notes', 'labs', 'radiology', 'medications',
                'allergies', 'problems', 'immunizations', 'vitals')
    out = [('parent', f'/record/?p={p}', NAME[1]),
           ('parent', f'/record/labs?p={p}', LAB_VALUE),
           ('parent', f'/record/notes?p={p}', NOTE),
           ('parent', f'/record/print?p={p}', LAB_VALUE),
           ('parent', f'/record/download?p={p}', LAB_VALUE),
           ('parent', '/account/', NAME[1]),
           ('parent', f'/home/?p={p}', NAME[1]),
           ('parent', f'/messages/?p={p}', SUBJECT),
           ('parent', f'/messages/thread?id={t}', SUBJECT),
           ('parent', f"/messages/file?id={S['file']}", None),
           ('staff', '/inbox/', SUBJECT),
           ('staff', f'/inbox/thread?id={t}', SUBJECT),
           ('staff', f"/inbox/file?id={S['file']}", None),
           ('staff', '/staff/', NAME[1])]
    out += [('parent', f'/record/{s}?p={p}', NAME[1]) for s in sections]
    item = count(S['instance'], 'SELECT min(id) FROM results')
    out.append(('parent', f'/record/labs?p={p}&id={item}', LAB_VALUE))
    return out


def shows(r, marker):
    if marker is None:			# the attachment: its bytes
        return r.body == png()
    return marker in r.text


def table_counts(instance):
    if instance.server_db:
        tables = ("SELECT table_name FROM information_schema.tables WHERE "
                  "table_schema = current_schema() AND "
                  "table_type = 'BASE TABLE'")
    else:
        tables = ("SELECT name FROM sqlite_master WHERE type = 'table' AND "
                  "name NOT LIKE 'sqlite_%'")
    names = [n for (n,) in instance.query(tables)]
    return dict(instance.query(' UNION ALL '.join(
        f"SELECT '{n}', count(*) FROM \"{n}\"" for n in names)))


def plant(instance, sql):
    instance.execute(sql['postgresql' if instance.server_db else 'sqlite'])


def test_pages_work_and_are_audited(instance):
    S['instance'] = instance
    for who, path, marker in pages():
        before = count(instance, 'SELECT count(*) FROM audit')
        r = S[who].get(path)
        assert r.status == 200 and shows(r, marker), (path, r.status)
        assert count(instance, 'SELECT count(*) FROM audit') > before, path


def test_failed_audit_refuses_every_health_page(instance):
    plant(instance, PLANT)
    try:
        before = table_counts(instance)
        logged = len(instance.log_text('portal-serve'))
        for who, path, marker in pages():
            r = S[who].get(path)
            assert r.status == 503, (path, r.status)
            assert r.headers.get('Retry-After'), path
            assert r.headers['Content-Type'].startswith('text/html'), path
            assert 'Content-Disposition' not in r.headers, path
            assert 'Service Unavailable' in r.text and '<code>' in r.text, path
            body = r.text
            for secret in (NAME[0], NAME[1], LAB, LAB_VALUE, NOTE, SUBJECT):
                assert secret not in body, (path, secret)
            assert r.body != png(), path
        assert table_counts(instance) == before, 'something was written'
        log = instance.log_text('portal-serve')[logged:]
        refusals = re.findall(r'audit: \d+ row\(s\) not written: the page '
                              r'of \S+ is refused \(503\)', log)
        assert len(refusals) == len(pages()), log[-2000:]
        for secret in (NAME[0], NAME[1], LAB_VALUE, NOTE, SUBJECT):
            assert secret not in log
    finally:
        plant(instance, UNPLANT)
    # The same pages work again, each with its row.
    for who, path, marker in pages():
        before = count(instance, 'SELECT count(*) FROM audit')
        r = S[who].get(path)
        assert r.status == 200 and shows(r, marker), (path, r.status)
        assert count(instance, 'SELECT count(*) FROM audit') > before, path


def test_failed_audit_refuses_a_sign_in_too(instance):
    # Not a page of health information, but its row (S-1: every sign-in)
    # could not be written: the same 503, and no session cookie.
    plant(instance, PLANT)
    try:
        c = Client(instance)
        r = login(c, S['parent_email'])
        assert r.status == 503 and r.headers.get('Retry-After'), r
        assert not r.headers.getall('Set-Cookie') or all(
            '__Host-sid=' not in v for v in r.headers.getall('Set-Cookie'))
        assert c.get('/account/').status == 303	# not signed in
    finally:
        plant(instance, UNPLANT)
    assert login(Client(instance), S['parent_email']).status == 303


def writer_stats(instance, pid):
    """SIGUSR1 to the writer; its statistics line from the log."""
    logged = len(instance.log_text('portal-serve'))
    instance_kill(pid, signal.SIGUSR1)
    deadline = time.time() + 5
    while time.time() < deadline:
        m = re.search(r'portal-audit\[%d\]: audit-batches commits=(\d+) '
                      r'rows=(\d+)' % pid,
                      instance.log_text('portal-serve')[logged:])
        if m:
            return int(m.group(1)), int(m.group(2))
        time.sleep(0.05)
    raise AssertionError('no statistics line from the audit writer')


def instance_kill(pid, sig):
    import os
    os.kill(pid, sig)


def test_killed_writer_every_sent_page_has_its_row(instance):
    (old,) = instance.worker_pids('portal-audit')
    p = S['pid']
    action = 'record.view.labs'
    before = count(instance, 'SELECT coalesce(max(id), 0) FROM audit')
    clients = []
    for _ in range(4):
        c = Client(instance)
        assert login(c, S['parent_email']).status == 303
        clients.append(c)
    results = []
    lock = threading.Lock()

    def burst(c):
        for _ in range(40):
            r = c.get(f'/record/labs?p={p}')
            with lock:
                results.append((r.status, LAB_VALUE in r.text))

    threads = [threading.Thread(target=burst, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    while len(results) < 30:
        time.sleep(0.005)
    instance_kill(old, signal.SIGKILL)
    for t in threads:
        t.join(60)
    sent = sum(1 for st, shown in results if st == 200 and shown)
    assert len(results) == 160
    # Every page that was sent has its row (a row may stand twice if
    # the writer died between its commit and its answer, never not at all).
    rows = count(instance, 'SELECT count(*) FROM audit WHERE id > ? AND '
                 'action = ? AND patient_id = ?', before, action, p)
    assert rows >= sent, (rows, sent)
    # Nobody got an error for it: the workers waited for the new writer
    # or wrote inline.
    assert sent == 160, [st for st, _ in results if st != 200]
    # portal-serve started a new writer, which takes the next views.
    deadline = time.time() + 5
    while time.time() < deadline:
        now = instance.worker_pids('portal-audit')
        if now and now != [old]:
            break
        time.sleep(0.05)
    (new,) = instance.worker_pids('portal-audit')
    assert new != old
    assert 'killed by signal 9' in instance.log_text('portal-serve')
    commits0, rows0 = writer_stats(instance, new)
    for c in clients:
        r = c.get(f'/record/labs?p={p}')
        assert r.status == 200
    commits1, rows1 = writer_stats(instance, new)
    assert rows1 - rows0 >= len(clients), 'the new writer wrote the rows'
    rows = count(instance, 'SELECT count(*) FROM audit WHERE id > ? AND '
                 'action = ? AND patient_id = ?', before, action, p)
    assert rows >= sent + len(clients)
    rc, out, err = instance.portalctl('audit', 'verify')
    assert rc == 0, out + err


def test_stopped_writer_writes_no_row_twice(instance):
    # A writer that hangs (SIGSTOP: an fsync that never returns, say) is
    # waited for once by each worker, which then writes its rows inline
    # and leaves the writer alone a while; resumed, the writer finds those
    # messages too late and writes none of them: one row per view.
    (w,) = instance.worker_pids('portal-audit')
    p, c = S['pid'], S['parent']
    action = 'record.view.labs'
    before = count(instance, 'SELECT coalesce(max(id), 0) FROM audit')
    instance_kill(w, signal.SIGSTOP)
    try:
        got = [c.get(f'/record/labs?p={p}') for _ in range(4)]
    finally:
        instance_kill(w, signal.SIGCONT)
    assert [r.status for r in got] == [200] * 4
    assert all(LAB_VALUE in r.text for r in got)
    writer_stats(instance, w)		# it is running again
    rows = count(instance, 'SELECT count(*) FROM audit WHERE id > ? AND '
                 'action = ? AND patient_id = ?', before, action, p)
    assert rows == 4, rows
    assert 'late=' in instance.log_text('portal-serve')
    rc, out, err = instance.portalctl('audit', 'verify')
    assert rc == 0, out + err
