#!/usr/bin/env python3
"""make bench: the portal's pages under load, beside this machine's ceiling.

    python3 tests/bench/run.py [--smoke] [--patients N] [--results N]
                               [--duration S] [--connections C] [--threads T]
                               [--engine sqlite|postgresql]

1. The synthetic hospital (tests/bench/bench.c, build/bench/bench-data): 100,000
   patients and 5,000,000 results (--smoke: 2,000 and 50,000), one clinic
   caring for all of them with one nurse, and 5 message threads for each
   of the 1,000 family accounts; cached in var/bench/hospital-P-R.db and
   made again only when missing, or when the schema version (the highest
   sql/NNN-*.sql) or the generator's sources (lib/bench.[ch],
   lib/store_bench.[ch]) have changed. Each run works on a copy, so every
   run starts from the same data.
2. The portal through tests/http/harness.Instance (nginx with the shipped
   server block, portal-serve with the audit writer, 8 workers a program:
   a worker that waits for its view's audit row to be committed uses no
   CPU, so a program needs more workers than the machine has cores for
   the group commit to have rows to group) on that copy, plus the
   ceiling: tests/bench/ceiling.c, a minimal libfcgi program, built here,
   run under its own portal-serve with as many workers, and served by the
   same nginx process at /bench-ceiling.
3. 32 of the bench accounts sign in through the login form, and the
   bench nurse through the staff one; each family session finds its
   newest thread (/messages/?p=ID) and the CSRF token of its reply form.
   Then wrk (-t2 -c32, 10 s after 2 s of warm-up, --latency; --smoke:
   2 s, no warm-up) against the ceiling, /account/, /record/?p=ID,
   /record/labs?p=ID, /inbox/, /messages/thread?id=T, /inbox/thread?id=T
   and, last, the send path, one after the other. Every request carries
   a signed-in session's cookie and a patient or thread that session may
   see (tests/bench/sessions.lua): the family's own, or for the nurse
   (one session) those of the family sessions. The send path is POST
   /messages/reply, multipart with csrf, id, a send key (new for each
   request), body and a 1 MB PDF in
   "file", built here once per family session; each request stores a
   message with a 1 MB BLOB durably, so it runs at most 5 s, without
   warm-up, and the database's growth is reported. A page whose program
   is not built is "not yet available"; one that answers 404 is not
   measured (and fails the smoke).
   Then /record/?p=ID again on a hospital of 1,000 patients and 50,000
   results (SMALL, its own instance and cached data), and how the two
   compare: the page's cost must not grow with the hospital.
4. Worker memory (VmRSS once the run has been quiet for QUIET_S seconds,
   VmHWM peak; the largest worker of each program), and the time of
   `portalctl import` of ../shared/ccda into a scratch database, each
   document as the hospital of its own MRN root (else all but one EHR's
   documents are refused as another system's, and only refusals are
   timed), when portalctl has that command.

With --engine postgresql (make bench ENGINE=postgresql, issue 10.5) the
same runs on PostgreSQL 15: a cluster of the bench's own in
var/bench/pg (tests/tools/pgcluster.py: unix socket, run as the
postgres user when invoked as root; started here, stopped at the end,
kept for the next run), the cached SQLite hospital copied once into a
template database by `portalctl copy` (kept while the data and schema
stay the same), and each run on a fresh database made from it (CREATE
DATABASE ... TEMPLATE). The ceiling is the same.

Prints one table and writes it to var/bench/results.txt (--smoke:
results-smoke.txt). A benchmark, not a timed test: nothing fails on a
figure. With --smoke the last line is "bench: N passed, N failed", the
checks being signing in, and each available page answering 200 (the
send path: 303) to every request (counted in nginx's access log).
"""

import argparse
import fcntl
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / 'tests' / 'http'))

from harness import (Client, HarnessError, Instance, WEB_USER,  # noqa: E402
                     encode_multipart)

VAR = ROOT / 'var' / 'bench'
BUILD = ROOT / 'build' / 'bench'
PORTALCTL = ROOT / 'bin' / 'portalctl'
BENCH_DATA = ROOT / 'build' / 'bench' / 'bench-data'	# make bench builds it
CCDA = ROOT.parent / 'shared' / 'ccda'
PASSWORD = 'Bench4Portal!'		# tests/bench/bench.h BENCH_PASSWORD
ACCOUNTS = 1000				# tests/bench/bench.h BENCH_ACCOUNTS
NURSE = 'benchnurse'			# tests/bench/bench.h BENCH_NURSE
NURSE_PASSWORD = 'Bench4Nurse!'		# tests/bench/bench.h BENCH_NURSE_PASSWORD
GENERATOR = ('tests/bench/bench.c', 'tests/bench/bench.h',
             'tests/bench/store_bench.c', 'tests/bench/store_bench.h')
CEILING_PATH = '/bench-ceiling'
SEND_SECONDS = 5			# at most, for the send path
ATTACHMENT = 1024 * 1024		# bytes of the send path's PDF

# What is measured: label, path ({id}: the session's patient, {t}: its
# thread), the program that serves it (None: the ceiling), whether the
# budget applies, and as whom: 'family' (each family session), 'staff'
# (the nurse, with each family session's thread), 'send' (each family
# session POSTs its prepared body; answers 303).
PAGES = (
    ('ceiling (minimal libfcgi)', CEILING_PATH, None, False, 'family'),
    ('/account/', '/account/', 'account', False, 'family'),
    ('/record/?p=ID', '/record/?p={id}', 'record', True, 'family'),
    ('/record/labs?p=ID', '/record/labs?p={id}', 'record', True, 'family'),
    ('/inbox/ (staff)', '/inbox/', 'inbox', True, 'staff'),
    ('/messages/thread?id=T', '/messages/thread?id={t}', 'messages', True,
     'family'),
    ('/inbox/thread?id=T (staff)', '/inbox/thread?id={t}', 'inbox', True,
     'staff'),
    ('POST /messages/reply 1 MB', '/messages/reply', 'messages', False,
     'send'),
)
BUDGET_RATIO = 0.5
# The record page again on a hospital of this size (patients, results: the
# same 50 a patient), in its own instance after the others: its cost must
# not grow with the hospital (issue 9: within 20 %).
SMALL = (1000, 50000)
FLAT = 0.2
BUDGET_P99_MS = 20.0
BUDGET_RSS_MB = 10.0


