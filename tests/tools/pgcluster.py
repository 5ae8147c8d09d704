#!/usr/bin/python3
"""A throwaway PostgreSQL 15 cluster for the tests, make demo and make bench.

    python3 tests/tools/pgcluster.py start DIR [--fresh]   (prints the base URL)
    python3 tests/tools/pgcluster.py stop DIR [--immediate]
    python3 tests/tools/pgcluster.py url DIR DB [USER]
    python3 tests/tools/pgcluster.py standby PRIMARY_DIR DIR [--async]
    python3 tests/tools/pgcluster.py promote DIR
    python3 tests/tools/pgcluster.py destroy DIR

A cluster lives in one directory DIR: its data directory (DIR/data), its
unix socket, its log (DIR/postgresql.log) and what this module remembers
about it (DIR/pgcluster.json: port, socket directory, superuser). It
listens on a unix socket only (listen_addresses = ''), and trusts every
local connection (initdb --auth-local=trust): a test cluster, never a
hospital's. Its port is picked free, so several clusters run side by side;
with no TCP listener the port only names the socket. Durability is that of
production (fsync, synchronous_commit, full_page_writes on) so the tests
measure and crash what a hospital would run; wal_level = replica so a
streaming standby can follow.

Run as root, the cluster directory belongs to the `postgres` user and the
server's commands (initdb, pg_ctl, pg_basebackup) run as that user through
runuser: PostgreSQL refuses to run as root. Every directory above DIR must
then be traversable by postgres; if not, the error says which one and what
to do. Run as any other user, everything runs as that user.

As a module:

    from pgcluster import Cluster
    with Cluster('var/test/pg').init() as pg:     # stopped on leaving
        pg.start()
        pg.create_role('portal_owner')
        pg.createdb('portal', owner='portal_owner')
        url = pg.url('portal', user='portal_owner')
        standby = Cluster.standby_of(pg, 'var/test/pg2')
        pg.kill()                  # SIGKILL, as a power cut
        standby.promote()

A cluster started by this process is stopped when the process exits
(atexit), unless it was made with Cluster(dir, stop_at_exit=False), as the
CLI does. Cluster.init() removes a stale cluster from a killed run
(its processes are killed first).

The URL form, accepted by libpq (and by psql):

    postgresql:///DB?host=SOCKET_DIR&port=PORT&user=USER

with SOCKET_DIR percent-encoded where needed, and USER the cluster's
superuser (postgres when run as root, else the caller's login name) unless
another is asked for.
"""

import argparse
import atexit
import hashlib
import json
import os
import pwd
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

PG_BIN = Path('/usr/lib/postgresql/15/bin')
SERVER_USER = 'postgres'	# who runs the server when we are root
START_TIMEOUT = 60		# seconds for start, stop, promote
SOCKET_PATH_MAX = 107		# sun_path is 108 bytes, with its NUL
STATE = 'pgcluster.json'
LOG = 'postgresql.log'

# The settings every cluster gets (DIR/data/pgcluster.conf, included by
# postgresql.conf); Cluster(dir, settings={...}) adds or overrides.
SETTINGS = {
    'listen_addresses': '',
    'fsync': 'on',
    'synchronous_commit': 'on',
    'full_page_writes': 'on',
    'wal_level': 'replica',
    'max_wal_senders': '8',
    'max_replication_slots': '8',
    'hot_standby': 'on',
    'shared_buffers': '32MB',
    'max_connections': '200',	# two web nodes of workers, and the tools
    'log_line_prefix': '%m [%p] %q%u@%d ',
    'log_checkpoints': 'on',
    # A failed statement is logged without its text: it could be a
    # CREATE ROLE ... PASSWORD (parameters are never logged anyway).
    'log_min_error_statement': 'panic',
}


class ClusterError(Exception):
    pass


