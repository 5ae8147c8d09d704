"""The HTTP tests' harness: a whole portal behind a real web server.

An Instance is one portal on 127.0.0.1: a scratch directory under
var/test/, a fresh database (`portalctl init`), the FastCGI programs under
bin/portal-serve, and nginx or Apache configured with the shipped
conf/nginx/portal.conf.in or conf/apache/portal.conf.in, rendered by
`portalctl conf` exactly as an installation renders them. A Client is a small
browser: HTTP/1.1, its own cookie jar, forms. Python 3.11 standard library
only.

    with Instance('nginx') as inst:
        c = Client(inst)
        r = c.get('/signup/')
        f = form_fields(r.text)            # hidden inputs: csrf ...
        r = c.post('/signup/', {**f, 'email': 'a@example.org'})
        mail = inst.deliver_mail()[-1]     # portalctl mail, then new messages

A test looks at the database with inst.query(sql, *args) (rows as
tuples), inst.value(...) and inst.execute(...), on either engine: sqlite3
on a file, psql on a PostgreSQL database (no Python driver).

Every secret the suite is given (activation tokens and passwords that
portalctl prints, the codes in captured e-mails, cookies and CSRF values
the Client receives) is remembered, and secrets_in_logs() finds any of them
in the instance's logs: no secret may reach a log (issue 7).
"""

import email
import email.policy
import glob
import html.parser
import http.client
import http.cookiejar
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROGRAMS = ('signup', 'login', 'account', 'staff', 'record', 'messages',
            'inbox', 'register', 'provision', 'provider', 'paccount', 'mfa',
            'sponsor', 'precord', 'viewers', 'patients', 'share', 'pcpreq',
            'requests', 'pay', 'visits', 'profile', 'checkin', 'clinic',
            'svisits', 'insreview', 'insurance', 'billing', 'home', 'help',
            'privacy')
# Where a program answers when it is not /NAME/ (the web server's location
# of each: conf/nginx/portal.conf.in, conf/apache/portal.conf.in; the
# provider portal's programs share /provider/, cgi-bin/mfa serves the
# second factor's pages of both portals): a path it owns, without the
# trailing slash redirect that a /NAME/ prefix has.
PROGRAM_PATHS = {'register': '/provider/register',
                 'provision': '/staff/providers/',
                 'paccount': '/provider/account', 'mfa': '/login/2fa',
                 'sponsor': '/provider/staff/',
                 'precord': '/provider/record/',
                 'viewers': '/account/viewers/',
                 'patients': '/provider/patients/',
                 'share': '/account/share/',
                 'pcpreq': '/staff/pcp/',
                 'requests': '/account/requests/',
                 'profile': '/account/profile/',
                 'checkin': '/visits/checkin/',
                 'clinic': '/staff/clinic/',
                 'svisits': '/staff/visits/',
                 'insreview': '/staff/insurance/',
                 'privacy': '/staff/audit/',
                 'insurance': '/account/insurance/',
                 'help': '/help/'}


def program_path(p):
    """A path that program p answers (its prefix, or PROGRAM_PATHS')."""
    return PROGRAM_PATHS.get(p, f'/{p}/')
WEB_USER = 'www-data'		# the web server's user when the tests run as root

APACHE_MODULES = '/usr/lib/apache2/modules'
APACHE_LOAD = ('mpm_event', 'authz_core', 'authn_core', 'mime', 'dir',
               'headers', 'proxy', 'proxy_fcgi', 'alias', 'rewrite',
               'unixd', 'log_config')
# And for Instance(sso=True): Basic authentication from a file.
APACHE_SSO_LOAD = ('auth_basic', 'authn_file', 'authz_user')


# The PostgreSQL cluster of this run (tests/tools/pgcluster.py), set by
# run.py --engine postgresql (use_postgresql): every Instance made without
# a database then gets a fresh database of its own on it, dropped by
# remove(). None: SQLite files.
PG = None



def use_postgresql(cluster):
    """Makes every new Instance's fresh database a PostgreSQL one on
    cluster (a started pgcluster.Cluster); None goes back to SQLite."""
    global PG
    PG = cluster


def engine():
    """'postgresql' when this run's fresh databases are PostgreSQL's."""
    return 'postgresql' if PG is not None else 'sqlite'


def only_sqlite(why):
    """Raises Skip on PostgreSQL, saying why the test has no meaning there."""
    if PG is not None:
        raise Skip(f'SQLite only: {why}')


def only_postgresql(why):
    """Raises Skip on SQLite, saying why."""
    if PG is None:
        raise Skip(f'PostgreSQL only: {why}')


# -- a PostgreSQL database, through psql (no Python driver needed) ------

PSQL = '/usr/lib/postgresql/15/bin/psql'


def psql_command(url, *extra):
    """The psql command line for a postgresql:// URL: no ~/.psqlrc,
    unaligned, tuples only, quiet, stopping at the first error."""
    exe = PSQL if os.access(PSQL, os.X_OK) else 'psql'
    return [exe, '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1',
            *extra, '-d', url]


def psql_env():
    """Our environment without PG* variables (a PGHOST of the caller's
    must not send psql elsewhere), the text in UTF-8."""
    env = {k: v for k, v in os.environ.items() if not k.startswith('PG')}
    env['PGCLIENTENCODING'] = 'UTF8'
    env.setdefault('LC_ALL', 'C.UTF-8')
    return env


def _is_select(sql):
    word = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ''
    return word in ('SELECT', 'WITH', 'VALUES', 'TABLE')


def _pg_bind(sql, args):
    """sql with its ? (and ?N) parameters replaced for psql: numbers and
    NULL as literals, text as psql variables (:'pN', which psql quotes),
    bytes as a bytea literal. Quoted text and comments are left as they
    are. Returns (text, ['-v', 'pN=value', ...])."""
    out, vars_, i, n, nth = [], [], 0, len(sql), 0
    while i < n:
        ch = sql[i]
        if ch in '\'"':
            j = sql.find(ch, i + 1)
            while j != -1 and j + 1 < n and sql[j + 1] == ch:
                j = sql.find(ch, j + 2)
            j = n - 1 if j == -1 else j
            out.append(sql[i:j + 1])
            i = j + 1
            continue
        if sql.startswith('--', i):
            j = sql.find('\n', i)
            j = n if j == -1 else j
            out.append(sql[i:j])
            i = j
            continue
        if ch != '?':
            out.append(ch)
            i += 1
            continue
        j = i + 1
        while j < n and sql[j].isdigit():
            j += 1
        k = int(sql[i + 1:j]) if j > i + 1 else nth + 1
        nth = max(nth, k)
        i = j
        if k > len(args):
            raise ValueError(f'parameter ?{k} of {len(args)} given')
        v = args[k - 1]
        if v is None:
            out.append('NULL')
        elif isinstance(v, bool):
            out.append('true' if v else 'false')
        elif isinstance(v, int):
            out.append(f'({v:d})')
        elif isinstance(v, float):
            out.append(f'({v!r})')
        elif isinstance(v, (bytes, bytearray)):
            out.append(f"'\\x{bytes(v).hex()}'::bytea")
        elif isinstance(v, str):
            if '\0' in v:
                raise ValueError('a NUL in a text parameter')
            out.append(f":'p{k}'")
            vars_ += ['-v', f'p{k}={v}']
        else:
            raise TypeError(f'parameter ?{k}: {type(v).__name__}')
    return ''.join(out), vars_


