"""Failover (issue 10, tests): a primary and a synchronous streaming
standby (tests/tools/pgcluster.py: pg_basebackup -R), the portal's
database URL naming both hosts with target_session_attrs=read-write, a
family sending messages from several browsers at once; during that burst
the primary is killed (SIGKILL, a power cut) and, a moment later, the
standby is promoted, while the burst goes on. Then:

- every send that answered 303 is on the new primary, once (lost = 0);
- every other answer was a 503 with Retry-After (a 500, a 502, a time-out
  fail the test); a browser sends a 503's form again, with the same
  one-time key, until it is answered 303 ("already sent" when the first
  try had committed after all);
- the workers (and the audit writer) reconnected without a restart: the
  same pids before and after;
- pages, record views included, work again: the seconds from the kill to
  the first 303 of a send begun after it are printed, as are the sends
  acknowledged, lost and answered 503;
- `portalctl audit verify` passes on the new primary.

The module's own instance only names the web server and the build; the
portal under test is a node of its own on two clusters of its own under
var/test/. PostgreSQL only (run.py --engine postgresql); skipped on
SQLite."""

import os
import re
import shutil
import threading
import time
import urllib.parse
from collections import Counter

import harness
from family import (confirm, ctl, login, patient, signup, token,
                    unique_email)
from harness import ROOT, Client, forms

# Two workers a program (the harness starts one): this module's tests
# send requests at once, or kill or stop a worker and expect another.
# Every worker up at start (not lazy): the tests count them, as the
# shipped units run them.
INSTANCE = {'workers': 2, 'lazy': False}

WORKERS = 4		# browsers sending at once
BEFORE_KILL = 1.5	# seconds of burst before the power cut
PROMOTE_AFTER = 1.0	# seconds from the kill to `pg_ctl promote`
AFTER_RECOVERY = 2.0	# seconds of burst after the first 303 past the kill
RECOVER_WITHIN = 30	# seconds from the kill: the test fails beyond
TIMEOUT = 20		# seconds for any one request
EMPTY_FILE = [('file', ('', b'', 'application/octet-stream'))]


def needs_pg():
    if harness.engine() != 'postgresql':
        raise harness.Skip('needs PostgreSQL (run.py --engine postgresql)')
    import pgcluster		# noqa: F401 - run.py put tests/tools on the path


def multi_host_url(db, *clusters):
    """The libpq URI naming every cluster's socket, read-write wanted."""
    hosts = ','.join(urllib.parse.quote(str(c.sockdir), safe='/')
                     for c in clusters)
    ports = ','.join(str(c.port) for c in clusters)
    return (f'postgresql:///{urllib.parse.quote(db, safe="")}?host={hosts}'
            f'&port={ports}&user={clusters[0].superuser}'
            '&target_session_attrs=read-write')