def _pg_tool(name):
    """The path of a PostgreSQL 15 program: its bin directory first (the
    Debian wrappers in /usr/bin pick a version by themselves)."""
    p = PG_BIN / name
    if os.access(p, os.X_OK):
        return str(p)
    found = shutil.which(name)
    if found is None:
        raise ClusterError(f'{name} not found in {PG_BIN} nor on PATH: '
                           'install postgresql-15 (sh mk/deps check)')
    return found


def _env():
    """Our environment without PG* variables: a PGHOST or PGUSER of the
    caller's must not send a tool to another server."""
    env = {k: v for k, v in os.environ.items() if not k.startswith('PG')}
    env.setdefault('LC_ALL', 'C.UTF-8')
    return env


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def _conf_value(v):
    return "'" + str(v).replace("'", "''") + "'"


def _ident(name):
    return '"' + name.replace('"', '""') + '"'


def _literal(s):
    return "'" + s.replace("'", "''") + "'"


def _pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _procs_in(datadir):
    """The pids of the processes whose working directory is datadir: every
    PostgreSQL process chdirs to its data directory, so this finds a
    cluster's backends even after its postmaster was killed."""
    want = os.path.realpath(datadir)
    pids = []
    for d in os.listdir('/proc'):
        if not d.isdigit():
            continue
        try:
            if os.readlink(f'/proc/{d}/cwd') == want:
                pids.append(int(d))
        except OSError:
            continue
    return pids


def _untraversable(path, uid, gid):
    """The first directory above or at path that user uid (group gid)
    cannot traverse, or None."""
    p = Path(path).resolve()
    for d in reversed([p, *p.parents]):
        if not d.exists():
            break
        st = os.stat(d)
        if st.st_uid == uid:
            ok = st.st_mode & stat.S_IXUSR
        elif st.st_gid == gid:
            ok = st.st_mode & stat.S_IXGRP
        else:
            ok = st.st_mode & stat.S_IXOTH
        if not ok:
            return d
    return None


