"""The PostgreSQL server restarted under a running portal (issue 10.1):
the workers reconnect on their own, without being restarted (the same
worker pids, the audit writer's too); while the server is down every
request answers 503 with Retry-After, never 500; a burst of page views
and sends across a restart gets only 200s, 303s and 503s; every send
that answered 303 is in the database, and the audit chain verifies.
PostgreSQL only: an SQLite file has no server to restart."""

import re
import threading
import time

import harness
from family import count, ctl, login, new_family
from harness import Client, forms, only_postgresql

# Two workers a program (the harness starts one): this module's tests
# send requests at once, or kill or stop a worker and expect another.
# Every worker up at start (not lazy): the tests count them, as the
# shipped units run them.
INSTANCE = {'workers': 2, 'lazy': False}

# It stops the run's shared PostgreSQL server: nothing may run beside it
# (run.py --jobs).
ALONE = True

S = {}


def setup(instance):
    if not instance.server_db:
        return
    c, p, addr = new_family(instance)
    ctl(instance, 'clinic', 'add', '--clinic', 'Restart Clinic')
    ctl(instance, 'clinic', 'patient', '--clinic', 'Restart Clinic',
        '--mrn', p['mrn'])
    S['family'] = c
    S['pid'] = count(instance, 'SELECT id FROM patients WHERE mrn = ?',
                     p['mrn'])
    S['addr'] = addr


def compose(c, subject, body):
    page = c.get(f"/messages/new?p={S['pid']}")
    assert page.status == 200, page
    f = [x for x in forms(page.text) if x['id'] == 'compose']
    assert f, page.text[:300]
    f = f[0]
    f = {**f['hidden'], **f['fields']}
    f.update({'subject': subject, 'body': body, 'topic': 'prescription'})
    return f


def assert_no_500(r, what):
    assert r.status in (200, 303, 503), (what, r.status, r.text[:300])
    if r.status == 503:
        assert r.headers.get('Retry-After'), (what, r.headers)


def all_pids(instance):
    return instance.worker_pids()


def test_down_server_answers_503_then_workers_reconnect(instance):
    only_postgresql('an SQLite file has no server to restart')
    pids = all_pids(instance)
    c = S['family']
    assert c.get('/account/').status == 200
    harness.PG.stop('fast')
    try:
        for path in ('/account/', f"/record/?p={S['pid']}",
                     f"/messages/?p={S['pid']}"):
            t = time.monotonic()
            r = c.get(path)
            assert r.status == 503, (path, r.status, r.text[:300])
            assert r.headers.get('Retry-After') == '60', r.headers
            assert 'give this reference' in r.text, r.text[:300]
            assert time.monotonic() - t < 8, (path, 'waited too long')
        # A send: refused whole, nothing half done.
        r = c.post('/messages/new', {'p': str(S['pid']), 'subject': 'X',
                                     'body': 'Y', 'topic': 'prescription'})
        assert r.status == 503 and r.headers.get('Retry-After'), r
    finally:
        harness.PG.start()
    # Every worker finds its connection gone and makes a new one, in
    # the request that needs it: no 503 once the server is back.
    for _ in range(3 * instance.workers_per_program):
        for path in ('/account/', f"/record/?p={S['pid']}",
                     f"/messages/?p={S['pid']}"):
            r = c.get(path)
            assert r.status == 200, (path, r.status, r.text[:300])
    f = compose(c, 'AFTER-RESTART', 'Sent after the restart.')
    r = c.post('/messages/new', f)
    assert r.status == 303, (r.status, r.text[:300])
    assert count(instance, "SELECT count(*) FROM threads WHERE subject = "
                 "'AFTER-RESTART'") == 1
    assert all_pids(instance) == pids, 'workers were restarted'
    rc, out, err = instance.portalctl('audit', 'verify')
    assert rc == 0 and 'intact' in out, out + err


def test_restart_while_idle_costs_no_request(instance):
    only_postgresql('an SQLite file has no server to restart')
    # A fast shutdown tells every connection it ends (57P01) before the
    # server stops: an idle worker reconnects before its next request.
    pids = all_pids(instance)
    c = S['family']
    assert c.get('/account/').status == 200
    harness.PG.stop('fast')
    harness.PG.start()
    for _ in range(3 * instance.workers_per_program):
        r = c.get(f"/record/?p={S['pid']}")
        assert r.status == 200, (r.status, r.text[:300])
    assert all_pids(instance) == pids


