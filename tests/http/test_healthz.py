"""The health check and the request log (issue 16.4, 16.6).

GET /healthz answers 200 "ok" when the database takes a writer and its
schema is the newest shipped, and 503 (Retry-After) when it is locked by
another process, when its file was moved away or replaced (and 200 again
once it is back, with no restart), when the PostgreSQL server is down
(and 200 once it is up), and when a migration is missing; the
body and the headers say nothing else, it sets no cookie and writes no
audit row, and a 200 leaves no line in the log.

Every other request leaves one line in the portal-serve log, found by
the reference its error page shows: level, ref, program, status, ms,
method and path, never the query; a 200, a 404, a 403 and a 503 (the
database locked). portal.conf's log_level = warning drops the info
lines and keeps the others.
"""

import re
import shutil
import time

from family import new_family, staff
import harness
from harness import Client, Skip
from test_busy import locked

# Two workers a program (the harness starts one): this module's tests
# send requests at once, or kill or stop a worker and expect another.
# Every worker up at start (not lazy): the tests count them, as the
# shipped units run them.
INSTANCE = {'workers': 2, 'lazy': False}

# It stops the run's shared PostgreSQL server: nothing may run beside it
# (run.py --jobs).
ALONE = True

S = {}

REF = re.compile(r'give this reference: <code>([0-9a-f]{12})</code>')
LINE = re.compile(r'level=(\w+) ref=([0-9a-f]{12}) prog=(\S+) status=(\d+) '
                  r'ms=(\d+) method=(\S+) path=(\S+)$')
# What a /healthz answer may carry: the security headers every answer
# has, its type and length, and what the web server adds for itself.
HEADERS = {'content-type', 'content-length', 'cache-control', 'pragma',
           'content-security-policy', 'x-content-type-options',
           'x-frame-options', 'referrer-policy', 'cross-origin-opener-policy',
           'permissions-policy', 'strict-transport-security', 'retry-after',
           'date', 'server', 'connection', 'keep-alive', 'transfer-encoding'}


def setup(instance):
    S['family'], _, _ = new_family(instance)
    S['clerk'] = staff(instance, 'hclerk')


def health(instance, method='GET', query=''):
    return Client(instance).request(method, '/healthz' + query)


def audit_rows(instance):
    return instance.value('SELECT count(*) FROM audit')


def log_from(instance, start):
    return instance.log_text('portal-serve')[start:]


def lines(text):
    """The request lines of a stretch of log, as dicts."""
    out = []
    for ln in text.splitlines():
        m = LINE.search(ln)
        if m:
            out.append(dict(zip(('level', 'ref', 'prog', 'status', 'ms',
                                 'method', 'path'), m.groups()), line=ln))
    return out


def line_of(instance, ref):
    found = [x for x in lines(instance.log_text('portal-serve'))
             if x['ref'] == ref]
    assert len(found) == 1, (ref, found)
    return found[0]


def schema_version(instance):
    if instance.server_db:
        return instance.value('SELECT max(version) FROM portal_schema')
    return instance.value('PRAGMA user_version')


def set_schema_version(instance, v):
    if instance.server_db:
        instance.execute('UPDATE portal_schema SET version = ?', v)
    else:
        instance.execute(f'PRAGMA user_version = {int(v)}')


def newest_shipped():
    return max(int(p.name[:3]) for p in (harness.ROOT / 'sql').glob(
        '[0-9][0-9][0-9]-*.sql'))


def assert_says_only(r, status, body):
    assert r.status == status, r
    assert r.body == body, r.body
    assert r.headers['Content-Type'] == 'text/plain; charset=utf-8'
    names = {k.lower() for k, _ in r.headers.items()}
    assert names <= HEADERS, names - HEADERS
    assert 'set-cookie' not in names
    assert r.headers['Cache-Control'] == 'no-store'
    assert "default-src 'none'" in r.headers['Content-Security-Policy']
    assert r.headers['X-Content-Type-Options'] == 'nosniff'
    assert not re.search(r'\d', r.headers.get('Server', '')), r.headers
    if status == 503:
        assert r.headers['Retry-After'] == '60'