def say(*a, **kw):
    print(*a, **kw, flush=True)


# -- the data -----------------------------------------------------------

def schema_version():
    """The highest migration number in sql/."""
    nums = [int(p.name[:3]) for p in (ROOT / 'sql').glob('[0-9][0-9][0-9]-*.sql')]
    return max(nums, default=0)


def db_user_version(path):
    """PRAGMA user_version, read from the file header (offset 60)."""
    with open(path, 'rb') as f:
        head = f.read(100)
    if len(head) < 64 or not head.startswith(b'SQLite format 3\0'):
        return None
    return int.from_bytes(head[60:64], 'big')


def write_conf(path, database, **more):
    """A portal.conf for portalctl: the example with this tree's paths
    (and more settings)."""
    over = {
        'database': str(database),
        'templates': str(ROOT / 'templates'),
        'sql': str(ROOT / 'sql'),
        'common_passwords': str(ROOT / 'share' / 'common-passwords.txt'),
        'sendmail': '/bin/true',
        **more,
    }
    lines, seen = [], set()
    for line in (ROOT / 'conf' / 'portal.conf.example').read_text().splitlines():
        name = line.split('=', 1)[0].strip()
        if '=' in line and not line.lstrip().startswith('#') and name in over:
            line = f'{name} = {over[name]}'
            seen.add(name)
        lines.append(line)
    lines += [f'{k} = {v}' for k, v in over.items() if k not in seen]
    path.write_text('\n'.join(lines) + '\n')


def portalctl_commands():
    """The command names portalctl lists in its usage, or an empty set."""
    if not os.access(PORTALCTL, os.X_OK):
        return set()
    out = subprocess.run([str(PORTALCTL)], capture_output=True, text=True)
    return set(re.findall(r'^\s+(\S+)\s', out.stderr + out.stdout, re.M))


def generator_digest():
    """What the cached data was made by: the generator's sources."""
    h = hashlib.sha256()
    for name in GENERATOR:
        h.update((ROOT / name).read_bytes())
    return h.hexdigest()[:16]


def companions(path):
    """The files that go with a database (conf's defaults beside it):
    its installation key and its audit checkpoints."""
    path = Path(path)
    return [path.with_suffix('.key'), path.with_suffix('.checkpoints')]


def remove_db(path):
    for suffix in ('', '-wal', '-shm', '-journal'):
        Path(f'{path}{suffix}').unlink(missing_ok=True)
    for p in companions(path):
        p.unlink(missing_ok=True)


def copy_db(src, dst):
    """The database and its key and checkpoints (modes kept: the key
    must stay 0600)."""
    shutil.copyfile(src, dst)
    for a, b in zip(companions(src), companions(dst)):
        shutil.copy(a, b)


def dataset(patients, results):
    """The cached bench database for these sizes, made if need be (one
    run at a time). Returns (path, seconds it took to generate, whether
    it was cached)."""
    VAR.mkdir(parents=True, exist_ok=True)
    with open(VAR / 'lock', 'w') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _dataset(patients, results)


def _dataset(patients, results):
    name = f'hospital-{patients}-{results}'
    db = VAR / f'{name}.db'
    stamp = VAR / f'{name}.stamp'
    want = schema_version()
    gen = generator_digest()
    if db.is_file() and stamp.is_file() and db_user_version(db) == want and \
            all(p.is_file() for p in companions(db)):
        fields = dict(re.findall(r'(\w+)=(\S+)', stamp.read_text()))
        if fields.get('schema') == str(want) and fields.get('generator') == gen:
            return db, float(fields.get('seconds', 'nan')), True
    say(f'bench: generating {patients} patients, {results} results '
        f'(schema {want}, generator {gen}) into {db.relative_to(ROOT)}')
    tmp = VAR / f'{name}.new.db'
    conf = VAR / f'{name}.conf'
    remove_db(tmp)
    stamp.unlink(missing_ok=True)
    write_conf(conf, tmp)
    env = dict(os.environ, PORTAL_CONF=str(conf))
    out = subprocess.run([str(PORTALCTL), 'init'], env=env,
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f'bench: portalctl init failed:\n{out.stdout}{out.stderr}')
    cmd = [str(BENCH_DATA), '--patients', str(patients),
           '--results', str(results)]
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True)
    for line in p.stdout:
        say(f'  {time.monotonic() - t0:6.1f} s  {line.rstrip()}')
    if p.wait() != 0:
        remove_db(tmp)
        raise SystemExit(f'bench: generating the data failed ({p.returncode})')
    secs = time.monotonic() - t0
    remove_db(db)
    os.replace(tmp, db)
    for a, b in zip(companions(tmp), companions(db)):
        os.replace(a, b)
    remove_db(tmp)
    conf.unlink(missing_ok=True)
    stamp.write_text(f'schema={want} generator={gen} patients={patients} '
                     f'results={results} seconds={secs:.1f}\n')
    say(f'bench: generated in {secs:.1f} s, {db.stat().st_size / 1e6:.0f} MB')
    return db, secs, False


# -- the work database: a copy of the cached data, on either engine ------