def test_burst_across_a_restart(instance):
    only_postgresql('an SQLite file has no server to restart')
    pids = all_pids(instance)
    clients = []
    for _ in range(3):
        c = Client(instance)
        assert login(c, S['addr']).status == 303
        clients.append(c)
    results, sent = [], []
    lock = threading.Lock()
    stop = threading.Event()

    def burst(c, n):
        i = 0
        while not stop.is_set() and i < 200:
            i += 1
            subject = f'BURST-{n}-{i}'
            try:
                f = compose(c, subject, 'During the restart.')
            except AssertionError:
                with lock:
                    results.append(('compose', 503))
                continue
            r = c.post('/messages/new', f)
            with lock:
                results.append((subject, r))
                if r.status == 303:
                    sent.append(subject)
            r = c.get(f"/record/?p={S['pid']}")
            with lock:
                results.append(('record', r))

    threads = [threading.Thread(target=burst, args=(c, n))
               for n, c in enumerate(clients)]
    for t in threads:
        t.start()
    try:
        time.sleep(1)
        harness.PG.stop('fast')
        time.sleep(1)
        harness.PG.start()
        time.sleep(2)
    finally:
        stop.set()
        for t in threads:
            t.join(60)
    answers = [r for _, r in results if not isinstance(r, int)]
    for r in answers:
        assert_no_500(r, (r.path, serve_log(instance)))
    assert any(r.status == 503 for r in answers), ('the restart went unseen',
                                                   len(answers))
    # Every send that answered 303 is stored, once; the others nowhere
    # half: a thread has its first message.
    for subject in sent:
        assert count(instance, 'SELECT count(*) FROM threads WHERE '
                     'subject = ?', subject) == 1, subject
    assert count(instance, "SELECT count(*) FROM threads t WHERE "
                 "substr(subject, 1, 6) = 'BURST-' AND NOT EXISTS (SELECT 1 FROM messages m "
                 "WHERE m.thread_id = t.id)") == 0
    # And the portal serves again, with the same workers.
    c = clients[0]
    for _ in range(3 * instance.workers_per_program):
        assert c.get(f"/record/?p={S['pid']}").status == 200
    assert all_pids(instance) == pids, ('workers were restarted', pids,
                                        all_pids(instance), serve_log(instance))
    rc, out, err = instance.portalctl('audit', 'verify')
    assert rc == 0 and 'intact' in out, out + err
    assert not re.search(r'status=500', instance.log_text('portal-serve')), \
        serve_log(instance)


def serve_log(instance):
    """portal-serve's log lines that say something went wrong, for a
    failure's message."""
    return [line for line in instance.log_text('portal-serve').splitlines()
            if re.search(r'status=5|killed|exited|error|fail', line, re.I)][-30:]


def program_pids(instance):
    """The FastCGI programs' workers (not the audit writer, which may
    be restarted by portal-serve while the server is down)."""
    return {p: instance.worker_pids(p) for p in instance.programs}


def test_workers_started_while_the_server_is_down(instance):
    """Workers started while the database server is down stay up and
    answer the portal's own 503 page with Retry-After (not the web
    server's 502 of a dead socket), then serve once the server is back,
    without being restarted."""
    only_postgresql('an SQLite file has no server to be down')
    c = S['family']
    harness.PG.stop('fast')
    try:
        instance.restart_workers()
        pids = program_pids(instance)
        assert all(pids.values()), pids
        for path in ('/account/', f"/record/?p={S['pid']}",
                     f"/messages/?p={S['pid']}", '/login/'):
            r = c.get(path)
            assert r.status == 503, (path, r.status, r.text[:300])
            assert r.headers.get('Retry-After') == '60', (path, r.headers)
            assert 'give this reference' in r.text, r.text[:300]
    finally:
        harness.PG.start()
    # Each worker connects in the next request it serves.
    for _ in range(3 * instance.workers_per_program):
        for path in ('/account/', f"/record/?p={S['pid']}",
                     f"/messages/?p={S['pid']}"):
            r = c.get(path)
            assert r.status == 200, (path, r.status, r.text[:300])
    assert program_pids(instance) == pids, 'workers were restarted'
    assert not re.search(r'status=500', instance.log_text('portal-serve'))