def _psql(url, script, vars_=(), timeout=60):
    r = subprocess.run(psql_command(url, *vars_, '-f', '-'), input=script,
                       capture_output=True, text=True, env=psql_env(),
                       timeout=timeout)
    if r.returncode != 0:
        raise HarnessError(f'psql: {r.stderr.strip()}')
    return r.stdout


def sql_rows(url, sql, args=()):
    """The rows of one statement (a SELECT, or a change with RETURNING) on
    the PostgreSQL database at url, as tuples of Python values: each row
    comes back as JSON (row_to_json), so integers are int, booleans bool,
    NULL None, the rest text; columns keep their order, even when two
    share a name."""
    text, vars_ = _pg_bind(sql.strip().rstrip(';'), args)
    if _is_select(text):
        script = f'SELECT row_to_json(q) FROM ({text}\n) q;\n'
    else:
        script = f'WITH q AS ({text}\n) SELECT row_to_json(q) FROM q;\n'
    rows = []
    for line in _psql(url, script, vars_).splitlines():
        if line:
            pairs = json.loads(line, object_pairs_hook=lambda p: p)
            rows.append(tuple(v for _, v in pairs))
    return rows


def sql_run(url, sql, args=()):
    """Runs statements that return nothing on the PostgreSQL database at
    url (one transaction: psql's single-transaction mode)."""
    text, vars_ = _pg_bind(sql, args)
    _psql(url, text.rstrip().rstrip(';') + ';\n', [*vars_, '-1'])


def db_rows(database, sql, args=()):
    """The rows of one statement on a database: a postgresql:// URL
    (sql_rows, through psql) or an SQLite file (sqlite3, read-only for a
    SELECT), as tuples of Python values."""
    if str(database).startswith(('postgresql://', 'postgres://')):
        return sql_rows(str(database), sql, args)
    if _is_select(sql):
        con = sqlite3.connect(f'file:{database}?mode=ro', uri=True,
                              timeout=30)
    else:
        con = sqlite3.connect(str(database), timeout=30)
    try:
        rows = con.execute(sql, tuple(args)).fetchall()
        con.commit()
        return rows
    finally:
        con.close()


def db_run(database, sql, args=()):
    """Runs statements that return nothing on a database (see db_rows),
    committed; without parameters, several separated by ';'."""
    if str(database).startswith(('postgresql://', 'postgres://')):
        sql_run(str(database), sql, args)
        return
    con = sqlite3.connect(str(database), timeout=30)
    try:
        if args:
            con.execute(sql, tuple(args))
        else:
            con.executescript(sql)
        con.commit()
    finally:
        con.close()


class Skip(Exception):
    """Raised by a test that cannot run here; the runner reports it."""


class HarnessError(Exception):
    """The instance could not be set up or did not stop cleanly."""


def _free_port():
    """A free TCP port on 127.0.0.1, at random below the ephemeral range."""
    for _ in range(200):
        port = random.randint(20000, 32000)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind(('127.0.0.1', port))
            except OSError:
                continue
            return port
    raise HarnessError('no free port found')


def _reachable_by_others(path):
    """True if every directory up to path can be traversed by any user."""
    p = Path(path).resolve()
    for d in [p, *p.parents]:
        if not os.stat(d).st_mode & stat.S_IXOTH:
            return False
    return True


# What a secret printed by portalctl or sent in an e-mail looks like.
_ACTIVATION_RE = re.compile(r'\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b')
_PRINTED_PASSWORD_RE = re.compile(r'password: (\S+)')
_LINK_CODE_RE = re.compile(r'[A-Za-z0-9_-]{12}\.[A-Za-z0-9_-]{32}')
_CSRF_RE = re.compile(r'name="csrf" value="([^"]+)"')


def _faketime_lib():
    libs = sorted(glob.glob('/usr/lib/*/faketime/libfaketime.so.1'))
    if not libs:
        raise HarnessError('faketime is not installed (libfaketime.so.1)')
    return libs[0]


def _to_epoch(when):
    if isinstance(when, datetime):
        return when.timestamp()
    if isinstance(when, (int, float)):
        return float(when)
    out = subprocess.run(['date', '-d', str(when), '+%s'], capture_output=True,
                         text=True)
    if out.returncode != 0:
        raise HarnessError(f'faketime: cannot read date {when!r}: '
                           f'{out.stderr.strip()}')
    return float(out.stdout.strip())


@dataclass
class Mail:
    """One captured e-mail."""
    to: str
    subject: str
    body: str
    msg: email.message.EmailMessage = field(repr=False)
    path: Path = field(repr=False)

    def __getitem__(self, name):
        return getattr(self, name)


def _parse_mail(path):
    msg = email.message_from_bytes(path.read_bytes(),
                                   policy=email.policy.default)
    part = msg.get_body(preferencelist=('plain', 'html'))
    body = part.get_content() if part is not None else ''
    return Mail(to=str(msg.get('To', '')), subject=str(msg.get('Subject', '')),
                body=body, msg=msg, path=path)