def test_ok(instance):
    start = len(instance.log_text('portal-serve'))
    rows = audit_rows(instance)
    assert_says_only(health(instance), 200, b'ok\n')
    # With a query, a session cookie, and as HEAD: the same answer.
    c = S['family']
    r = c.get('/healthz?verbose=1')
    assert_says_only(r, 200, b'ok\n')
    r = health(instance, 'HEAD')
    assert r.status == 200 and r.body == b'', r
    assert 'Set-Cookie' not in r.headers
    assert audit_rows(instance) == rows, 'the health check wrote audit rows'
    assert '/healthz' not in log_from(instance, start), \
        'a 200 of /healthz was logged'
    # Nor is it in the web server's access log, which has the rest.
    access = (instance.scratch / instance.server / 'access.log').read_text()
    assert '/signup/' in access and '/healthz' not in access, access[-500:]


def test_no_program_to_answer_is_503_at_once(instance):
    """portal-serve stopped (as when its workers die at start without a
    database): the web server answers 503 within seconds, not a 502 or a
    504 after a minute; nginx with the same plain answer as the
    program's."""
    import signal
    instance._stop_proc('portal-serve', signal.SIGTERM, 15)
    try:
        t = time.time()
        r = health(instance)
        assert time.time() - t < 10
        if instance.server == 'nginx':
            assert_says_only(r, 503, b'unavailable\n')
        else:
            assert r.status == 503, r
    finally:
        instance._start_serve()
    # The workers are forked; on a loaded machine (ASan, another run
    # beside this one) they may take longer than nginx's 5 s to answer
    # the first time: the check is that /healthz comes back, not how fast.
    deadline = time.time() + 60
    while (r := health(instance)).status != 200 and time.time() < deadline:
        time.sleep(0.5)
    assert r.status == 200, r


def test_stuck_workers_are_503_within_seconds(instance):
    """The program's workers alive but not answering (stopped): nginx's
    503 after its 5 s, Apache's 504 after its 5 s (the /healthz worker's
    own timeout, not shared with /help/: no AH01146 in its log)."""
    import os
    import signal
    pids = instance.worker_pids('help')
    assert pids
    for p in pids:
        os.kill(p, signal.SIGSTOP)
    try:
        t = time.time()
        r = health(instance)
        took = time.time() - t
    finally:
        for p in pids:
            os.kill(p, signal.SIGCONT)
    assert took < 15, took
    assert r.status == (503 if instance.server == 'nginx' else 504), r
    if instance.server == 'apache':
        log = (instance.scratch / 'apache-error.log').read_text()
        assert 'AH01146' not in log, log[-1000:]
    deadline = time.time() + 15
    while health(instance).status != 200:
        assert time.time() < deadline
        time.sleep(0.2)


def test_other_methods_are_refused(instance):
    r = health(instance, 'POST')
    assert r.status == 405 and 'ok' not in r.text, r


def test_locked_database_is_503_within_the_busy_timeout(instance):
    start = len(instance.log_text('portal-serve'))
    rows = audit_rows(instance)
    with locked(instance):
        t0 = time.monotonic()
        r = health(instance)
        took = time.monotonic() - t0
    assert_says_only(r, 503, b'unavailable\n')
    assert took < 10, took
    # Free again: ok, with no restart.
    assert_says_only(health(instance), 200, b'ok\n')
    assert audit_rows(instance) == rows
    # A failed check is logged, as an error, with no reason given out.
    got = [x for x in lines(log_from(instance, start))
           if x['path'] == '/healthz']
    # At least this check's line; a request the previous test's stopped
    # workers took late (nginx had given up on it) may add one like it.
    said = [(x['level'], x['status']) for x in got]
    assert said and set(said) == {('error', '503')}, got


