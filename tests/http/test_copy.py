"""portalctl copy (issue 10.4): the demo hospital, used a little through
the pages (sign-ins, records opened: sessions and audit rows), copied from
its SQLite file to an empty PostgreSQL database and from there to a new
SQLite file. Each copy reports the same rows per table read and in the
copy, the same counts on every leg, and `portalctl audit verify` passes on
each copy with the installation's key and checkpoints. A second copy into
the now full database is refused.

The PostgreSQL server: PORTAL_TEST_PG="host=DIR port=N user=U" (a
superuser, trust auth) if set, else the run's (run.py --engine
postgresql), else a throwaway cluster of the module's own
(tests/tools/pgcluster.py). Under the PostgreSQL run the first leg copies
the instance's PostgreSQL database to another."""

import os
import re
import subprocess
import sys
import urllib.parse

import harness
from family import ctl, login
from harness import ROOT, Client

sys.path.insert(0, str(ROOT / 'tests' / 'tools'))
import pgcluster  # noqa: E402

OUT = {}
ROW = re.compile(r'^(\w+) +(\d+) +(\d+)(  DIFFERS)?$')
FAMILY = re.compile(r'^  family +\S+ +(\S+) / (\S+)  ')


def _pg():
    """(libpq words, their match) of the server to copy to."""
    pg = os.environ.get('PORTAL_TEST_PG', '')
    if not re.fullmatch(r'host=(\S+) port=(\d+) user=(\S+)', pg):
        cluster = harness.PG
        if cluster is None:
            cluster = pgcluster.Cluster(ROOT / 'var' / 'test' /
                                        f'pg-copy-{os.getpid()}')
            cluster.init()
            cluster.start()
            OUT['cluster'] = cluster
        q = urllib.parse.parse_qs(urllib.parse.urlsplit(
            cluster.url('postgres')).query)
        pg = ' '.join(f'{k}={q[k][0]}' for k in ('host', 'port', 'user'))
    return pg, re.fullmatch(r'host=(\S+) port=(\d+) user=(\S+)', pg)


def _psql(pg, sql):
    env = dict(os.environ, PGOPTIONS='-c client_min_messages=warning')
    subprocess.run(['psql', '-q', '-v', 'ON_ERROR_STOP=1',
                    f'{pg} dbname=postgres', '-c', sql],
                   check=True, env=env, capture_output=True)


def _conf_for(instance, database, name):
    """A configuration like the instance's on another database, with the
    instance's key file and checkpoints (beside its SQLite file)."""
    over = {'database': database,
            'key_file': instance.scratch / 'portal.key',
            'audit_checkpoints': instance.scratch / 'portal.checkpoints'}
    lines = [ln for ln in instance.conf_path.read_text().splitlines()
             if ln.split('=', 1)[0].strip() not in over]
    lines += [f'{k} = {v}' for k, v in over.items()]
    path = instance.scratch / name
    path.write_text('\n'.join(lines) + '\n')
    return path


def _counts(out):
    """{table: (read, in copy)} from a copy's report."""
    rows = {}
    for ln in out.splitlines():
        if (m := ROW.match(ln)) and m[1] != 'table':
            rows[m[1]] = (int(m[2]), int(m[3]))
    return rows


def _copy(instance, src, dst):
    rc, out, err = instance.portalctl('copy', src, dst, timeout=600)
    assert rc == 0, f'portalctl copy: {rc}\n{out}{err}'
    assert 'intact' in out and 'DIFFERS' not in out, out
    counts = _counts(out)
    assert counts and all(r == c for r, c in counts.values()), out
    return counts


def _verify(instance, conf):
    env = instance.env()
    env['PORTAL_CONF'] = str(conf)
    r = subprocess.run([str(ROOT / 'bin' / 'portalctl'), 'audit', 'verify'],
                       env=env, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0 and 'intact' in r.stdout, r.stdout + r.stderr
    return r.stdout


def setup(instance):
    OUT['demo'] = ctl(instance, 'demo')
    for ln in OUT['demo'].splitlines():
        if (m := FAMILY.match(ln)):
            c = Client(instance)
            assert login(c, m[1], m[2]).status == 303
            for pid in re.findall(r'href="/record/\?p=(\d+)"',
                                  c.get('/account/').text):
                c.get(f'/record/?p={pid}')
    ctl(instance, 'audit', 'checkpoint')


def test_demo_to_postgresql_and_back(instance):
    pg, m = _pg()
    name = f'copy_http_{instance.server}_{os.getpid()}'
    url = (f'postgresql:///{name}?host={m[1]}&port={m[2]}&user={m[3]}')
    _psql(pg, f'DROP DATABASE IF EXISTS {name}')
    _psql(pg, f'CREATE DATABASE {name}')
    try:
        there = _copy(instance, str(instance.database), url)
        assert there['audit'][0] > 1 and there['patients'][0] >= 6, there
        assert there['sessions'][0] >= 1, there
        _verify(instance, _conf_for(instance, url, 'pg.conf'))

        rc, _, err = instance.portalctl('copy', str(instance.database), url)
        assert rc == 1 and 'not empty' in err, err

        back = instance.scratch / 'back.db'
        again = _copy(instance, url, str(back))
        assert again == there, (there, again)
        assert (os.stat(back).st_mode & 0o077) & ~0o040 == 0, 'not 0640'
        _verify(instance, _conf_for(instance, back, 'back.conf'))
    finally:
        _psql(pg, f'DROP DATABASE IF EXISTS {name}')
        if 'cluster' in OUT:
            OUT.pop('cluster').destroy()