class Instance:
    """One portal behind one web server; see the module's doc string.

    server    'nginx' or 'apache'
    faketime  None, or the moment the programs (and portalctl) should take
              for "now": a datetime, an epoch number, or a string that
              date -d reads ('2025-03-01 09:00'). The clock runs on from
              there; every process of the instance shares one offset.
    workers   worker processes per program (1: an ASan worker's start
              and exit cost a third of a CPU second; a module whose tests
              send requests at once or kill a worker asks for 2 in
              INSTANCE)
    lazy      portal-serve -l: a program's workers start at its first
              request, so an instance costs the start of the few
              programs a module uses, not of all 31 (most of the HTTP
              stages' time went there); False for a module that counts
              or kills workers before it has asked their program for a
              page, and for what the shipped units run (eager)
    database  None: a fresh database (`portalctl init`): a file in the
              scratch directory, or, under run.py --engine postgresql, a
              database of its own on the run's cluster (PG); or an
              existing, initialised one, used as it is (the programs write
              to it: sessions, audit): a path or a postgresql:// URL
    key_file  None: the installation key in the scratch directory (made
              by portalctl init); or the path of another instance's, so
              that two instances on one PostgreSQL database are two web
              nodes of one installation
    asan      run the FastCGI programs built with ASan and UBSan
              (build/asan-cgi/, `make check` builds them); a sanitizer
              report lands in the portal-serve log, which
              crash_reports() reads after every test module
    sso       hospital single sign-on on /provider/sso (provider_sso on),
              the way the commented examples of the shipped confs do it:
              nginx asks a stand-in identity service on 127.0.0.1:sso_port
              (auth_request; the test starts it, tests/http/sso_stub.py),
              Apache checks Basic credentials against the file sso_htpasswd
              (mod_auth_basic; the test writes it); 'app': provider_sso on
              but the web server left as shipped (nothing authenticates)
    conf      portal.conf settings over the example's ({'name': 'value'});
              set_conf() changes them later
    """

    # The portal's programs: this tree's (tests/http/test_install.py's
    # subclass points them into an installed tree).
    bindir = ROOT / 'bin'
    cgidir = ROOT / 'cgi-bin'

    def __init__(self, server='nginx', faketime=None, workers=1,
                 database=None, asan=False, key_file=None, sso=False,
                 conf=None, lazy=True):
        if server not in ('nginx', 'apache'):
            raise ValueError(f'server: {server!r}')
        self.server = server
        self.workers_per_program = workers
        self.lazy = lazy
        self.clock_offset = 0.0
        self._faketime_env = {}
        self._procs = {}		# name -> Popen
        self.secrets = {}		# value -> (kind, case-insensitive)
        self._webtmp = None
        self.stopped = False
        self.conf_extra = dict(conf or {})
        uniq = f'{server}-{os.getpid()}-{secrets.token_hex(4)}'
        self.scratch = ROOT / 'var' / 'test' / uniq
        self.scratch.mkdir(parents=True, mode=0o755)
        os.chmod(self.scratch, 0o755)
        self.maildir = self.scratch / 'mail'
        self.maildir.mkdir()
        self.conf_path = self.scratch / 'portal.conf'
        self.pg_name = None		# the database made on PG, if any
        self._pg_more = []		# and those new_database() made
        if database is None and PG is not None:
            self.pg_name = 't_' + uniq.replace('-', '_')
            PG.createdb(self.pg_name)
            database = PG.url(self.pg_name)
        self.server_db = str(database or '').startswith(
            ('postgresql://', 'postgres://'))
        if self.server_db:
            self.database = str(database)
        else:
            self.database = (Path(database).resolve() if database is not None
                             else self.scratch / 'portal.db')
        self._key_given = key_file is not None
        self.key_file = (Path(key_file) if key_file is not None
                         else self.scratch / 'portal.key')
        self.is_root = os.geteuid() == 0
        self.port = _free_port()
        self.base_url = f'http://127.0.0.1:{self.port}'
        self.asan = asan
        self.sso = sso
        self.sso_port = _free_port() if sso else None
        self.sso_htpasswd = self.scratch / 'sso.htpasswd'
        # The stand-in payment processor (tests/standin/payments.py), on a
        # port of its own, and the secret it shares with the portal.
        self.pay_port = _free_port()
        self.pay_url = f'http://127.0.0.1:{self.pay_port}/pay'
        self.pay_secret = secrets.token_urlsafe(48)
        self.pay_access_key = 'standin-access-' + secrets.token_hex(4)
        self.pay_profile_id = 'STANDIN-PROFILE'
        self.note_secret(self.pay_secret, 'payment secret')
        self.program_dir = ROOT / 'build/asan-cgi' if asan else self.cgidir
        self.programs = [p for p in PROGRAMS
                         if os.access(self.program_dir / p, os.X_OK)]
        if asan and len(self.programs) < len(PROGRAMS):
            raise HarnessError('the ASan programs are not built '
                               '(make build/asan-cgi/...; make check does)')
        try:
            self._set_clock(faketime)
            self._place_web_files()
            self._write_conf()
            self._start_payments()
            if database is None or self.pg_name is not None:
                self._init_db()
            elif not self.server_db and not self.database.is_file():
                raise HarnessError(f'database {self.database}: no such file')
            self._start_serve()
            self._start_web()
        except BaseException:
            self._kill_all()
            raise

    # -- setup --------------------------------------------------------

    def _set_clock(self, faketime):
        self.faketime = faketime
        if faketime is None:
            self.clock_offset = 0.0
            self._faketime_env = {}
            return
        self.clock_offset = _to_epoch(faketime) - time.time()
        self._faketime_env = {
            'LD_PRELOAD': _faketime_lib(),
            'FAKETIME': f'{self.clock_offset:+.0f}s',
            # portal-serve's own timers stay on the real clock.
            'FAKETIME_DONT_FAKE_MONOTONIC': '1',
        }

    def now(self):
        """The programs' idea of the current time (epoch seconds)."""
        return time.time() + self.clock_offset

    def _place_web_files(self):
        """Sockets and static files where the web server's user reaches
        them: in the scratch directory, or, when the tree is closed to
        other users and we are root (so the server runs as www-data), in a
        directory under /tmp with a copy of htdocs."""
        self.htdocs = ROOT / 'htdocs'
        web = self.scratch
        if self.is_root and not _reachable_by_others(self.scratch):
            web = Path(tempfile.mkdtemp(prefix='portal-test-'))
            os.chmod(web, 0o755)
            self._webtmp = web
            self.htdocs = web / 'htdocs'
            shutil.copytree(ROOT / 'htdocs', self.htdocs)
            for d, _, files in os.walk(self.htdocs):
                os.chmod(d, 0o755)
                for f in files:
                    os.chmod(os.path.join(d, f), 0o644)
        self.rundir = web / 'run'
        self.rundir.mkdir()
        os.chmod(self.rundir, 0o755)	# whatever the umask
        # The server's own 404 and 50x pages (portalctl pages, issue 15.5).
        self.pagesdir = web / 'pages'
        self.pagesdir.mkdir()
        os.chmod(self.pagesdir, 0o755)
        # The hospital's overrides of static files and pages (issue 16.2):
        # empty, as `make install` leaves it.
        self.overrides = web / 'overrides'
        self.overrides.mkdir()
        os.chmod(self.overrides, 0o755)

    def _write_conf(self):
        over = {
            'database': str(self.database),
            'templates': str(ROOT / 'templates'),
            'sql': str(ROOT / 'sql'),
            'common_passwords': str(ROOT / 'share' / 'common-passwords.txt'),
            'cookie_secure': 'yes',
            'sendmail': f'{ROOT}/tests/http/sendmail-capture {self.maildir}',
            'base_url': self.base_url,
            # The tests' hospital: its documents are not "outside", and
            # its MRNs are assigned under its root (tests/http/ccda.py).
            'hospital_oids': '2.16.840.1.113883.3.7777',
            'mrn_root': '2.16.840.1.113883.3.7777',
            'payment_url': self.pay_url,
            'payment_name': 'Stand-in Payments',
            'payment_access_key': self.pay_access_key,
            'payment_profile_id': self.pay_profile_id,
            'payment_secret': self.pay_secret,
            # scrypt's cost at 1024 (1 MiB), not the shipped 2^17 (128 MiB
            # a hash): the same code with its rules, without 128 MiB of
            # fresh pages for every sign-in, sign-up and account that
            # portalctl makes (on a VM where page faults are dear, most of
            # the stage's time). The shipped default is test_conf's.
            'scrypt_n': '1024',
        }
        if self.sso:
            over['provider_sso'] = 'yes'
        over.update(self.conf_extra)
        # A file's key and checkpoints are beside it by default; a
        # server's database has no "beside".
        if self.server_db or self._key_given:
            over['key_file'] = str(self.key_file)
            over['audit_checkpoints'] = str(self.scratch / 'portal.checkpoints')
        lines, seen = [], set()
        example = ROOT / 'conf' / 'portal.conf.example'
        for line in example.read_text().splitlines():
            name = line.split('=', 1)[0].strip()
            if '=' in line and not line.lstrip().startswith('#') \
                    and name in over:
                line = f'{name} = {over[name]}'
                seen.add(name)
            lines.append(line)
        lines += [f'{k} = {v}' for k, v in over.items() if k not in seen]
        self.conf_path.write_text('\n'.join(lines) + '\n')

    def env(self):
        """The environment of the portal's processes."""
        e = dict(os.environ)
        e['PORTAL_CONF'] = str(self.conf_path)
        e.update(self._faketime_env)
        if self.asan:
            # Workers live long and are killed at the end: leaks at exit
            # say nothing. faketime's LD_PRELOAD comes before ASan.
            e['ASAN_OPTIONS'] = ('detect_leaks=0:verify_asan_link_order=0:'
                                 'abort_on_error=0')
            e['UBSAN_OPTIONS'] = 'print_stacktrace=1:halt_on_error=1'
        return e

    def _init_db(self):
        if not os.access(self.bindir / 'portalctl', os.X_OK):
            raise HarnessError('bin/portalctl is not built (run make)')
        rc, out, err = self.portalctl('init')
        if rc != 0:
            raise HarnessError(f'portalctl init failed ({rc}):\n{out}{err}')

    def _start_payments(self):
        """The stand-in payment processor, answering on pay_port."""
        env = dict(os.environ, PAYMENT_SECRET=self.pay_secret)
        with self._log('payments') as log:
            self._procs['payments'] = subprocess.Popen(
                [sys.executable, str(ROOT / 'tests' / 'standin' /
                                     'payments.py'),
                 '--port', str(self.pay_port), '--access-key',
                 self.pay_access_key, '--profile-id', self.pay_profile_id],
                env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                start_new_session=True)
        deadline = time.time() + 10
        while True:
            try:
                socket.create_connection(('127.0.0.1', self.pay_port),
                                         timeout=1).close()
                return
            except OSError:
                pass
            if self._procs['payments'].poll() is not None or \
                    time.time() > deadline:
                raise HarnessError('the payments stand-in did not start:\n'
                                   + self.log_text('payments'))
            time.sleep(0.05)

    def _log(self, name):
        return open(self.scratch / f'{name}.log', 'ab')

    def _serve_cmd(self):
        """portal-serve's command line."""
        cmd = [str(self.bindir / 'portal-serve'), '-d', str(self.rundir),
               '-n', str(self.workers_per_program),
               '-p', str(self.scratch / 'portal-serve.pid')]
        if self.lazy:
            cmd += ['-l']
        if self.is_root:
            cmd += ['-g', WEB_USER]
        # The audit writer (issue 9.1): every way the portal runs has it.
        cmd += ['-a', str(self.bindir / 'portal-audit')]
        return cmd + [str(self.program_dir / p) for p in self.programs]

    def _start_serve(self):
        if not self.programs:
            return
        cmd = self._serve_cmd()
        logged = len(self.log_text('portal-serve'))	# from a restart
        with self._log('portal-serve') as log:
            self._procs['portal-serve'] = subprocess.Popen(
                cmd, env=self.env(), stdin=subprocess.DEVNULL, stdout=log,
                stderr=log, start_new_session=True)
        deadline = time.time() + 60
        socks = [self.rundir / f'{p}.sock' for p in self.programs]
        while not all(s.is_socket() for s in socks):
            if self._procs['portal-serve'].poll() is not None:
                raise HarnessError('portal-serve exited:\n' +
                                   self.log_text('portal-serve'))
            if time.time() > deadline:
                raise HarnessError('portal-serve: no sockets after 60 s')
            time.sleep(0.02)
        # A program that dies at start (bad config, no database) would
        # make every test time out: fail here, with its own words (under
        # -l only the audit writer starts here; a program that dies at
        # its first request is told by start_failures after the test).
        # A loaded machine (make -j2 beside other runs) may take many
        # seconds to start every worker: wait for them, or for the first
        # death, rather than for a fixed time.
        # Lazy: only the audit writer starts at once.
        want = 1 if self.lazy else \
            self.workers_per_program * len(self.programs) + 1
        died_re = re.compile(r'^portal-serve: \S+: worker \d+ (exited|killed)',
                             re.M)
        deadline = time.time() + 60
        while len(self.worker_pids()) < want and time.time() < deadline \
                and not died_re.search(self.log_text('portal-serve')[logged:]):
            time.sleep(0.05)
        time.sleep(0.2)
        log = self.log_text('portal-serve')[logged:]
        died = died_re.search(log)
        if len(self.worker_pids()) < want or died:
            raise HarnessError('the programs do not stay up under '
                               'portal-serve:\n' + log[-3000:])

    def render(self, kind, **values):
        """The shipped configuration of kind (nginx, apache, systemd,
        spawn-fcgi) as `portalctl conf` renders it for this tree."""
        args = [str(self.bindir / 'portalctl'), 'conf', kind]
        args += [f'{k}={v}' for k, v in values.items()]
        out = subprocess.run(args, capture_output=True, text=True)
        if out.returncode != 0:
            raise HarnessError(f'portalctl conf {kind}: {out.stderr}')
        return out.stdout

    def _start_web(self):
        rc, _, err = self.portalctl('pages', str(self.pagesdir))
        if rc != 0:
            raise HarnessError(f'portalctl pages: {err}')
        for f in self.pagesdir.iterdir():
            os.chmod(f, 0o644)
        values = self._web_values()
        if self.server == 'nginx':
            cmd = self._nginx_conf(values)
        else:
            cmd = self._apache_conf(values)
        with self._log(self.server) as log:
            self._procs[self.server] = subprocess.Popen(
                cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                start_new_session=True)
        deadline = time.time() + 15
        while True:
            if self._procs[self.server].poll() is not None:
                raise HarnessError(f'{self.server} exited:\n' +
                                   self.log_text(self.server) +
                                   self.log_text(f'{self.server}-error'))
            try:
                with socket.create_connection(('127.0.0.1', self.port),
                                              timeout=1) as s:
                    s.sendall(b'HEAD /static/portal.css HTTP/1.0\r\n\r\n')
                    if s.recv(16).startswith(b'HTTP/'):
                        return
            except OSError:
                pass
            if time.time() > deadline:
                raise HarnessError(f'{self.server} does not answer on '
                                   f'port {self.port}')
            time.sleep(0.05)

    def _web_values(self):
        """The NAME=VALUEs of `portalctl conf nginx|apache`."""
        return dict(LISTEN=f'127.0.0.1:{self.port}', HTDOCS=self.htdocs,
                    OVERRIDES=self.overrides,
                    RUNDIR=self.rundir, PAGES=self.pagesdir,
                    ACCESS_LOG=self.scratch / self.server / 'access.log')

    def _nginx_conf(self, values):
        d = self.scratch / 'nginx'
        d.mkdir()
        os.chmod(d, 0o755)
        conf = self.render('nginx', **values)
        if self.sso is True:
            conf = self._sso_nginx(conf)
        (d / 'portal.conf').write_text(conf)
        user = f'user {WEB_USER};' if self.is_root else ''
        mime = '/etc/nginx/mime.types'
        types = (f'include {mime};' if os.path.exists(mime) else
                 'types { text/html html; text/css css; '
                 'application/javascript js; image/png png; '
                 'image/svg+xml svg; }')
        (d / 'nginx.conf').write_text(f"""\
# Written by tests/http/harness.py around the shipped server block.
{user}
worker_processes 1;
daemon off;
pid {d}/nginx.pid;
error_log {self.scratch}/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
	{types}
	default_type application/octet-stream;
	access_log {d}/access.log;
	client_body_temp_path {d}/body;
	fastcgi_temp_path {d}/fastcgi;
	proxy_temp_path {d}/proxy;
	uwsgi_temp_path {d}/uwsgi;
	scgi_temp_path {d}/scgi;
	include {d}/portal.conf;
}}
""")
        return ['nginx', '-p', f'{d}/', '-e', f'{self.scratch}/nginx-error.log',
                '-c', str(d / 'nginx.conf')]

    def _apache_conf(self, values):
        d = self.scratch / 'apache'
        d.mkdir()
        os.chmod(d, 0o755)
        conf = self.render('apache', **values)
        if self.sso is True:
            conf = self._sso_apache(conf)
        (d / 'portal.conf').write_text(conf)
        builtin = subprocess.run(['apache2', '-l'], capture_output=True,
                                 text=True).stdout
        load = []
        mods = APACHE_LOAD + (APACHE_SSO_LOAD if self.sso is True else ())
        for m in mods:
            if f'mod_{m}.c' in builtin:
                continue
            so = f'{APACHE_MODULES}/mod_{m}.so'
            if not os.path.exists(so):
                raise HarnessError(f'Apache module missing: {so}')
            load.append(f'LoadModule {m}_module {so}')
        user = (f'User {WEB_USER}\nGroup {WEB_USER}' if self.is_root else '')
        (d / 'httpd.conf').write_text(f"""\
# Written by tests/http/harness.py around the shipped virtual host.
ServerRoot {d}
ServerName 127.0.0.1
{chr(10).join(load)}
{user}
PidFile {d}/httpd.pid
ErrorLog {self.scratch}/apache-error.log
LogLevel warn
DefaultRuntimeDir {d}
Mutex file:{d}
TypesConfig /etc/mime.types
ServerTokens Prod
Listen 127.0.0.1:{self.port}
LogFormat "%h %l %u %t \\"%r\\" %>s %b" common
CustomLog {d}/access.log common
StartServers 1
ServerLimit 2
ThreadsPerChild 16
MaxRequestWorkers 32
MinSpareThreads 4
MaxSpareThreads 32
<Directory />
	AllowOverride None
	Require all denied
</Directory>
Include {d}/portal.conf
""")
        return ['apache2', '-f', str(d / 'httpd.conf'), '-DFOREGROUND']

    def _sso_nginx(self, conf):
        """The shipped server block with its commented /provider/sso
        example in force, asking the stand-in on sso_port."""
        block = f"""
	location = /provider/sso {{
		auth_request /_sso_check;
		auth_request_set $sso_user $upstream_http_x_remote_user;
		fastcgi_pass unix:{self.rundir}/provider.sock;
	}}
	location = /_sso_check {{
		internal;
		proxy_pass http://127.0.0.1:{self.sso_port}/check;
		proxy_pass_request_body off;
		proxy_set_header Content-Length "";
		proxy_set_header X-Original-URI $request_uri;
	}}
"""
        anchor = '\t# Static files:'
        assert anchor in conf
        return conf.replace(anchor, block + anchor, 1)

    def _sso_apache(self, conf):
        """The shipped virtual host with Basic authentication on
        /provider/sso (the test writes sso_htpasswd)."""
        block = f"""
	<Location "/provider/sso">
		AuthType Basic
		AuthName "Children's ID (test)"
		AuthBasicProvider file
		AuthUserFile "{self.sso_htpasswd}"
		Require valid-user
	</Location>
"""
        anchor = '</VirtualHost>'
        assert anchor in conf
        return conf.replace(anchor, block + anchor, 1)

    # -- the database, as a test looks at it -------------------------

    def query(self, sql, *args):
        """Runs one statement on the instance's database with ? parameters
        (int, float, str, bytes, None) and returns its rows as tuples of
        Python values (integers as int): see db_rows. SQL written for
        both engines, as the store's statements are."""
        return db_rows(self.database, sql, args)

    def value(self, sql, *args):
        """The first column of query()'s first row (None if no row)."""
        rows = self.query(sql, *args)
        return rows[0][0] if rows else None

    def execute(self, sql, *args):
        """Runs statements that return nothing, committed: see db_run."""
        db_run(self.database, sql, args)

    def new_database(self, name):
        """A database for a test's own portal.conf, not yet initialised:
        the path scratch/NAME/portal.db (its directory made), or, on
        PostgreSQL, the URL of a new empty database on the run's cluster
        (dropped by remove())."""
        if not self.server_db:
            d = self.scratch / name
            d.mkdir(exist_ok=True)
            return d / 'portal.db'
        pg_name = f't_{self.scratch.name.replace("-", "_")}_{name}'
        PG.createdb(pg_name)
        self._pg_more.append(pg_name)
        return PG.url(pg_name)

    def copy_database(self, name):
        """A consistent copy of the live database (new_database(name)
        filled: SQLite's backup, or pg_dump into the new database)."""
        dst = self.new_database(name)
        if not self.server_db:
            src = sqlite3.connect(f'file:{self.database}?mode=ro', uri=True)
            out = sqlite3.connect(dst)
            src.backup(out)
            src.close()
            out.close()
            return dst
        dump = subprocess.run([str(Path(PSQL).parent / 'pg_dump'), '-d',
                               self.database], capture_output=True,
                              env=psql_env(), timeout=120)
        if dump.returncode != 0:
            raise HarnessError(f'pg_dump: {dump.stderr.decode().strip()}')
        r = subprocess.run(psql_command(dst, '-f', '-'), input=dump.stdout,
                           capture_output=True, env=psql_env(), timeout=120)
        if r.returncode != 0:
            raise HarnessError(f'psql: {r.stderr.decode().strip()}')
        return dst

    # -- use ----------------------------------------------------------

    def url(self, path='/'):
        return self.base_url + path

    def log_text(self, name):
        p = self.scratch / f'{name}.log'
        return p.read_text(errors='replace') if p.exists() else ''

    def portalctl(self, *args, input=None, timeout=120):
        """Runs bin/portalctl with this instance's config (and clock):
        returns (exit code, stdout, stderr)."""
        out = subprocess.run([str(self.bindir / 'portalctl'), *args],
                             env=self.env(), input=input, capture_output=True,
                             text=True, timeout=timeout)
        self._note_printed(out.stdout)
        return out.returncode, out.stdout, out.stderr

    # -- secrets (issue 7) ---------------------------------------------

    def note_secret(self, value, kind, nocase=False):
        """Remembers a secret the suite was given, for secrets_in_logs()."""
        if value and len(value) >= 8:
            self.secrets.setdefault(value, (kind, nocase))

    def _note_printed(self, text):
        for t in _ACTIVATION_RE.findall(text):
            # Typed in any case, with or without the dashes.
            self.note_secret(t, 'activation token (portalctl)', True)
            self.note_secret(t.replace('-', ''),
                             'activation token (portalctl)', True)
        for pw in _PRINTED_PASSWORD_RE.findall(text):
            self.note_secret(pw, 'password (portalctl)')

    def _note_mailed(self):
        for p in sorted(self.maildir.glob('*.eml')):
            text = p.read_text(errors='replace')
            for code in _LINK_CODE_RE.findall(text):
                self.note_secret(code, 'code from an e-mail')
                self.note_secret(code.split('.', 1)[1],
                                 'code from an e-mail (its secret half)')

    def log_files(self):
        """Every log of the instance: the web server's access and error
        logs and its output, and portal-serve's (the programs' stderr)."""
        return sorted(p for p in self.scratch.rglob('*.log')
                      if p.is_file() and self.maildir not in p.parents)

    def secrets_in_logs(self):
        """Looks for every secret the suite was given (including those in
        the captured e-mails) in every log: a list of (log, kind of
        secret, its first 4 characters), empty if none is there."""
        self._note_mailed()
        found = []
        for p in self.log_files():
            text = p.read_text(errors='replace')
            low = text.lower()
            for value, (kind, nocase) in self.secrets.items():
                if (value.lower() in low) if nocase else (value in text):
                    found.append((str(p.relative_to(self.scratch)), kind,
                                  value[:4]))
        return found

    def mails(self):
        """Every captured e-mail, oldest first."""
        return [_parse_mail(p) for p in sorted(self.maildir.glob('*.eml'))]

    def deliver_mail(self):
        """Runs `portalctl mail`; returns the messages it delivered."""
        before = len(self.mails())
        rc, out, err = self.portalctl('mail')
        if rc != 0:
            raise HarnessError(f'portalctl mail failed ({rc}):\n{out}{err}')
        return self.mails()[before:]

    def serve_pid(self):
        p = self._procs.get('portal-serve')
        return p.pid if p is not None and p.poll() is None else None

    def worker_pids(self, program=None):
        """Pids of portal-serve's live workers (of one program if named)."""
        parent = self.serve_pid()
        if parent is None:
            return []
        pids = []
        for d in Path('/proc').iterdir():
            if not d.name.isdigit():
                continue
            try:
                st = (d / 'stat').read_text()
                ppid = int(st[st.rindex(')') + 2:].split()[1])
                argv0 = (d / 'cmdline').read_bytes().split(b'\0')[0]
            except (OSError, ValueError, IndexError):
                continue
            if ppid != parent:
                continue
            if program is None or Path(os.fsdecode(argv0)).name == program:
                pids.append(int(d.name))
        return sorted(pids)

    # A worker killed by one of these died of a bug, not of a test's kill.
    CRASH = re.compile(r'^portal-serve: (\S+): worker \d+ killed by signal '
                       r'(4|6|7|8|11) |ERROR: AddressSanitizer|'
                       r'runtime error:|ERROR: LeakSanitizer', re.M)

    START_DEATH = re.compile(r'^portal-serve: \S+: (dies at start|'
                             r'worker \d+ exited with status)', re.M)

    def start_failures(self):
        """If a worker exited (not killed) under portal-serve: the last
        lines of its log but request lines, which say why (a program that
        cannot start makes its requests time out, saying nothing)."""
        text = self.log_text('portal-serve')
        if not self.START_DEATH.search(text):
            return []
        return [ln for ln in text.splitlines()
                if ' level=' not in ln][-15:]

    def crash_reports(self):
        """Lines of the portal-serve log (which has the workers' standard
        error) that tell of a crashed worker or a sanitizer report."""
        text = self.log_text('portal-serve')
        return [m.group(0) for m in self.CRASH.finditer(text)]

    def set_conf(self, **keys):
        """Sets portal.conf settings (name=value) and restarts the
        workers on the same clock, so that they read them."""
        self.conf_extra.update({k: str(v) for k, v in keys.items()})
        self._write_conf()
        self._stop_proc('portal-serve', signal.SIGTERM, 15)
        self._start_serve()

    def restart_workers(self, faketime=None):
        """Restarts portal-serve and its workers, optionally on another
        clock (None: the real one); the web server keeps running."""
        self._stop_proc('portal-serve', signal.SIGTERM, 15)
        self._set_clock(faketime)
        self._start_serve()

    def move_clock(self, when):
        """Sets the programs' clock to when without restarting them
        after the first call: the workers read the offset from a file at
        every look at the clock (libfaketime's FAKETIME_TIMESTAMP_FILE,
        uncached). For a test that moves the clock many times; call
        restart_workers() after it to go back to the real clock."""
        clock = self.scratch / 'clock'
        self.clock_offset = _to_epoch(when) - time.time()
        tmp = self.scratch / 'clock.new'
        tmp.write_text(f'{self.clock_offset:+.0f}s\n')
        tmp.replace(clock)
        if self._faketime_env.get('FAKETIME_TIMESTAMP_FILE') == str(clock):
            return
        self._stop_proc('portal-serve', signal.SIGTERM, 15)
        self.faketime = when
        self._faketime_env = {
            'LD_PRELOAD': _faketime_lib(),
            'FAKETIME_TIMESTAMP_FILE': str(clock),
            'FAKETIME_NO_CACHE': '1',
            'FAKETIME_DONT_FAKE_MONOTONIC': '1',
        }
        self._start_serve()

    # -- stop ---------------------------------------------------------

    def _stop_proc(self, name, sig, wait):
        p = self._procs.pop(name, None)
        if p is None:
            return None
        if p.poll() is None:
            try:
                p.send_signal(sig)
                p.wait(wait)
            except subprocess.TimeoutExpired:
                pass
        if p.poll() is None:
            p.kill()
        p.wait()
        # Its session is its process group: anything still in it (after a
        # moment for exiting children to be reaped) was left behind.
        left = None
        deadline = time.time() + 3
        while True:
            try:
                os.killpg(p.pid, 0)
            except ProcessLookupError:
                break
            except PermissionError:
                left = f'{name}: cannot signal its process group'
                break
            if time.time() > deadline:
                left = f'{name}: processes left in its group; killed'
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except OSError:
                    pass
                break
            time.sleep(0.02)
        return left

    def _kill_all(self):
        for name in list(self._procs):
            self._stop_proc(name, signal.SIGKILL, 5)
        if self._webtmp is not None:
            shutil.rmtree(self._webtmp, ignore_errors=True)

    def stop(self):
        """Stops the web server and the programs; raises HarnessError if
        anything was left behind (a process or a socket)."""
        if self.stopped:
            return
        self.stopped = True
        problems = []
        # nginx: TERM is a fast shutdown; Apache: TERM stops at once.
        for name, sig in ((self.server, signal.SIGTERM),
                          ('portal-serve', signal.SIGTERM),
                          ('payments', signal.SIGTERM)):
            left = self._stop_proc(name, sig, 15)
            if left:
                problems.append(left)
        socks = list(self.rundir.glob('*.sock')) if self.rundir.exists() else []
        if socks:
            problems.append(f'sockets left: {[s.name for s in socks]}')
        if self._webtmp is not None:
            shutil.rmtree(self._webtmp, ignore_errors=True)
        if problems:
            raise HarnessError('; '.join(problems))

    def remove(self):
        """Removes the scratch directory (after stop()), and the
        PostgreSQL database made for the instance."""
        shutil.rmtree(self.scratch, ignore_errors=True)
        if PG is not None:
            for name in [self.pg_name, *self._pg_more]:
                if name is not None:
                    PG.psql(f'DROP DATABASE IF EXISTS {name} WITH (FORCE)')
            self.pg_name = None
            self._pg_more = []

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        try:
            self.stop()
        except HarnessError:
            if exc_type is None:
                raise		# else the test's own error says more
        return False