class Burst:
    """Browsers sending messages (replies to one thread, or new threads)
    until told to stop, each as a person would: open the page, type, send;
    on a 503, wait and send the same form again (same key) until it is
    answered 303. Every request and answer is recorded."""

    def __init__(self, node, thread, pid):
        self.node, self.thread, self.pid = node, thread, pid
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.acked = []		# (body, sent at, answered at, already)
        self.statuses = Counter()	# (kind, status) of every answer
        self.no_retry_after = 0
        self.bad = []		# (what, status or error) that fail the test
        self.n = 0

    def body(self, w):
        with self.lock:
            self.n += 1
            return f'BURST-{w}-{self.n}-{os.urandom(4).hex()}'

    def note(self, kind, r):
        with self.lock:
            self.statuses[(kind, r.status)] += 1
            if r.status == 503 and 'Retry-After' not in r.headers:
                self.no_retry_after += 1
            if r.status not in (200, 303, 503):
                self.bad.append((kind, r.status, r.path))

    def request(self, kind, f, deadline):
        """f() until it answers other than 503 (or the deadline)."""
        while True:
            try:
                r = f()
            except OSError as e:
                with self.lock:
                    self.bad.append((kind, repr(e)))
                return None
            self.note(kind, r)
            if r.status != 503 or time.monotonic() > deadline:
                return r
            time.sleep(0.2)

    def form(self, c, w, deadline):
        """The page with the form a send starts from, and its fields."""
        if w % 2 == 0:
            path, fid = f'/messages/thread?id={self.thread}', 'reply'
        else:
            path, fid = f'/messages/new?p={self.pid}', 'compose'
        r = self.request('page', lambda: c.get(path), deadline)
        if r is None or r.status != 200:
            return None, None
        f = [x for x in forms(r.text) if x['id'] == fid][0]['fields']
        if fid == 'compose':
            f.update({'subject': f'Burst {w}', 'topic': 'medical_question'})
        return ('/messages/reply' if fid == 'reply' else '/messages/new'), f

    def run(self, w):
        try:
            self.send_until_stopped(w)
        except BaseException as e:	# noqa: B902 - the test fails on it
            with self.lock:
                self.bad.append(('browser', repr(e)))

    def send_until_stopped(self, w):
        c = Client(self.node, timeout=TIMEOUT)
        c.jar = dict(self.jar)
        while not self.stop.is_set():
            deadline = time.monotonic() + RECOVER_WITHIN + 30
            action, f = self.form(c, w, deadline)
            if f is None:
                return
            f['body'] = self.body(w)
            sent = time.monotonic()
            while True:
                try:
                    r = c.post(action, f, files=EMPTY_FILE)
                except OSError as e:
                    with self.lock:
                        self.bad.append(('send', repr(e)))
                    return
                self.note('send', r)
                if r.status == 303:
                    with self.lock:
                        self.acked.append((f['body'], sent, time.monotonic(),
                                           'already=1' in r.location))
                    break
                if r.status != 503 or time.monotonic() > deadline:
                    return
                # "Send again": the unsent page's form, the same key.
                again = [x for x in forms(r.text) if x['id'] == 'unsent']
                if again:
                    if again[0]['hidden'].get('key') != f['key']:
                        with self.lock:
                            self.bad.append(('send', 'another key'))
                        return
                    f = {**again[0]['fields'], **again[0]['hidden'],
                         'body': f['body']}
                time.sleep(0.2)
                sent = time.monotonic()


def test_failover_loses_no_acknowledged_send(instance):
    needs_pg()
    import pgcluster
    base = ROOT / 'var' / 'test' / f'failover-{os.getpid()}'
    primary = pgcluster.Cluster(base / 'a').init().start()
    standby = node = seed = None
    saved = harness.PG
    try:
        standby = pgcluster.Cluster.standby_of(primary, base / 'b')
        # The installation: initialised on the primary by a first
        # instance (portalctl init: schema, key, first checkpoint).
        harness.use_postgresql(primary)
        try:
            seed = harness.Instance(server=instance.server, workers=1)
        finally:
            harness.use_postgresql(saved)
        seed.stop()
        db = seed.pg_name
        url = multi_host_url(db, primary, standby)
        node = harness.Instance(server=instance.server, database=url,
                                key_file=seed.key_file, asan=instance.asan)
        shutil.copy(seed.scratch / 'portal.checkpoints',
                    node.scratch / 'portal.checkpoints')
        run_failover(node, primary, standby, db)
        assert not node.crash_reports(), node.crash_reports()[:10]
        node.stop()
        for inst in (seed, node):
            leaks = inst.secrets_in_logs()
            assert not leaks, leaks
        for inst in (seed, node):
            inst.pg_name = None		# dropped with its cluster
            inst.remove()
    finally:
        harness.use_postgresql(saved)
        for inst in (node, seed):
            if inst is not None and not inst.stopped:
                inst._kill_all()
        for c in (standby, primary):
            if c is not None:
                try:
                    c.destroy()
                except Exception as e:		# the test's error says more
                    print(f'    failover: destroying {c.dir}: {e}')
        shutil.rmtree(base, ignore_errors=True)


