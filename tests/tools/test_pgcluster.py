#!/usr/bin/python3
"""A self-test of tests/tools/pgcluster.py, run by hand (not in make check):

    python3 tests/tools/test_pgcluster.py

Starts a cluster under var/test/, makes a role and a database, writes a row,
makes a synchronous standby and sees the row there, kills the primary,
promotes the standby and writes on it, then stops everything and removes
the directories. Each step is one test, in order; a failed step fails the
ones after it that need it. The last line is "pgcluster: N passed, N
failed"; the exit status is 1 if anything failed (the directory is then
kept and its path printed).
"""

import os
import shutil
import subprocess
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))

import pgcluster  # noqa: E402

BASE = ROOT / 'var' / 'test' / f'pgcluster-{os.getpid()}'
timings = {}
state = {}


def timed(name, f):
    t = time.monotonic()
    r = f()
    timings[name] = time.monotonic() - t
    return r


def test_start():
    p = pgcluster.Cluster(BASE / 'primary')
    timed('init', p.init)
    timed('start', p.start)
    assert p.running()
    assert p.psql('SELECT 1;') == '1'
    state['primary'] = p


def test_url_with_libpq():
    p = state['primary']
    url = p.url('postgres')
    assert url == (f'postgresql:///postgres?host={p.sockdir}'
                   f'&port={p.port}&user={p.superuser}'), url
    r = subprocess.run(['psql', '-X', '-A', '-t', '-c', 'SELECT 42;', url],
                       capture_output=True, text=True, env=pgcluster._env())
    assert r.returncode == 0 and r.stdout.strip() == '42', r.stderr


def test_role_and_database():
    p = state['primary']
    p.create_role('portal_owner')
    p.create_role('portal_web')
    p.createdb('portal', owner='portal_owner')
    p.psql('CREATE TABLE t (id BIGINT PRIMARY KEY, v TEXT NOT NULL);\n'
           'GRANT SELECT, INSERT ON t TO portal_web;',
           db='portal', user='portal_owner')
    p.psql("INSERT INTO t VALUES (1, 'before');", db='portal',
           user='portal_web')
    try:
        p.psql('DROP TABLE t;', db='portal', user='portal_web')
    except pgcluster.ClusterError as e:
        assert 'must be owner' in str(e), e
    else:
        raise AssertionError('the web role dropped a table it does not own')
    assert p.psql('SELECT v FROM t;', db='portal',
                  user='portal_web') == 'before'


def test_two_clusters_side_by_side():
    other = pgcluster.Cluster(BASE / 'other').init().start()
    try:
        assert other.port != state['primary'].port
        assert other.psql('SELECT 1;') == '1'
    finally:
        other.stop()


def test_standby_replicates():
    p = state['primary']
    s = timed('standby', lambda: pgcluster.Cluster.standby_of(
        p, BASE / 'standby'))
    state['standby'] = s
    assert s.in_recovery()
    assert p.psql("SELECT sync_state FROM pg_stat_replication;") == 'sync'
    p.psql("INSERT INTO t VALUES (2, 'replicated');", db='portal',
           user='portal_web')
    # Synchronous commit waits for the standby's flush, not its replay.
    deadline = time.monotonic() + 10
    while s.psql('SELECT count(*) FROM t;', db='portal') != '2':
        assert time.monotonic() < deadline, 'row 2 not on the standby'
        time.sleep(0.05)
    try:
        s.psql("INSERT INTO t VALUES (3, 'x');", db='portal')
    except pgcluster.ClusterError as e:
        assert 'read-only' in str(e), e
    else:
        raise AssertionError('a standby accepted a write')


def test_kill_and_promote():
    p, s = state['primary'], state['standby']
    p.kill()
    assert not p.running()
    assert not pgcluster._procs_in(p.datadir), 'processes left after kill'
    timed('promote', s.promote)
    assert not s.in_recovery()
    s.psql("INSERT INTO t VALUES (3, 'after');", db='portal',
           user='portal_web')
    assert s.psql('SELECT string_agg(v, \',\' ORDER BY id) FROM t;',
                  db='portal') == 'before,replicated,after'


def test_restart_after_kill():
    # Crash recovery of the killed primary (it is not a standby of anyone
    # now: only that it starts again on its own data).
    p = state['primary']
    p.start()
    assert p.psql('SELECT count(*) FROM t;', db='portal') == '2'
    # Its standby is promoted: without this, a write here waits for ever.
    p.forget_standbys()
    p.psql("INSERT INTO t VALUES (4, 'alone');", db='portal')


def test_stop_all():
    t = time.monotonic()
    state['standby'].stop()
    state['primary'].stop()
    timings['stop'] = (time.monotonic() - t) / 2
    assert not state['standby'].running() and not state['primary'].running()


def test_stale_dir_is_replaced():
    c = pgcluster.Cluster(BASE / 'stale').init().start()
    pid = c.pid()
    # As a killed test run leaves it: the server up, this object gone.
    again = pgcluster.Cluster(BASE / 'stale').init().start()
    assert again.pid() != pid
    assert pid not in pgcluster._procs_in(again.datadir)
    again.destroy()
    assert not (BASE / 'stale').exists()


def test_cli():
    py = [sys.executable, str(HERE / 'pgcluster.py')]
    d = str(BASE / 'cli')
    r = subprocess.run(py + ['start', d], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    url = r.stdout.strip()
    r = subprocess.run(py + ['url', d, 'postgres'], capture_output=True,
                       text=True)
    assert r.stdout.strip() == url
    r = subprocess.run(['psql', '-X', '-Atc', 'SELECT 7;', url],
                       capture_output=True, text=True, env=pgcluster._env())
    assert r.stdout.strip() == '7', r.stderr
    # The CLI's server outlives the CLI.
    assert pgcluster.Cluster(d).running()
    r = subprocess.run(py + ['stop', d], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert not pgcluster.Cluster(d).running()


def main():
    tests = [f for n, f in globals().items() if n.startswith('test_')]
    passed = failed = 0
    shutil.rmtree(BASE, ignore_errors=True)
    for f in tests:
        try:
            f()
        except Exception:
            failed += 1
            print(f'FAIL {f.__name__}')
            print(traceback.format_exc(), end='')
        else:
            passed += 1
            print(f'ok   {f.__name__}')
    for name, secs in timings.items():
        print(f'     {name}: {secs:.2f} s')
    if failed:
        print(f'kept {BASE}')
    else:
        for c in ('primary', 'standby'):
            if c in state:
                state[c].destroy()
        pgcluster.Cluster(BASE / 'other').destroy()
        pgcluster.Cluster(BASE / 'cli').destroy()
        shutil.rmtree(BASE, ignore_errors=True)
    print(f'pgcluster: {passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