# -- the client -------------------------------------------------------

class Headers:
    """Response headers: case-insensitive, several values per name."""

    def __init__(self, items):
        self._items = list(items)

    def getall(self, name):
        n = name.lower()
        return [v for k, v in self._items if k.lower() == n]

    def get(self, name, default=None):
        v = self.getall(name)
        return v[0] if v else default

    def __getitem__(self, name):
        v = self.getall(name)
        if not v:
            raise KeyError(name)
        return v[0]

    def __contains__(self, name):
        return bool(self.getall(name))

    def items(self):
        return list(self._items)

    def __repr__(self):
        return f'Headers({self._items!r})'


@dataclass
class Response:
    status: int
    reason: str
    headers: Headers
    body: bytes
    method: str = 'GET'
    path: str = '/'
    history: list = field(default_factory=list)

    @property
    def text(self):
        return self.body.decode('utf-8', errors='replace')

    @property
    def location(self):
        return self.headers.get('Location')

    def form_fields(self, form_id=None):
        return form_fields(self.text, form_id)

    def __repr__(self):
        return f'<Response {self.status} {self.method} {self.path}>'


@dataclass
class Cookie:
    """A cookie as the jar keeps it, with the attributes it was set with."""
    name: str
    value: str
    path: str = '/'
    domain: str = None		# None: host-only
    secure: bool = False
    httponly: bool = False
    samesite: str = None
    expires: float = None	# epoch, None: a session cookie
    max_age: int = None
    raw: str = ''