class WorkDB:
    """A run's own SQLite copy of a cached hospital (with its key and
    checkpoints beside it)."""

    def __init__(self, cached, tag):
        self.path = VAR / f'run-{os.getpid()}{tag}.db'
        remove_db(self.path)
        copy_db(cached, self.path)
        self.database = self.path
        self.key_file = None		# beside the database

    def instance_kw(self):
        return {'database': self.database}

    def after_start(self, inst):
        pass

    def bytes(self):
        """The database's size on disk: (file, its WAL), in bytes."""
        return db_bytes(self.path)

    def attachments(self):
        return attachments(self.path)

    def remove(self):
        remove_db(self.path)


PG = None			# the bench's cluster, under --engine postgresql


def pg_cluster():
    """The bench's PostgreSQL cluster (var/bench/pg), started; its data
    (the template databases) kept between runs."""
    global PG
    if PG is None:
        sys.path.insert(0, str(ROOT / 'tests' / 'tools'))
        import pgcluster
        PG = pgcluster.Cluster(VAR / 'pg', settings={
            'shared_buffers': '256MB', 'max_connections': '300'})
        if not PG.exists():
            PG.init()
        PG.start()
    return PG


def pg_template(cached):
    """The template database holding the cached hospital (portalctl copy
    into an empty database, once for these data and this schema)."""
    pg = pg_cluster()
    stamp = dict(re.findall(r'(\w+)=(\S+)',
                            cached.with_suffix('.stamp').read_text()))
    # The schema's text too (an index differs by engine), and v2:
    # portalctl copy leaves the planner's statistics (ANALYZE).
    sql = hashlib.sha256(b''.join(p.read_bytes() for p in sorted(
        (ROOT / 'sql').glob('[0-9][0-9][0-9]-*.sql')))).hexdigest()[:8]
    name = (f'tmpl_{stamp.get("patients")}_{stamp.get("results")}_'
            f'{stamp.get("schema")}_{stamp.get("generator")}_{sql}_v2')
    have = pg.psql("SELECT datname FROM pg_database WHERE datname LIKE "
                   "'tmpl\\_%'").split()
    if name in have:
        return name
    prefix = f'tmpl_{stamp.get("patients")}_{stamp.get("results")}_'
    for old in have:
        if old.startswith(prefix):
            pg.psql(f'DROP DATABASE {old}')
    conf = VAR / f'{name}.conf'
    write_conf(conf, cached)
    part = f'{name}_new'
    pg.psql(f'DROP DATABASE IF EXISTS {part}')
    pg.createdb(part)
    say(f'bench: copying {cached.relative_to(ROOT)} into PostgreSQL '
        f'({part})')
    t0 = time.monotonic()
    out = subprocess.run([str(PORTALCTL), 'copy', str(cached), pg.url(part)],
                         env=dict(os.environ, PORTAL_CONF=str(conf)),
                         capture_output=True, text=True)
    conf.unlink(missing_ok=True)
    if out.returncode != 0:
        pg.psql(f'DROP DATABASE IF EXISTS {part}')
        raise SystemExit(f'bench: portalctl copy failed:\n{out.stdout}'
                         f'{out.stderr[-2000:]}')
    pg.psql(f'ALTER DATABASE {part} RENAME TO {name}')
    say(f'bench: copied in {time.monotonic() - t0:.1f} s')
    return name


class PgWorkDB:
    """A run's own PostgreSQL database, made from the template of a
    cached hospital; the key file is the cached one's."""

    def __init__(self, cached, tag):
        pg = pg_cluster()
        tmpl = pg_template(cached)
        self.name = f'run_{os.getpid()}{tag.replace("-", "_")}'
        pg.psql(f'DROP DATABASE IF EXISTS {self.name}')
        pg.psql(f'CREATE DATABASE {self.name} TEMPLATE {tmpl}')
        self.database = pg.url(self.name)
        self.cached = cached

    def instance_kw(self):
        return {'database': self.database,
                'key_file': self.cached.with_suffix('.key')}

    def after_start(self, inst):
        """The cached data's audit checkpoints, where the instance's
        configuration looks for them."""
        shutil.copy(self.cached.with_suffix('.checkpoints'),
                    inst.scratch / 'portal.checkpoints')

    def bytes(self):
        return (int(PG.psql(f"SELECT pg_database_size('{self.name}')")), 0)

    def attachments(self):
        out = PG.psql('SELECT count(*), coalesce(sum(size), 0) FROM '
                      'attachments', db=self.name).split('|')
        return (int(out[0]), int(out[1])) if len(out) == 2 else None

    def remove(self):
        PG.psql(f'DROP DATABASE IF EXISTS {self.name} WITH (FORCE)')


def work_db(engine, cached, tag=''):
    return (PgWorkDB if engine == 'postgresql' else WorkDB)(cached, tag)


# -- the instance, with the ceiling beside the portal ------------------

class BenchInstance(Instance):
    """The harness's instance, plus the ceiling program under its own
    portal-serve (same worker count) and a location for it in the same
    nginx server block."""

    def __init__(self, ceiling, **kw):
        self.ceiling = ceiling
        # Every worker up before the first request, as the shipped units
        # run them (the tests' lazy start would put starts in the figures).
        kw.setdefault('lazy', False)
        super().__init__(**kw)

    def _start_serve(self):
        super()._start_serve()
        cmd = [str(ROOT / 'bin' / 'portal-serve'), '-d', str(self.rundir),
               '-n', str(self.workers_per_program),
               '-p', str(self.scratch / 'ceiling-serve.pid')]
        if self.is_root:
            cmd += ['-g', WEB_USER]
        cmd.append(str(self.ceiling))
        with self._log('ceiling-serve') as log:
            self._procs['ceiling-serve'] = subprocess.Popen(
                cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                start_new_session=True)
        sock = self.rundir / f'{self.ceiling.name}.sock'
        deadline = time.time() + 10
        while not sock.is_socket() or \
                len(self.ceiling_pids()) < self.workers_per_program:
            if self._procs['ceiling-serve'].poll() is not None:
                raise HarnessError('ceiling: portal-serve exited:\n' +
                                   self.log_text('ceiling-serve'))
            if time.time() > deadline:
                raise HarnessError('ceiling: no socket or workers after 10 s')
            time.sleep(0.02)

    def _nginx_conf(self, values):
        cmd = super()._nginx_conf(values)
        conf = self.scratch / 'nginx' / 'portal.conf'
        text = conf.read_text()
        m = re.search(r'^\s*server\s*\{[^\n]*\n', text, re.M)
        if m is None:
            raise HarnessError('bench: no server block in the nginx conf')
        loc = (f'\t# Added by tests/bench/run.py: the ceiling.\n'
               f'\tlocation = {CEILING_PATH} {{\n'
               f'\t\tfastcgi_pass unix:{self.rundir}/{self.ceiling.name}.sock;\n'
               f'\t}}\n')
        conf.write_text(text[:m.end()] + loc + text[m.end():])
        return cmd

    def ceiling_pids(self):
        p = self._procs.get('ceiling-serve')
        return children(p.pid) if p is not None and p.poll() is None else []

    def stop(self):
        if not self.stopped:
            self._stop_proc('ceiling-serve', signal.SIGTERM, 15)
        super().stop()