class Cluster:
    """One PostgreSQL cluster in directory dir (see the module's text)."""

    def __init__(self, dir, settings=None, stop_at_exit=True):
        self.dir = Path(dir).resolve()
        self.datadir = self.dir / 'data'
        self.log = self.dir / LOG
        self.settings = dict(SETTINGS, **(settings or {}))
        self.stop_at_exit = stop_at_exit
        self.is_root = os.geteuid() == 0
        if self.is_root:
            try:
                pw = pwd.getpwnam(SERVER_USER)
            except KeyError:
                raise ClusterError(f'no user {SERVER_USER!r}: install '
                                   'postgresql-15, which makes it') from None
            self.uid, self.gid = pw.pw_uid, pw.pw_gid
        else:
            self.uid, self.gid = os.getuid(), os.getgid()
        self.port = None
        self.sockdir = None
        self.superuser = None
        self._atexit = False
        self._load()

    # -- state --------------------------------------------------------

    def _load(self):
        try:
            st = json.loads((self.dir / STATE).read_text())
        except (OSError, ValueError):
            return
        self.port = st['port']
        self.sockdir = Path(st['sockdir'])
        self.superuser = st['superuser']

    def _save(self):
        tmp = self.dir / (STATE + '.tmp')
        tmp.write_text(json.dumps({'port': self.port,
                                   'sockdir': str(self.sockdir),
                                   'superuser': self.superuser}) + '\n')
        os.replace(tmp, self.dir / STATE)

    def exists(self):
        return (self.datadir / 'PG_VERSION').is_file() and self.port is not None

    # -- commands -----------------------------------------------------

    def _as_server(self, argv):
        if self.is_root:
            return ['runuser', '-u', SERVER_USER, '--', *argv]
        return argv

    def _run(self, argv, server=True, input=None, timeout=START_TIMEOUT,
             check=True):
        """Runs a command (as the server's user if server); returns its
        CompletedProcess; a failure raises ClusterError with its output."""
        if server:
            argv = self._as_server(argv)
        try:
            r = subprocess.run(argv, input=input, capture_output=True,
                               text=True, env=_env(), cwd='/',
                               timeout=timeout)
        except subprocess.TimeoutExpired:
            raise ClusterError(f'{argv[0]}: no answer in {timeout} s'
                               + self._log_tail()) from None
        if check and r.returncode != 0:
            raise ClusterError(f'{" ".join(argv)}: exit {r.returncode}\n'
                               f'{r.stderr.strip()}{self._log_tail()}')
        return r

    def _log_tail(self, n=20):
        try:
            lines = self.log.read_text(errors='replace').splitlines()[-n:]
        except OSError:
            return ''
        return f'\n-- last lines of {self.log}:\n' + '\n'.join(lines)

    def _chown(self, path):
        if self.is_root:
            os.chown(path, self.uid, self.gid)

    def _check_reachable(self, path):
        if not self.is_root:
            return
        d = _untraversable(path, self.uid, self.gid)
        if d is not None:
            raise ClusterError(
                f'{SERVER_USER} cannot reach {path}: {d} is not traversable '
                f'by {SERVER_USER} (mode {stat.S_IMODE(os.stat(d).st_mode):o}). '
                f'PostgreSQL cannot run as root, so its cluster must be '
                f'where {SERVER_USER} can go: chmod o+x {d}, or put the '
                f'cluster under a reachable directory (e.g. /tmp or /var/tmp)')

    # -- life ---------------------------------------------------------

    def pid(self):
        """The postmaster's pid if it runs, else None."""
        try:
            first = (self.datadir / 'postmaster.pid').read_text().split('\n')[0]
            pid = int(first)
        except (OSError, ValueError):
            return None
        return pid if _pid_alive(pid) and pid in _procs_in(self.datadir) \
            else None

    def running(self):
        return self.pid() is not None

    def _wipe(self):
        """Kills whatever still runs in a previous cluster at dir and
        removes it. Refuses a directory that is not a cluster's."""
        if not self.dir.exists():
            return
        if any(self.dir.iterdir()) and not (
                (self.dir / STATE).exists() or
                (self.datadir / 'PG_VERSION').exists()):
            raise ClusterError(f'{self.dir} exists and is not a cluster '
                               'of pgcluster.py: not removing it')
        if self.datadir.exists():
            self.kill()
        if self.sockdir is not None and self.sockdir.parent == Path(
                tempfile.gettempdir()) and self.sockdir.name.startswith('pgc-'):
            shutil.rmtree(self.sockdir, ignore_errors=True)
        shutil.rmtree(self.dir)
        self.port = self.sockdir = self.superuser = None

    def _pick_sockdir(self):
        """dir itself, unless the socket's path would be too long for a
        unix socket: then a short directory under /tmp named after dir."""
        name = f'/.s.PGSQL.{self.port}'
        if len(str(self.dir) + name) <= SOCKET_PATH_MAX:
            return self.dir
        h = hashlib.sha1(str(self.dir).encode()).hexdigest()[:12]
        d = Path(tempfile.gettempdir()) / f'pgc-{h}'
        d.mkdir(mode=0o755, exist_ok=True)
        os.chmod(d, 0o755)
        self._chown(d)
        return d

    def _prepare_dir(self):
        self._check_reachable(self.dir)
        self._wipe()
        self.dir.mkdir(parents=True, mode=0o755)
        os.chmod(self.dir, 0o755)	# others reach the socket (www-data)
        self._chown(self.dir)
        self._check_reachable(self.dir)
        self.port = _free_port()
        self.sockdir = self._pick_sockdir()

    def _write_conf(self):
        """DIR/data/pgcluster.conf: this cluster's own settings, included
        by postgresql.conf (a standby copies the primary's, then gets its
        own here)."""
        s = dict(self.settings, port=self.port,
                 unix_socket_directories=str(self.sockdir),
                 cluster_name=self.dir.name)
        text = ''.join(f'{k} = {_conf_value(v)}\n' for k, v in s.items())
        conf = self.datadir / 'pgcluster.conf'
        conf.write_text('# Written by tests/tools/pgcluster.py.\n' + text)
        os.chmod(conf, 0o600)
        self._chown(conf)
        main = self.datadir / 'postgresql.conf'
        if "include = 'pgcluster.conf'" not in main.read_text():
            with main.open('a') as f:
                f.write("\ninclude = 'pgcluster.conf'\n")

    def init(self):
        """A new, stopped cluster at dir (a previous one is removed).
        Returns self."""
        self._prepare_dir()
        self.superuser = SERVER_USER if self.is_root \
            else pwd.getpwuid(os.getuid()).pw_name
        self._run([_pg_tool('initdb'), '-D', str(self.datadir),
                   '--auth-local=trust', '--auth-host=reject',
                   '--encoding=UTF8', '--locale=C.UTF-8',
                   '--username', self.superuser, '--no-instructions'])
        self._write_conf()
        self._save()
        return self

    def start(self):
        """Starts the server and waits until it accepts connections (a
        standby: read-only ones). Returns self."""
        if not self.exists():
            raise ClusterError(f'{self.dir}: no cluster (init() first)')
        if self.running():
            return self
        # Backends left by a postmaster killed alone would keep its
        # shared memory and stop a new start; the lock files of a killed
        # postmaster stop it too while the dead one is not yet reaped
        # (a zombie passes the server's kill(pid, 0) test).
        self.kill()
        for stale in (self.datadir / 'postmaster.pid',
                      self.sockdir / f'.s.PGSQL.{self.port}.lock'):
            stale.unlink(missing_ok=True)
        if not self.log.exists():
            self.log.touch(mode=0o640)
            self._chown(self.log)
        self._check_reachable(self.dir)
        if self.stop_at_exit and not self._atexit:
            atexit.register(self._stop_at_exit)
            self._atexit = True
        self._run([_pg_tool('pg_ctl'), 'start', '-D', str(self.datadir),
                   '-l', str(self.log), '-w', '-t', str(START_TIMEOUT)],
                  timeout=START_TIMEOUT + 10)
        self._wait_ready()
        return self

    def _wait_ready(self, timeout=START_TIMEOUT):
        deadline = time.monotonic() + timeout
        while True:
            r = self._run([_pg_tool('pg_isready'), '-q', '-h',
                           str(self.sockdir), '-p', str(self.port),
                           '-U', self.superuser, '-d', 'postgres'],
                          server=False, check=False)
            if r.returncode == 0:
                return
            if time.monotonic() > deadline:
                raise ClusterError(f'{self.dir}: not ready after {timeout} s'
                                   + self._log_tail())
            time.sleep(0.05)

    def stop(self, mode='fast'):
        """Stops the server if it runs: 'fast' (clients disconnected,
        a clean shutdown checkpoint) or 'immediate' (no checkpoint: crash
        recovery at the next start)."""
        if mode not in ('fast', 'immediate', 'smart'):
            raise ValueError(f'stop mode {mode!r}')
        if not self.running():
            return
        self._run([_pg_tool('pg_ctl'), 'stop', '-D', str(self.datadir),
                   '-m', mode, '-w', '-t', str(START_TIMEOUT)],
                  timeout=START_TIMEOUT + 10)

    def kill(self):
        """SIGKILL to the postmaster and every process of the cluster at
        once, as a power cut would: nothing is flushed or said to the
        clients or the standbys."""
        pids = _procs_in(self.datadir)
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + 10
        while _procs_in(self.datadir) and time.monotonic() < deadline:
            time.sleep(0.02)

    def destroy(self):
        """Stops the server (immediate) and removes the directory."""
        self.stop('immediate')
        self._wipe()

    def _stop_at_exit(self):
        try:
            if self.datadir.exists():
                self.stop('fast')
        except Exception as e:	# at exit: say it, do not mask the real end
            print(f'pgcluster: stopping {self.dir}: {e}', file=sys.stderr)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop('fast')

    # -- clients ------------------------------------------------------

    def url(self, dbname, user=None):
        """The libpq URI of database dbname through the unix socket, as
        user (default: the cluster's superuser, so that the URL works
        whoever runs the client: no role is named after root)."""
        q = {'host': str(self.sockdir), 'port': str(self.port),
             'user': user or self.superuser}
        return (f'postgresql:///{urllib.parse.quote(dbname, safe="")}?'
                + urllib.parse.urlencode(q, safe='/'))

    def psql(self, sql, db='postgres', user=None):
        """Runs sql (one or more statements, stopping at the first error)
        with psql; returns its output, unaligned, tuples only, '|' between
        columns, stripped. An error raises ClusterError."""
        r = self._run([_pg_tool('psql'), '-X', '-q', '-A', '-t',
                       '-v', 'ON_ERROR_STOP=1',
                       '-h', str(self.sockdir), '-p', str(self.port),
                       '-U', user or self.superuser, '-d', db, '-f', '-'],
                      server=False, input=sql)
        return r.stdout.strip()

    def create_role(self, name, login=True, superuser=False,
                    createdb=False, password=None, in_roles=()):
        """CREATE ROLE name (LOGIN unless login=False; a password only
        matters to a server reached over TCP: this one trusts its socket)."""
        opts = ['LOGIN' if login else 'NOLOGIN',
                'SUPERUSER' if superuser else 'NOSUPERUSER',
                'CREATEDB' if createdb else 'NOCREATEDB']
        if password is not None:
            opts.append('PASSWORD ' + _literal(password))
        if in_roles:
            opts.append('IN ROLE ' + ', '.join(_ident(r) for r in in_roles))
        self.psql(f'CREATE ROLE {_ident(name)} {" ".join(opts)};')

    def createdb(self, name, owner=None):
        owner_sql = f' OWNER {_ident(owner)}' if owner else ''
        self.psql(f'CREATE DATABASE {_ident(name)}{owner_sql} '
                  "TEMPLATE template0 ENCODING 'UTF8';")

    def dropdb(self, name):
        self.psql(f'DROP DATABASE IF EXISTS {_ident(name)} WITH (FORCE);')

    def in_recovery(self):
        return self.psql('SELECT pg_is_in_recovery();') == 't'

    # -- replication --------------------------------------------------

    @classmethod
    def standby_of(cls, primary, dir, synchronous=True, **kw):
        """A streaming standby of primary at dir (pg_basebackup -R over
        primary's socket), started, and streaming when this returns.
        synchronous: the primary then waits for the standby's flush before
        a commit returns (synchronous_standby_names), so nothing the
        primary acknowledged is lost when it dies and the standby is
        promoted; with synchronous=False it does not wait."""
        sb = cls(dir, **kw)
        sb._prepare_dir()
        sb.superuser = primary.superuser
        sb._run([_pg_tool('pg_basebackup'), '-D', str(sb.datadir), '-R',
                 '-X', 'stream', '-c', 'fast', '--no-password',
                 '-h', str(primary.sockdir), '-p', str(primary.port),
                 '-U', primary.superuser], timeout=600)
        os.chmod(sb.datadir, 0o700)
        sb._write_conf()
        sb._save()
        sb.start()
        name = sb.dir.name
        deadline = time.monotonic() + START_TIMEOUT
        while primary.psql(
                'SELECT count(*) FROM pg_stat_replication WHERE '
                f"application_name = {_literal(name)} AND state = 'streaming';"
        ) == '0':
            if time.monotonic() > deadline:
                raise ClusterError(f'{dir}: not streaming from '
                                   f'{primary.dir} after {START_TIMEOUT} s'
                                   + sb._log_tail())
            time.sleep(0.05)
        if synchronous:
            primary.psql('ALTER SYSTEM SET synchronous_standby_names = '
                         f'{_literal(_ident(name))};\n'
                         'SELECT pg_reload_conf();')
            while primary.psql(
                    'SELECT count(*) FROM pg_stat_replication WHERE '
                    f"application_name = {_literal(name)} AND "
                    "sync_state = 'sync';") == '0':
                if time.monotonic() > deadline:
                    raise ClusterError(f'{dir}: not a synchronous standby '
                                       f'after {START_TIMEOUT} s')
                time.sleep(0.05)
        return sb

    def forget_standbys(self):
        """Stops waiting for synchronous standbys (standby_of() made this
        cluster wait for one): while its standby is gone or promoted, every
        commit here would wait for ever."""
        self.psql('ALTER SYSTEM RESET synchronous_standby_names;\n'
                  'SELECT pg_reload_conf();')

    def promote(self):
        """Promotes this standby and waits until it accepts writes. A
        primary still running keeps waiting for it as a synchronous
        standby: its commits hang until its forget_standbys()."""
        self._run([_pg_tool('pg_ctl'), 'promote', '-D', str(self.datadir),
                   '-w', '-t', str(START_TIMEOUT)],
                  timeout=START_TIMEOUT + 10)
        deadline = time.monotonic() + START_TIMEOUT
        while self.in_recovery():
            if time.monotonic() > deadline:
                raise ClusterError(f'{self.dir}: still in recovery '
                                   f'{START_TIMEOUT} s after promote'
                                   + self._log_tail())
            time.sleep(0.05)