def _default_path(path):
    p = urllib.parse.urlsplit(path).path or '/'
    if not p.startswith('/') or p.count('/') == 1:
        return '/'
    return p[:p.rindex('/')]


def _path_match(req, cookie_path):
    if req == cookie_path:
        return True
    if req.startswith(cookie_path):
        return cookie_path.endswith('/') or req[len(cookie_path)] == '/'
    return False


class Client:
    """A small browser for one instance: HTTP/1.1 (a new connection per
    request), a cookie jar, optional redirect following.

    The jar honours Path, Domain, Max-Age/Expires and the __Host- and
    __Secure- prefix rules as a browser does (a cookie breaking them is
    dropped and noted in .rejected), records Secure/HttpOnly/SameSite on
    each Cookie for tests to assert, and, unlike a browser, still sends
    Secure cookies over the plain-http test connection. POSTs carry an
    Origin header as browsers' form posts do (pass Origin=None to omit).
    source: the local address to connect from (another loopback address
    such as '127.0.0.2' is another client address for the portal: its
    REMOTE_ADDR); None, the system's choice (127.0.0.1).
    """

    def __init__(self, instance, timeout=30, source=None):
        self.instance = instance
        self.host = '127.0.0.1'
        self.port = instance.port
        self.timeout = timeout
        self.source = (source, 0) if source is not None else None
        self.jar = {}		# (name, path) -> Cookie
        self.rejected = []	# (raw Set-Cookie, why)

    # cookies

    def _now(self):
        return self.instance.now()

    def _expire(self):
        now = self._now()
        for k in [k for k, c in self.jar.items()
                  if c.expires is not None and c.expires <= now]:
            del self.jar[k]

    @property
    def cookies(self):
        """name -> Cookie (the longest path wins when a name repeats)."""
        self._expire()
        out = {}
        for c in sorted(self.jar.values(), key=lambda c: len(c.path)):
            out[c.name] = c
        return out

    def cookie(self, name):
        return self.cookies.get(name)

    def set_cookie(self, name, value, path='/'):
        self.jar[(name, path)] = Cookie(name, value, path=path)

    def clear_cookies(self):
        self.jar.clear()

    def _store(self, raw, req_path):
        parts = raw.split(';')
        if '=' not in parts[0]:
            self.rejected.append((raw, 'no name=value'))
            return
        name, value = (s.strip() for s in parts[0].split('=', 1))
        if not name:
            self.rejected.append((raw, 'empty name'))
            return
        c = Cookie(name, value, path=None, raw=raw)
        for a in parts[1:]:
            k, _, v = a.partition('=')
            k, v = k.strip().lower(), v.strip()
            if k == 'path':
                c.path = v if v.startswith('/') else None
            elif k == 'domain':
                c.domain = v.lstrip('.').lower() or None
            elif k == 'secure':
                c.secure = True
            elif k == 'httponly':
                c.httponly = True
            elif k == 'samesite':
                c.samesite = v
            elif k == 'max-age':
                try:
                    c.max_age = int(v)
                except ValueError:
                    pass
            elif k == 'expires':
                t = http.cookiejar.http2time(v)
                if t is not None and c.max_age is None:
                    c.expires = float(t)
        if c.max_age is not None:
            c.expires = self._now() + c.max_age
        if c.path is None:
            c.path = _default_path(req_path)
        if c.domain is not None and c.domain != self.host:
            self.rejected.append((raw, f'domain {c.domain} is not {self.host}'))
            return
        if name.startswith('__Secure-') and not c.secure:
            self.rejected.append((raw, '__Secure- without Secure'))
            return
        if name.startswith('__Host-') and (not c.secure or c.path != '/'
                                            or c.domain is not None):
            self.rejected.append((raw, '__Host- needs Secure, Path=/, '
                                  'no Domain'))
            return
        self.jar.pop((name, c.path), None)
        if c.expires is not None and c.expires <= self._now():
            return		# a deletion
        self.jar[(name, c.path)] = c

    def _cookie_header(self, path):
        self._expire()
        p = urllib.parse.urlsplit(path).path or '/'
        sel = [c for c in self.jar.values() if _path_match(p, c.path)]
        sel.sort(key=lambda c: -len(c.path))
        return '; '.join(f'{c.name}={c.value}' for c in sel)

    # requests

    def request(self, method, path, body=None, headers=None, follow=False):
        """Sends one request (and follows redirects if asked); returns a
        Response with .history holding the redirects passed through."""
        history = []
        for _ in range(10):
            r = self._one(method, path, body, headers)
            if not follow or r.status not in (301, 302, 303, 307, 308) \
                    or not r.location:
                r.history = history
                return r
            history.append(r)
            u = urllib.parse.urlsplit(r.location)
            if u.netloc and u.netloc != f'{self.host}:{self.port}':
                r.history = history[:-1]
                return r		# never leave the instance
            path = urllib.parse.urlunsplit(('', '', u.path or '/', u.query, ''))
            if r.status == 303 or (r.status in (301, 302) and method == 'POST'):
                method, body = 'GET', None
                headers = {k: v for k, v in (headers or {}).items()
                           if k.lower() not in ('content-type',)}
        raise HarnessError(f'too many redirects from {path}')

    def _one(self, method, path, body, headers):
        # As a browser does: the #fragment never leaves the client.
        path = path.partition('#')[0]
        h = {'User-Agent': 'portal-http-tests',
             'Accept': 'text/html,*/*;q=0.8'}
        if method == 'POST':
            h['Origin'] = f'http://{self.host}:{self.port}'
        ck = self._cookie_header(path)
        if ck:
            h['Cookie'] = ck
        for k, v in (headers or {}).items():
            for old in [o for o in h if o.lower() == k.lower()]:
                del h[old]
            if v is not None:
                h[k] = v
        conn = http.client.HTTPConnection(self.host, self.port,
                                          timeout=self.timeout,
                                          source_address=self.source)
        try:
            conn.request(method, path, body=body, headers=h)
            resp = conn.getresponse()
            data = resp.read()
            hdrs = Headers(resp.getheaders())
        finally:
            conn.close()
        for sc in hdrs.getall('Set-Cookie'):
            self._store(sc, path)
            name, _, value = sc.split(';', 1)[0].partition('=')
            self.instance.note_secret(value.strip(), f'cookie {name.strip()}')
        for v in _CSRF_RE.findall(data.decode('utf-8', errors='replace')):
            self.instance.note_secret(v, 'CSRF value')
        return Response(resp.status, resp.reason, hdrs, data, method, path)

    def get(self, path, headers=None, follow=False):
        return self.request('GET', path, headers=headers, follow=follow)

    def post(self, path, fields=(), files=None, headers=None, follow=False):
        """fields: dict or list of (name, value); files: dict or list of
        (field, (filename, bytes, content_type)). Urlencoded without files,
        multipart/form-data with them."""
        items = list(fields.items() if isinstance(fields, dict) else fields)
        h = dict(headers or {})
        if files:
            body, ctype = encode_multipart(items, files)
        else:
            body = urllib.parse.urlencode(items).encode()
            ctype = 'application/x-www-form-urlencoded'
        if not any(k.lower() == 'content-type' for k in h):
            h['Content-Type'] = ctype
        return self.request('POST', path, body=body, headers=h, follow=follow)

    def raw(self, data, timeout=10, until_close=False, half_close=False):
        """Sends bytes as they are and returns the raw answer: once one
        whole response has arrived (by its Content-Length or chunked
        framing), or, with until_close, everything until the server
        closes; in any case no later than the timeout. half_close shuts
        the sending side after the data (nginx then takes the request as
        abandoned by the client and answers nothing from a program)."""
        head_only = data.split(b' ', 1)[0] == b'HEAD'
        buf = b''
        with socket.create_connection((self.host, self.port),
                                      timeout=timeout,
                                      source_address=self.source) as s:
            try:
                s.sendall(data)
                if half_close:
                    s.shutdown(socket.SHUT_WR)
            except OSError:
                pass		# the server may close on bad input at once
            deadline = time.time() + timeout
            while time.time() < deadline:
                try:
                    b = s.recv(65536)
                except (socket.timeout, ConnectionResetError):
                    break
                if not b:
                    break
                buf += b
                if not until_close and _response_complete(buf, head_only):
                    break
        return buf