def children(parent):
    pids = []
    for d in Path('/proc').iterdir():
        if not d.name.isdigit():
            continue
        try:
            st = (d / 'stat').read_text()
            if int(st[st.rindex(')') + 2:].split()[1]) == parent:
                pids.append(int(d.name))
        except (OSError, ValueError, IndexError):
            continue
    return pids


def audit_batches(inst):
    """The audit writer's statistics at its exit (bin/portal-audit prints
    them to portal-serve's log on SIGTERM): how many rows each group
    commit carried."""
    got = [ln for ln in inst.log_text('portal-serve').splitlines()
           if 'audit-batches ' in ln]
    if not got:
        return 'no statistics line (is the audit writer running?)'
    return got[-1].split('audit-batches ', 1)[1].strip()


def ctl_lines(inst, *args):
    """portalctl's answer to args, as one line (for the table): the lines
    that start with args[-1] if it ends in ':', else all of them, and the
    exit status when it is not 0."""
    want = args[-1] if args[-1].endswith(':') else None
    rc, out, err = inst.portalctl(*(args[:-1] if want else args))
    got = [ln.strip() for ln in (out + err).splitlines() if ln.strip()
           and (want is None or ln.startswith(want))]
    text = '; '.join(ln[len(want):].strip() if want else ln for ln in got)
    return text + (f' (exit status {rc})' if rc != 0 else '')


# Seconds of quiet before worker memory is read (a worker trims after 1).
QUIET_S = 2


def memory_mb(pids):
    """(largest VmRSS, largest VmHWM, largest Pss) among pids, in MB; None
    if none. Pss counts a page shared by n processes as 1/n (the shared
    libraries' pages are one copy for all the workers)."""
    rss = hwm = pss = None
    for pid in pids:
        try:
            status = Path(f'/proc/{pid}/status').read_text()
            roll = Path(f'/proc/{pid}/smaps_rollup').read_text()
        except OSError:
            continue
        f = dict(re.findall(r'^(VmRSS|VmHWM):\s+(\d+) kB', status, re.M))
        m = re.search(r'^Pss:\s+(\d+) kB', roll, re.M)
        if 'VmRSS' in f:
            rss = max(rss or 0, int(f['VmRSS']) / 1024)
            hwm = max(hwm or 0, int(f.get('VmHWM', 0)) / 1024)
        if m:
            pss = max(pss or 0, int(m[1]) / 1024)
    return rss, hwm, pss


# -- sign-in and wrk ----------------------------------------------------