# -- command line ------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(
        description='A throwaway PostgreSQL 15 cluster (unix socket only).')
    sub = ap.add_subparsers(dest='cmd', required=True)
    p = sub.add_parser('start', help='start (make if absent); print the URL')
    p.add_argument('dir')
    p.add_argument('--fresh', action='store_true',
                   help='remove a cluster already at DIR first')
    p = sub.add_parser('stop', help='stop the cluster at DIR')
    p.add_argument('dir')
    p.add_argument('--immediate', action='store_true')
    p = sub.add_parser('url', help="print a database's URL")
    p.add_argument('dir')
    p.add_argument('db')
    p.add_argument('user', nargs='?')
    p = sub.add_parser('standby', help='make and start a standby of PRIMARY')
    p.add_argument('primary')
    p.add_argument('dir')
    p.add_argument('--async', dest='asynchronous', action='store_true',
                   help='the primary does not wait for this standby')
    p = sub.add_parser('promote', help='promote the standby at DIR')
    p.add_argument('dir')
    p = sub.add_parser('destroy', help='stop and remove the cluster at DIR')
    p.add_argument('dir')
    a = ap.parse_args(argv)

    try:
        c = Cluster(a.dir, stop_at_exit=False) if a.cmd != 'standby' else None
        if a.cmd == 'start':
            if a.fresh or not c.exists():
                c.init()
            c.start()
            print(c.url('postgres'))
        elif a.cmd == 'stop':
            c.stop('immediate' if a.immediate else 'fast')
        elif a.cmd == 'url':
            if not c.exists():
                raise ClusterError(f'{a.dir}: no cluster')
            print(c.url(a.db, a.user))
        elif a.cmd == 'standby':
            primary = Cluster(a.primary, stop_at_exit=False)
            if not primary.running():
                raise ClusterError(f'{a.primary}: not running')
            sb = Cluster.standby_of(primary, a.dir,
                                    synchronous=not a.asynchronous,
                                    stop_at_exit=False)
            print(sb.url('postgres'))
        elif a.cmd == 'promote':
            c.promote()
        elif a.cmd == 'destroy':
            c.destroy()
    except ClusterError as e:
        print(f'pgcluster: {e}', file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