def _response_complete(buf, head_only=False):
    """True if buf holds one whole HTTP response (after any 1xx)."""
    while True:
        end = buf.find(b'\r\n\r\n')
        if end < 0:
            return False
        head, body = buf[:end], buf[end + 4:]
        status = raw_status(head)
        if status is None:
            return False
        if 100 <= status < 200:
            buf = body
            continue
        break
    hdrs = {}
    for line in head.split(b'\r\n')[1:]:
        k, _, v = line.partition(b':')
        hdrs[k.strip().lower()] = v.strip()
    if head_only or status in (204, 304):
        return True
    if b'chunked' in hdrs.get(b'transfer-encoding', b'').lower():
        pos = 0
        while True:
            eol = body.find(b'\r\n', pos)
            if eol < 0:
                return False
            try:
                size = int(body[pos:eol].split(b';')[0], 16)
            except ValueError:
                return True		# malformed: nothing more to wait for
            if size == 0:
                return body.find(b'\r\n\r\n', eol) >= 0 or \
                    body.endswith(b'\r\n\r\n')
            pos = eol + 2 + size + 2
            if pos > len(body):
                return False
    if b'content-length' in hdrs:
        try:
            return len(body) >= int(hdrs[b'content-length'])
        except ValueError:
            return True
    return False		# delimited by close