def sign_in(inst, n, patients):
    """n signed-in clients of bench accounts spread over those there are:
    [(patient id, Cookie header)]."""
    have = min(ACCOUNTS, patients)
    ids = sorted({1 + k * have // n for k in range(n)})
    out = []
    for pid in ids:
        c = Client(inst)
        page = c.get('/login/')
        if page.status != 200:
            raise HarnessError(f'GET /login/: {page.status}')
        f = page.form_fields('login')
        f.update({'email': f'bench{pid}@example.org', 'password': PASSWORD})
        r = c.post('/login/', f)
        if r.status != 303 or not (r.location or '').endswith('/home/'):
            raise HarnessError(f'sign-in of bench{pid}@example.org: '
                               f'{r.status} {r.location}\n{r.text[:500]}')
        cookie = '; '.join(f'{k.name}={k.value}' for k in c.cookies.values())
        out.append((pid, cookie, c))
    return out


def sign_in_staff(inst):
    """The bench nurse, signed in through the staff form: (Cookie header,
    client)."""
    c = Client(inst)
    page = c.get('/staff/login')
    if page.status != 200:
        raise HarnessError(f'GET /staff/login: {page.status}')
    f = page.form_fields('staff-login')
    f.update({'username': NURSE, 'password': NURSE_PASSWORD})
    r = c.post('/staff/login', f)
    if r.status != 303:
        raise HarnessError(f'staff sign-in of {NURSE}: {r.status} '
                           f'{r.location}\n{r.text[:500]}')
    return '; '.join(f'{k.name}={k.value}' for k in c.cookies.values()), c


def pdf(size):
    """A valid PDF (by its signature) of exactly size bytes."""
    head, tail = b'%PDF-1.4\n', b'%%EOF\n'
    line = b'%' + b'0123456789abcdef' * 4 + b'\n'
    need = size - len(head) - len(tail)
    return head + (line * (need // len(line) + 1))[:need - 1] + b'\n' + tail


# The send key of the reply form (issue 9.4) in the body file: a valid key
# for run.py's own probe, replaced by sessions.lua with a new one for each
# request (a key sent twice stores its message once).
SEND_KEY = 'feedface' * 4


def prepare_threads(inst, sessions):
    """Each family session's newest thread, the CSRF token of its reply
    form, and the send path's request body (written to a file for wrk):
    {patient id: {'t': thread id, 'body': bytes, 'file': path,
    'ctype': Content-Type}}."""
    att = pdf(ATTACHMENT)
    out = {}
    for pid, _, c in sessions:
        page = c.get(f'/messages/?p={pid}')
        m = re.search(r'/messages/thread\?id=(\d+)', page.text)
        if page.status != 200 or m is None:
            raise HarnessError(f'/messages/?p={pid}: {page.status}, '
                               f'{"a" if m else "no"} thread')
        t = int(m.group(1))
        page = c.get(f'/messages/thread?id={t}')
        csrf = page.form_fields('reply').get('csrf') \
            if page.status == 200 else None
        if not csrf:
            raise HarnessError(f'/messages/thread?id={t}: {page.status}, '
                               'no reply form with a CSRF token')
        body, ctype = encode_multipart(
            [('csrf', csrf), ('id', str(t)), ('key', SEND_KEY),
             ('body', 'Thank you. Here is the **scan** of the form, '
                      'signed by both parents.')],
            [('file', (f'bench-scan-{pid}.pdf', att, 'application/pdf'))])
        path = inst.scratch / f'send-{pid}.body'
        path.write_bytes(body)
        out[pid] = {'t': t, 'body': body, 'file': path, 'ctype': ctype}
    return out


UNITS = {'us': 0.001, 'ms': 1.0, 's': 1000.0, 'm': 60000.0}


def parse_wrk(text):
    def ms(v):
        m = re.match(r'([\d.]+)(us|ms|s|m)$', v)
        return float(m.group(1)) * UNITS[m.group(2)] if m else None
    r = {'text': text}
    m = re.search(r'^Requests/sec:\s+([\d.]+)', text, re.M)
    r['rps'] = float(m.group(1)) if m else None
    for pct in ('50', '99'):
        m = re.search(rf'^\s+{pct}(?:\.0+)?%\s+(\S+)', text, re.M)
        r[f'p{pct}'] = ms(m.group(1)) if m else None
    m = re.search(r'^\s+(\d+) requests in', text, re.M)
    r['requests'] = int(m.group(1)) if m else 0
    m = re.search(r'Non-2xx or 3xx responses:\s+(\d+)', text)
    r['non2xx'] = int(m.group(1)) if m else 0
    m = re.search(r'Socket errors: connect (\d+), read (\d+), write (\d+), '
                  r'timeout (\d+)', text)
    r['errors'] = sum(map(int, m.groups())) if m else 0
    return r


ACCESS = re.compile(r'"[A-Z]+ (\S+) HTTP/[\d.]+" (\d{3}) ')


def statuses(log, offset):
    """{status: count} of the access log's lines after offset."""
    out = {}
    with open(log, 'rb') as f:
        f.seek(offset)
        for line in f:
            m = ACCESS.search(line.decode('latin-1'))
            if m:
                out[m.group(2)] = out.get(m.group(2), 0) + 1
    return out


def wrk_lines(path_tmpl, who, sessions, staff, threads):
    """The lines of sessions.lua's list for one page (see PAGES)."""
    if not sessions:
        return [f'{path_tmpl} \n']
    out = []
    for pid, cookie, _ in sessions:
        t = threads.get(pid, {})
        if who == 'send':
            boundary = t['ctype'].split('boundary=', 1)[1]
            out.append(f'POST {path_tmpl} {t["file"]} {boundary} {cookie}\n')
        else:
            path = path_tmpl.format(id=pid, t=t.get('t', 0))
            out.append(f'{path} {staff if who == "staff" else cookie}\n')
    return out


def run_wrk(inst, lines, args, seconds):
    listfile = inst.scratch / 'wrk-sessions.txt'
    listfile.write_text(''.join(lines))
    log = inst.scratch / 'nginx' / 'access.log'
    offset = log.stat().st_size if log.exists() else 0
    cmd = ['wrk', f'-t{args.threads}', f'-c{args.connections}',
           f'-d{seconds}s', '--latency', '--timeout', '10s',
           '-s', str(HERE / 'sessions.lua'), inst.base_url, '--',
           str(listfile), str(args.threads)]
    out = subprocess.run(cmd, capture_output=True, text=True,
                         timeout=seconds + 60)
    r = parse_wrk(out.stdout + out.stderr)
    r['rc'] = out.returncode
    time.sleep(0.2)			# nginx writes its log as it goes
    r['status'] = statuses(log, offset) if log.exists() else {}
    return r


def programs_built():
    """The FastCGI programs built in cgi-bin/."""
    return [p.name for p in (ROOT / 'cgi-bin').iterdir()
            if p.suffix == '' and os.access(p, os.X_OK)]


def record_small(args, ceiling):
    """/record/?p=ID on the SMALL hospital, as the pages above: a table row."""
    row = {'label': f'/record/?p=ID ({SMALL[0]:,} patients)', 'prog': 'record',
           'budget': True}
    db, _, _ = dataset(*SMALL)
    work = work_db(args.engine, db, '-small')
    os.sync()
    inst = None
    try:
        inst = BenchInstance(ceiling, server='nginx', workers=args.workers,
                             **work.instance_kw())
        work.after_start(inst)
        sessions = sign_in(inst, args.connections, SMALL[0])
        lines = wrk_lines('/record/?p={id}', 'family', sessions, None, {})
        # One page before wrk, as the other pages have their probe: nginx
        # logs a request after its answer is sent, so the last sign-in's
        # 303 could otherwise land in wrk's share of the access log.
        if sessions:
            pid, _, c = sessions[0]
            c.get('/record/?p=%d' % pid)
        if args.warmup > 0:
            run_wrk(inst, lines, args, args.warmup)
        r = run_wrk(inst, lines, args, args.duration)
        row.update(r)
        row['ok'] = (r['rc'] == 0 and r['requests'] > 0 and r['non2xx'] == 0
                     and set(r['status']) <= {'200', '499'})
        if not row['ok']:
            row['why'] = f'wrk exit {r["rc"]}, statuses {r["status"]}'
        say(f'  {row["label"]}: {fmt(r["rps"], ".0f")} req/s, p99 '
            f'{fmt(r["p99"], ".2f")} ms')
    except HarnessError as e:
        row['na'] = f'not measured ({e})'
        row['ok'] = False
    finally:
        if inst is not None:
            inst.stop()
            if row.get('ok'):
                inst.remove()
        work.remove()
    return row


# -- import -------------------------------------------------------------

def corpus_by_root():
    """The corpus's documents grouped by their own MRN root (the first
    MRN-like patient id's, as tests/import/run.py reads it): {root: [path]}."""
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        'import_run', ROOT / 'tests' / 'import' / 'run.py')
    imp = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(imp)
    groups = {}
    for p in sorted(CCDA.rglob('*')):
        if p.is_file() and p.suffix.lower() == '.xml':
            groups.setdefault(imp.own_root(p.read_bytes()), []).append(p)
    return groups


def measure_import():
    """(seconds or None, one line on what happened). The corpus comes from
    many EHRs, each with its own MRN root: imported as one hospital only
    its own documents, the rest refused as another system's, and that
    refusal is all a single run would measure. So each root's documents
    go in as that hospital's (mrn_root), all into one database; the time
    is the imports' alone."""
    if 'import' not in portalctl_commands():
        return None, 'not yet available'
    if not CCDA.is_dir():
        return None, f'no corpus at {CCDA}'
    groups = corpus_by_root()
    files = sum(len(g) for g in groups.values())
    db = VAR / 'import.db'
    conf = VAR / 'import.conf'
    remove_db(db)
    write_conf(conf, db)
    env = dict(os.environ, PORTAL_CONF=str(conf))
    done = refused = failed = 0
    secs = 0.0
    try:
        out = subprocess.run([str(PORTALCTL), 'init'], env=env,
                             capture_output=True, text=True)
        if out.returncode != 0:
            return None, f'portalctl init failed: {out.stderr.strip()}'
        for root, paths in groups.items():
            write_conf(conf, db, mrn_root=root)
            t0 = time.monotonic()
            try:
                out = subprocess.run([str(PORTALCTL), 'import',
                                      *map(str, paths)], env=env, cwd=ROOT,
                                     capture_output=True, text=True,
                                     timeout=900)
            except subprocess.TimeoutExpired:
                return None, f'{root}: did not finish within 900 s'
            secs += time.monotonic() - t0
            said = (out.stdout + out.stderr).splitlines()
            m = [re.match(r'import: \d+ documents in [\d.]+ s: (\d+) '
                          r'imported, \d+ already imported, (\d+) refused, '
                          r'(\d+) failed', s) for s in said]
            m = [x for x in m if x]
            if out.returncode not in (0, 1) or not m:
                return None, (f'{root}: exit status {out.returncode}: '
                              + ' '.join(said)[-160:])
            n = [int(x) for x in m[-1].groups()]
            done, refused, failed = done + n[0], refused + n[1], failed + n[2]
        return secs, (f'{files} .xml files as the {len(groups)} hospitals '
                      f'of their MRN roots: {done} imported, {refused} '
                      f'refused (no MRN-like id, no name, ...), {failed} '
                      'failed')
    finally:
        remove_db(db)
        conf.unlink(missing_ok=True)


# -- the run ------------------------------------------------------------

def fmt(v, spec):
    return format(v, spec) if v is not None else '-'


def db_bytes(path):
    """The database's size on disk: (file, its WAL), in bytes."""
    def size(p):
        try:
            return os.stat(p).st_size
        except OSError:
            return 0
    return size(path), size(f'{path}-wal')


def attachments(path):
    """(count, bytes) of the attachments in the database; None if it
    cannot be read."""
    import sqlite3
    try:
        con = sqlite3.connect(f'file:{path}?mode=ro', uri=True, timeout=10)
        try:
            return con.execute('SELECT count(*), coalesce(sum(size), 0) '
                               'FROM attachments').fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--smoke', action='store_true')
    ap.add_argument('--patients', type=int)
    ap.add_argument('--results', type=int)
    ap.add_argument('--duration', type=int)
    ap.add_argument('--connections', type=int, default=32)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--workers', type=int, default=8)
    ap.add_argument('--warmup', type=int,
                    help='seconds of load before each page is measured')
    ap.add_argument('--engine', choices=('sqlite', 'postgresql'),
                    default='sqlite')
    ap.add_argument('--only', metavar='WORD',
                    help='measure only the ceiling and the pages whose '
                    'label holds WORD (no small hospital, no import): '
                    'for working on one page')
    args = ap.parse_args()
    try:
        return measure(args)
    finally:
        if PG is not None:
            PG.stop()


def measure(args):
    if args.patients is None:
        args.patients = 2000 if args.smoke else 100000
    if args.results is None:
        args.results = 50000 if args.smoke else 5000000
    if args.duration is None:
        args.duration = 2 if args.smoke else 10
    if args.warmup is None:
        args.warmup = 0 if args.smoke else 2
    for tool in ('wrk', 'nginx', 'cc'):
        if shutil.which(tool) is None:
            raise SystemExit(f'bench: {tool} is not installed')
    for prog in ('portalctl', 'portal-serve'):
        if not os.access(ROOT / 'bin' / prog, os.X_OK):
            raise SystemExit(f'bench: bin/{prog} is not built (make all)')

    BUILD.mkdir(parents=True, exist_ok=True)
    ceiling = BUILD / 'ceiling'
    subprocess.run(['cc', '-O2', '-o', str(ceiling), str(HERE / 'ceiling.c'),
                    '-lfcgi'], check=True)

    cached_db, gen_secs, cached = dataset(args.patients, args.results)
    work = work_db(args.engine, cached_db)
    # The copy (and a fresh generation) leave up to a gigabyte to write
    # back: not during the measurement, where it would slow every fsync.
    os.sync()

    checks = []			# (name, ok)
    rows = []
    mem = {}
    durability = verified = batches = "not measured"
    send = None			# what the send path stored
    send_secs = min(args.duration, SEND_SECONDS)
    # The small hospital first, on a quiet disk: after the send path has
    # written a gigabyte, its write-back would slow every fsync of a run.
    small = (record_small(args, ceiling) if args.patients != SMALL[0]
             and 'record' in programs_built() and not args.only else None)
    inst = None
    try:
        inst = BenchInstance(ceiling, server='nginx', workers=args.workers,
                             **work.instance_kw())
        work.after_start(inst)
        try:
            sessions = sign_in(inst, args.connections, args.patients)
            checks.append(('sign-in', True))
        except HarnessError as e:
            say(f'bench: {e}')
            checks.append(('sign-in', False))
            sessions = []
        staff = staff_client = None
        threads = {}
        if 'inbox' in inst.programs:
            try:
                staff, staff_client = sign_in_staff(inst)
                checks.append(('staff sign-in', True))
            except HarnessError as e:
                say(f'bench: {e}')
                checks.append(('staff sign-in', False))
        if 'messages' in inst.programs and sessions:
            try:
                threads = prepare_threads(inst, sessions)
                checks.append(('threads and reply forms', True))
            except HarnessError as e:
                say(f'bench: {e}')
                checks.append(('threads and reply forms', False))
        say(f'bench: {len(sessions)} sessions signed in'
            f'{", and the nurse" if staff else ""}; wrk -t{args.threads} '
            f'-c{args.connections} -d{args.duration}s per page '
            f'(the send path: -d{send_secs}s, no warm-up)')
        for label, path, prog, budget, who in PAGES:
            if args.only and prog is not None and args.only not in label:
                continue
            row = {'label': label, 'prog': prog, 'budget': budget}
            rows.append(row)
            expect = 303 if who == 'send' else 200
            if prog is not None and prog not in inst.programs:
                row['na'] = f'not yet available (cgi-bin/{prog} not built)'
                continue
            if prog is not None and not sessions:
                row['na'] = 'not measured (no session)'
                continue
            if who == 'staff' and staff is None:
                row['na'] = 'not measured (the nurse did not sign in)'
                checks.append((label, False))
                continue
            if ('{t}' in path or who == 'send') and not threads:
                row['na'] = 'not measured (no thread or reply form)'
                checks.append((label, False))
                continue
            lines = wrk_lines(path, who, sessions, staff, threads)
            if not sessions:
                probe = Client(inst).get(path).status
            elif who == 'send':
                pid, _, c = sessions[0]
                probe = c.request('POST', path, body=threads[pid]['body'],
                                  headers={'Content-Type':
                                           threads[pid]['ctype']}).status
            else:
                pid, _, c = sessions[0]
                probe = (staff_client if who == 'staff' else c).get(
                    path.format(id=pid, t=threads.get(pid, {}).get('t', 0))
                ).status
            if probe == 404:
                # No route yet in nginx or the program; from a program
                # that is built, a fault all the same.
                row['na'] = 'answers 404: not measured'
                checks.append((label, False))
                continue
            if args.warmup > 0 and who != 'send':
                run_wrk(inst, lines, args, args.warmup)
            if who == 'send':
                before = work.bytes()
                r = run_wrk(inst, lines, args, send_secs)
                send = {'before': before, 'after': work.bytes(),
                        'requests': r['requests']}
            else:
                r = run_wrk(inst, lines, args, args.duration)
            row.update(r)
            # 499: wrk closed a connection with a request in flight when
            # its time was up; at most one a connection. (A 1 MB POST
            # cut off while nginx still reads its body is logged 400.)
            cut = ('499', '400') if who == 'send' else ('499',)
            ncut = sum(n for st, n in r['status'].items() if st in cut)
            bad = {st: n for st, n in r['status'].items()
                   if st != str(expect) and
                   not (st in cut and ncut <= args.connections)}
            ok = (probe == expect and r['rc'] == 0 and r['requests'] > 0
                  and r['non2xx'] == 0 and not bad
                  and sum(r['status'].values()) > 0)
            row['ok'] = ok
            if not ok:
                row['why'] = (f'probe {probe}, wrk exit {r["rc"]}, '
                              f'non-2xx/3xx {r["non2xx"]}, statuses {r["status"]}')
            checks.append((label, ok))
            say(f'  {label}: {fmt(r["rps"], ".0f")} req/s, p50 '
                f'{fmt(r["p50"], ".2f")} ms, p99 {fmt(r["p99"], ".2f")} ms'
                + ('' if ok else f'  FAILED: {row["why"]}'))
        # A worker gives its page cache and free heap back after a second
        # without a request (lib/web/http.c IDLE_MS): read once the run has
        # been quiet for two, as an operator's ps would see it.
        time.sleep(QUIET_S)
        for prog in inst.programs:
            mem[prog] = memory_mb(inst.worker_pids(prog))
        mem['ceiling'] = memory_mb(inst.ceiling_pids())
        durability = ctl_lines(inst, 'status', 'durability:')
    finally:
        if inst is not None:
            try:
                inst.stop()
            except HarnessError as e:
                say(f'bench: stopping: {e}')
            # The chain of everything the run audited (issue 9: done
            # when it verifies on the bench database after the run).
            verified = ctl_lines(inst, 'audit', 'verify')
            batches = audit_batches(inst)
            log = inst.scratch / 'nginx-error.log'
            # Not the send path's notices that a body went to a file.
            said = [ln for ln in (log.read_text(errors='replace')
                                  .splitlines(True) if log.exists() else [])
                    if 'a client request body is buffered' not in ln]
            if said:
                say('bench: nginx error log (last lines):\n' +
                    ''.join(said[-5:]))
            if checks and all(ok for _, ok in checks):
                inst.remove()
            else:
                say(f'bench: logs kept in {inst.scratch.relative_to(ROOT)}')
        if send is not None:
            send['stored'] = work.attachments()
        work.remove()

    big = next((r for r in rows if r['label'] == '/record/?p=ID'), None)
    if big is not None and 'na' not in big and small is not None:
        big['label'] = f'/record/?p=ID ({args.patients:,} patients)'
        rows.insert(rows.index(big), small)
        checks.append((small['label'], small['ok']))
    imp_secs, imp_note = ((None, 'not measured (--only)') if args.only
                          else measure_import())

    # -- the table --
    ceil = next((r.get('rps') for r in rows if r['prog'] is None), None)
    lines = []
    head = (f'make bench{" --smoke (not a measurement)" if args.smoke else ""}: '
            f'{args.patients:,} patients, {args.results:,} results; '
            f'wrk -t{args.threads} -c{args.connections} -d{args.duration}s '
            f'(send path {send_secs}s); '
            f'nginx 1 worker, {args.workers} workers a program; '
            f'{"PostgreSQL" if args.engine == "postgresql" else "SQLite"}; '
            f'{os.cpu_count()} CPUs; {time.strftime("%Y-%m-%d %H:%M")}')
    lines.append(head)
    lines.append(f'{"page":<34} {"req/s":>9} {"p50 ms":>8} {"p99 ms":>8} '
                 f'{"ratio":>8}  budget')
    for r in rows:
        if 'na' in r:
            lines.append(f'{r["label"]:<34} {r["na"]}')
            continue
        ratio = (r['rps'] / ceil) if (ceil and r.get('rps') is not None) else None
        note = '-'
        if r['budget'] and ratio is not None and r.get('p99') is not None \
                and not args.smoke:
            miss = []
            if ratio < BUDGET_RATIO:
                miss.append(f'ratio<{BUDGET_RATIO}')
            if r['p99'] >= BUDGET_P99_MS:
                miss.append(f'p99>={BUDGET_P99_MS:.0f}ms')
            note = 'ok' if not miss else 'MISSED ' + ', '.join(miss)
        if not r.get('ok', True):
            note += '  (errors: ' + r.get('why', '') + ')'
        lines.append(f'{r["label"]:<34} {fmt(r.get("rps"), "9.0f")} '
                     f'{fmt(r.get("p50"), "8.2f")} {fmt(r.get("p99"), "8.2f")} '
                     f'{fmt(ratio, "8.2f")}  {note}')
    small = next((r for r in rows if r['label'].endswith(
        f'({SMALL[0]:,} patients)') and r.get('rps')), None)
    if small is not None and big is not None and big.get('rps'):
        flat = big['rps'] / small['rps']
        lines.append(f'record page, {args.patients:,} against {SMALL[0]:,} '
                     f'patients: {flat:.2f} of the req/s'
                     + ('' if args.smoke else f' (flat within {FLAT:.0%}: '
                        f'{"ok" if abs(1 - flat) <= FLAT else "MISSED"})'))
    if send is not None:
        mb = 1e6
        grew = sum(send['after']) - sum(send['before'])
        stored = send['stored']
        lines.append(
            f'send path: '
            + (f'{stored[0]} messages with a {ATTACHMENT // 1024} KB PDF '
               f'stored ({stored[1] / mb:.0f} MB of BLOBs, incl. the probe); '
               if stored else '')
            + f'database {sum(send["before"]) / mb:.0f} -> '
            f'{sum(send["after"]) / mb:.0f} MB (+{grew / mb:.0f} MB in '
            f'{send_secs} s; WAL {send["after"][1] / mb:.0f} MB)')
    lines.append(f'worker memory, MB (largest worker: VmRSS {QUIET_S} s after '
                 'the run / '
                 f'VmHWM peak / Pss; budget < {BUDGET_RSS_MB:.0f} MB resident):')
    for prog, (rss, hwm, pss) in mem.items():
        flag = ''
        if rss is not None and prog != 'ceiling':
            flag = '  ok' if rss < BUDGET_RSS_MB else '  MISSED'
        lines.append(f'  {prog:<12} {fmt(rss, "6.1f")} / {fmt(hwm, "6.1f")}'
                     f' / {fmt(pss, "5.1f")}{flag}')
    lines.append(f'durability: {durability}')
    lines.append(f'audit writer (commits by rows in them, whole run): {batches}')
    lines.append(f'audit verify after the run: {verified}')
    lines.append(f'import ../shared/ccda: '
                 + (f'{imp_secs:.1f} s ({imp_note})' if imp_secs is not None
                    else imp_note))
    lines.append(f'data: {"cached, " if cached else ""}generated in '
                 f'{gen_secs:.1f} s ({cached_db.relative_to(ROOT)}, '
                 f'{cached_db.stat().st_size / 1e6:.0f} MB)')
    table = '\n'.join(lines) + '\n'
    VAR.mkdir(parents=True, exist_ok=True)
    (VAR / ('results-smoke.txt' if args.smoke else 'results.txt')) \
        .write_text(table)
    say('')
    say(table, end='')
    if args.smoke:
        passed = sum(1 for _, ok in checks if ok)
        failed = len(checks) - passed
        say(f'bench: {passed} passed, {failed} failed')
        return 1 if failed else 0
    return 0


if __name__ == '__main__':
    try:
        rc = main()
    except (HarnessError, OSError, subprocess.SubprocessError,
            SystemExit) as e:
        if isinstance(e, SystemExit) and not isinstance(e.code, str):
            raise
        print(e if isinstance(e, SystemExit) else f'bench: cannot run: {e}',
              flush=True)
        if '--smoke' in sys.argv:
            print('bench: 0 passed, 1 failed')
        rc = 1
    sys.exit(rc)