def run_failover(node, primary, standby, db):
    # A family member signed in, a patient with a care team, a thread.
    ctl(node, 'clinic', 'add', '--clinic', 'General Pediatrics')
    addr = unique_email('fay')
    p = patient(node, 9, [('parent', 'Fay', 'Over', addr)], given='Finn',
                family='Over')
    ctl(node, 'clinic', 'patient', '--clinic', 'General Pediatrics', '--mrn',
        p['mrn'])
    c = Client(node, timeout=TIMEOUT)
    assert signup(c, token=token(node, p['mrn']), dob=p['dob'], given='Fay',
                  family='Over', email=addr).status == 303
    assert confirm(c, node, addr).status == 200
    assert login(c, addr).status == 303
    pid = int(primary.psql(f"SELECT id FROM patients WHERE mrn = "
                           f"'{p['mrn']}'", db=db))
    page = c.get(f'/messages/new?p={pid}')
    f = [x for x in forms(page.text) if x['id'] == 'compose'][0]['fields']
    f.update({'subject': 'Before the failover', 'body': 'The first message.',
              'topic': 'medical_question'})
    r = c.post('/messages/new', f, files=EMPTY_FILE)
    assert r.status == 303, r
    thread = int(re.search(r'id=(\d+)', r.location).group(1))
    assert primary.psql("SELECT sync_state FROM pg_stat_replication") == \
        'sync'

    pids = node.worker_pids()
    burst = Burst(node, thread, pid)
    burst.jar = dict(c.jar)
    workers = [threading.Thread(target=burst.run, args=(w,))
               for w in range(WORKERS)]
    for t in workers:
        t.start()
    try:
        time.sleep(BEFORE_KILL)
        acked_before = len(burst.acked)
        # The kill is over when every process of the cluster is gone:
        # a send begun before that may still commit on the old primary.
        primary.kill()
        t_kill = time.monotonic()
        time.sleep(PROMOTE_AFTER)
        t_promote = time.monotonic()
        standby.promote()
        t_promoted = time.monotonic()
        recovered = None
        while time.monotonic() < t_kill + RECOVER_WITHIN:
            with burst.lock:
                after = [done for _, sent, done, _ in burst.acked
                         if sent > t_kill]
            if after:
                recovered = min(after)
                break
            if not any(t.is_alive() for t in workers):
                break
            time.sleep(0.05)
        if recovered is not None:
            time.sleep(AFTER_RECOVERY)
    finally:
        burst.stop.set()
        for t in workers:
            t.join(RECOVER_WITHIN + 90)
    assert not any(t.is_alive() for t in workers), 'a browser hangs'

    # What the new primary holds.
    assert standby.psql('SELECT pg_is_in_recovery()') == 'f'
    held = Counter(standby.psql("SELECT body FROM messages WHERE body LIKE "
                                "'BURST-%'", db=db).split('\n'))
    held.pop('', None)
    acked = [b for b, _, _, _ in burst.acked]
    lost = [b for b in acked if held[b] == 0]
    twice = {b: n for b, n in held.items() if n > 1}
    unacked = [b for b in held if b not in set(acked)]
    already = sum(1 for *_, a in burst.acked if a)
    sends = {s: n for (k, s), n in burst.statuses.items() if k == 'send'}
    pages = {s: n for (k, s), n in burst.statuses.items() if k == 'page'}
    t_rec = None if recovered is None else recovered - t_kill
    print(f'    failover: sends acknowledged={len(acked)} '
          f'(before the kill {acked_before}), lost={len(lost)}, '
          f'stored twice={len(twice)}, answered 503={sends.get(503, 0)} '
          f'(without Retry-After: {burst.no_retry_after}), 503 then '
          f'"already sent"={already}, other answers={len(burst.bad)}')
    print(f'    failover: sends by status {dict(sorted(sends.items()))}, '
          f'pages by status {dict(sorted(pages.items()))}')
    print('    failover: seconds to recover (kill to the first 303 of a '
          'send begun after it, every server process gone)='
          + ('never' if t_rec is None else f'{t_rec:.2f}')
          + f'; promote issued at {t_promote - t_kill:.2f} s, '
          f'done at {t_promoted - t_kill:.2f} s'
          + ('' if t_rec is None else
             f', first 303 {recovered - t_promoted:.2f} s after it'))
    assert not burst.bad, burst.bad[:10]
    assert t_rec is not None, f'no send acknowledged in {RECOVER_WITHIN} s'
    assert acked_before > 0, 'no send before the kill: the burst was idle'
    assert len(acked) > acked_before, 'no send after the failover'
    assert not lost, lost[:10]
    assert not twice, twice
    assert not unacked, unacked[:10]	# every stored send was answered 303
    assert burst.no_retry_after == 0

    # Same workers, pages and views work, the chain verifies.
    assert node.worker_pids() == pids, (pids, node.worker_pids())
    r = c.get(f'/record/?p={pid}')
    assert r.status == 200 and 'Over' in r.text, r
    r = c.get(f'/messages/thread?id={thread}')
    assert r.status == 200, r
    rc, out, err = node.portalctl('audit', 'verify')
    assert rc == 0 and 'audit log intact' in out, out + err
    print(f'    failover: audit verify on the new primary: {out.strip()}')