def raw_status(data):
    """The status code of a raw response, or None."""
    line = data.split(b'\r\n', 1)[0].split()
    if len(line) >= 2 and line[0].startswith(b'HTTP/') and line[1].isdigit():
        return int(line[1])
    return None


def encode_multipart(fields, files):
    boundary = '----portaltest' + secrets.token_hex(12)
    out = []
    for name, value in fields:
        out.append(f'--{boundary}\r\nContent-Disposition: form-data; '
                   f'name="{name}"\r\n\r\n'.encode())
        out.append(value if isinstance(value, bytes) else str(value).encode())
        out.append(b'\r\n')
    for name, spec in (files.items() if isinstance(files, dict) else files):
        filename, data, ctype = (tuple(spec) + ('application/octet-stream',))[:3]
        out.append(f'--{boundary}\r\nContent-Disposition: form-data; '
                   f'name="{name}"; filename="{filename}"\r\n'
                   f'Content-Type: {ctype}\r\n\r\n'.encode())
        out.append(data if isinstance(data, bytes) else str(data).encode())
        out.append(b'\r\n')
    out.append(f'--{boundary}--\r\n'.encode())
    return b''.join(out), f'multipart/form-data; boundary={boundary}'


# -- forms --------------------------------------------------------------

class _FormParser(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []		# dicts: id, action, method, hidden, fields
        self._cur = None
        self._textarea = None
        self._textarea_start = False
        self._select = None
        self._picked = None	# None, 'first' or 'selected'

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else '') for k, v in attrs}
        if tag == 'form':
            self._cur = {'id': a.get('id'), 'action': a.get('action'),
                         'method': a.get('method', 'get').lower(),
                         'hidden': {}, 'fields': {}}
            self.forms.append(self._cur)
            return
        if tag == 'option' and self._cur is not None and self._select:
            # The selected option, else the first.
            if 'selected' in a:
                self._cur['fields'][self._select] = a.get('value', '')
                self._picked = 'selected'
            elif self._picked is None:
                self._cur['fields'][self._select] = a.get('value', '')
                self._picked = 'first'
            return
        if self._cur is None or 'name' not in a:
            return
        if tag == 'input':
            t = a.get('type', 'text').lower()
            if t == 'hidden':
                self._cur['hidden'][a['name']] = a.get('value', '')
            if t in ('checkbox', 'radio'):
                if 'checked' in a:
                    self._cur['fields'][a['name']] = a.get('value', 'on')
                return
            if t not in ('submit', 'button', 'image', 'reset', 'file'):
                self._cur['fields'][a['name']] = a.get('value', '')
        elif tag == 'textarea':
            self._textarea = a['name']
            self._textarea_start = True
            self._cur['fields'][a['name']] = ''
        elif tag == 'select':
            self._select = a['name']
            self._picked = None
            self._cur['fields'][a['name']] = ''

    def handle_data(self, data):
        if self._cur is not None and self._textarea:
            # As a browser reads it: one line break right after
            # <textarea> is not part of the value.
            if self._textarea_start and data.startswith('\n'):
                data = data[1:]
            self._textarea_start = False
            self._cur['fields'][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == 'form':
            self._cur = None
        elif tag == 'textarea':
            self._textarea = None
        elif tag == 'select':
            self._select = None


def forms(html_text):
    """Every form of a page: dicts with id, action, method, hidden (the
    hidden inputs) and fields (every named control's current value)."""
    p = _FormParser()
    p.feed(html_text)
    p.close()
    return p.forms


def form_fields(html_text, form_id=None):
    """The hidden inputs (name -> value) of the form with that id, or of
    the first form; raises LookupError if there is no such form."""
    fs = forms(html_text)
    for f in fs:
        if form_id is None or f['id'] == form_id:
            return dict(f['hidden'])
    raise LookupError(f'no form{" " + form_id if form_id else ""} in page')