def test_missing_migration_is_503(instance):
    v = schema_version(instance)
    assert v == newest_shipped(), (v, newest_shipped())
    set_schema_version(instance, v - 1)
    try:
        assert_says_only(health(instance), 503, b'unavailable\n')
    finally:
        set_schema_version(instance, v)
    assert_says_only(health(instance), 200, b'ok\n')


def test_moved_or_replaced_file_is_503_until_it_is_back(instance):
    if instance.server_db:
        raise Skip('a database file: SQLite only')
    db = instance.database
    away = db.with_name(db.name + '.away')
    db.rename(away)
    try:
        for _ in range(4):		# every worker of the program
            assert_says_only(health(instance), 503, b'unavailable\n')
        assert not db.exists(), 'the check made a database file'
        # A copy put in its place (a restore while the programs run) is
        # not the file the workers have open.
        shutil.copyfile(away, db)
        assert_says_only(health(instance), 503, b'unavailable\n')
        db.unlink()
    finally:
        if not db.exists():
            away.rename(db)
    for _ in range(4):
        assert_says_only(health(instance), 200, b'ok\n')


def test_database_server_down_is_503_until_it_is_back(instance):
    """PostgreSQL: the server stopped, every worker answers 503 at once;
    started again, ok, with the same workers."""
    harness.only_postgresql('an SQLite file has no server to be down')
    pids = instance.worker_pids('help')
    harness.PG.stop('fast')
    try:
        for _ in range(2 * instance.workers_per_program):
            assert_says_only(health(instance), 503, b'unavailable\n')
    finally:
        harness.PG.start()
    for _ in range(2 * instance.workers_per_program):
        assert_says_only(health(instance), 200, b'ok\n')
    assert instance.worker_pids('help') == pids, 'workers were restarted'


# -- the request lines ------------------------------------------------

def test_200_line(instance):
    start = len(instance.log_text('portal-serve'))
    r = S['family'].get('/account/?x=QUERY-NOT-LOGGED')
    assert r.status == 200, r
    got = [x for x in lines(log_from(instance, start))
           if x['path'] == '/account/']
    assert len(got) == 1, got
    x = got[0]
    assert (x['level'], x['prog'], x['status'], x['method']) == \
        ('info', 'account', '200', 'GET'), x
    assert 'QUERY' not in x['line']


def test_404_line(instance):
    r = S['family'].get('/record/no-such-page?p=123')
    assert r.status == 404, r
    x = line_of(instance, REF.search(r.text)[1])
    assert (x['level'], x['prog'], x['status'], x['method'], x['path']) == \
        ('warning', 'record', '404', 'GET', '/record/no-such-page'), x
    assert 'p=123' not in x['line']


def test_403_line(instance):
    r = S['clerk'].get('/staff/pcp/')
    assert r.status == 403, r
    x = line_of(instance, REF.search(r.text)[1])
    assert (x['level'], x['prog'], x['status'], x['path']) == \
        ('warning', 'pcpreq', '403', '/staff/pcp/'), x


def test_503_line(instance):
    with locked(instance):
        r = S['family'].get('/account/')
    assert r.status == 503, r
    x = line_of(instance, REF.search(r.text)[1])
    assert (x['level'], x['prog'], x['status'], x['path']) == \
        ('error', 'account', '503', '/account/'), x
    assert int(x['ms']) < 60000


def test_log_level_warning_drops_info_lines(instance):
    """The module's last test: the workers keep log_level = warning."""
    instance.set_conf(log_level='warning')	# restarts the workers
    start = len(instance.log_text('portal-serve'))
    assert S['family'].get('/account/').status == 200
    r = S['family'].get('/account/no-such-page')
    assert r.status == 404
    got = lines(log_from(instance, start))
    assert [x['status'] for x in got] == ['404'], got
    assert got[0]['ref'] == REF.search(r.text)[1]
