"""The audit log cannot be rewritten or truncated unnoticed (S-6, issue
7.5), and the installation key is not in the database (issue 7.8). On a
real instance, after real sign-ups and sign-ins: the key file and the
database's file modes; a copy of the database edited (sqlite3, or psql as
the tables' owner) as someone with the database but not the key file
would; the newest rows removed after a checkpoint; an older database (key
in the secrets table, unkeyed chain) brought over by `portalctl migrate`.

On PostgreSQL (issue 10) the same, on a copy made with pg_dump; the file
modes and the older database are SQLite's alone (skipped there)."""

import hashlib
import os
import re
import shutil
import sqlite3
import stat
import subprocess

from family import count, ctl, login, new_family
from harness import (PSQL, ROOT, Client, db_rows, db_run, only_sqlite,
                     psql_env)

GENESIS = '0' * 64


def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def _key_file(instance):
    """Beside an SQLite file by default; a server's database has no
    "beside": the key_file the instance's configuration names."""
    if instance.server_db:
        return instance.key_file
    return instance.database.with_suffix('.key')


def _checkpoints(instance):
    if instance.server_db:
        return instance.scratch / 'portal.checkpoints'
    return instance.database.with_suffix('.checkpoints')


def _drop_trigger(db, name):
    """What the tables' owner may do (SQLite has no owner: anyone with
    the file)."""
    on = ' ON audit' if str(db).startswith('postgresql://') else ''
    db_run(db, f'DROP TRIGGER {name}{on}')


def _portalctl(instance, conf, *args):
    env = instance.env()
    env['PORTAL_CONF'] = str(conf)
    out = subprocess.run([str(ROOT / 'bin' / 'portalctl'), *args], env=env,
                         capture_output=True, text=True, timeout=120)
    return out.returncode, out.stdout, out.stderr


def _copy(instance, name):
    """A consistent copy of the live database (and of its checkpoint file),
    with a configuration that points portalctl at it and at the live key."""
    d = instance.scratch / name
    d.mkdir(exist_ok=True)
    dst = instance.copy_database(name)
    shutil.copy(_checkpoints(instance), d / 'portal.checkpoints')
    conf = d / 'portal.conf'
    conf.write_text(instance.conf_path.read_text() +
                    f'database = {dst}\nkey_file = {_key_file(instance)}\n'
                    f'audit_checkpoints = {d / "portal.checkpoints"}\n')
    return conf, dst


def _legacy_hash(prev, at, patient, actor, action, addr, detail):
    """The unkeyed hash older versions wrote (and anyone can compute)."""
    def f(s):
        s = (s or '').encode()
        return str(len(s)).encode() + b':' + s + b'|'
    data = (f(prev) + f'{at}|{patient or 0}|'.encode() + f(actor) + f(action) +
            f(addr) + f(detail))
    return hashlib.sha256(data).hexdigest()


def _rehash(db, first_id, last_id=None):
    """Recomputes prev and hash of rows first_id..last_id the only way one
    can without the key: plain SHA-256. The audit_no_update trigger must
    be gone (_drop_trigger)."""
    prev = db_rows(db, 'SELECT prev FROM audit WHERE id = ?',
                   (first_id,))[0][0]
    rows = db_rows(db, 'SELECT id, at, patient_id, actor, action, addr, '
                   'detail FROM audit WHERE id >= ? AND id <= ? ORDER BY id',
                   (first_id, last_id or 1 << 62))
    for rid, at, patient, actor, action, addr, detail in rows:
        h = _legacy_hash(prev, at, patient, actor, action, addr, detail)
        db_run(db, 'UPDATE audit SET prev = ?, hash = ? WHERE id = ?',
               (prev, h, rid))
        prev = h


def setup(instance):
    # Sign-ups, confirmations and sign-ins: audit rows from the workers.
    new_family(instance)
    c, _, addr = new_family(instance)
    c.clear_cookies()
    assert login(c, addr, 'not the password').status != 303


def test_key_is_a_file_of_its_own(instance):
    key = _key_file(instance)
    assert key.is_file(), 'portalctl init made no key file'
    assert _mode(key) in (0o600, 0o640), oct(_mode(key))
    text = key.read_text()
    assert re.fullmatch(r'[0-9a-f]{64}\n', text), 'not a key file'
    # Not in the database: the secrets table is empty, and the key's
    # bytes are in none of the database's files.
    assert count(instance, 'SELECT count(*) FROM secrets') == 0
    raw = bytes.fromhex(text.strip())
    if instance.server_db:
        # Nowhere in the database: not in a dump of it (text, or a
        # bytea's hex), nor as raw bytes.
        dump = subprocess.run([str(os.path.dirname(PSQL)) + '/pg_dump',
                               '-d', instance.database], capture_output=True,
                              env=psql_env(), timeout=120)
        assert dump.returncode == 0, dump.stderr
        assert raw not in dump.stdout, 'the key is in the database'
        assert text.strip().encode() not in dump.stdout.lower(), \
            'the key is in the database'
        return
    for suffix in ('', '-wal'):
        p = str(instance.database) + suffix
        if os.path.exists(p):
            with open(p, 'rb') as f:
                assert raw not in f.read(), f'the key is in {p}'


def test_database_files_are_0640_or_stricter(instance):
    only_sqlite("PostgreSQL's files are its server's, not the portal's")
    # The workers have the database open: -wal and -shm exist now.
    files = [str(instance.database) + s for s in ('', '-wal', '-shm')]
    assert os.path.exists(files[1]), 'no -wal file while the workers run'
    for p in files:
        if os.path.exists(p):
            assert _mode(p) & 0o137 == 0, f'{p}: {oct(_mode(p))}'


def test_intact_log_verifies(instance):
    rc, out, err = instance.portalctl('audit', 'verify')
    assert rc == 0 and 'audit log intact' in out, out + err
    assert count(instance, "SELECT count(*) FROM audit WHERE action = "
                 "'audit.keyed'") == 1


def test_row_edited_with_sqlite3_is_detected(instance):
    conf, copy = _copy(instance, 'edited')
    rc, out, err = _portalctl(instance, conf, 'audit', 'verify')
    assert rc == 0 and 'intact' in out, out + err
    rid, _ = db_rows(copy, "SELECT min(id), max(id) FROM audit "
                     "WHERE action = 'login.ok'")[0]
    assert rid is not None and rid < db_rows(
        copy, 'SELECT max(id) FROM audit')[0][0]
    _drop_trigger(copy, 'audit_no_update')
    db_run(copy, "UPDATE audit SET actor = 'family:999' WHERE id = ?", (rid,))
    rc, out, _ = _portalctl(instance, conf, 'audit', 'verify')
    assert rc == 1 and f'BROKEN at row {rid} ' in out, out
    # Every later hash recomputed, as the old unkeyed chain allowed.
    _rehash(copy, rid)
    rc, out, _ = _portalctl(instance, conf, 'audit', 'verify')
    assert rc == 1 and f'BROKEN at row {rid} ' in out, out


def test_rows_removed_after_a_checkpoint_are_detected(instance):
    rc, line, err = instance.portalctl('audit', 'checkpoint')
    assert rc == 0 and line.startswith('checkpoint v1 count='), line + err
    n = int(re.search(r'count=(\d+)', line).group(1))
    assert n == count(instance, 'SELECT count(*) FROM audit')
    assert line.strip() in _checkpoints(instance).read_text().splitlines()
    # The newest 3 rows removed from a copy: the chain left is intact in
    # itself, the checkpoint counts more.
    conf, copy = _copy(instance, 'truncated')
    _drop_trigger(copy, 'audit_no_delete')
    db_run(copy, 'DELETE FROM audit WHERE id IN (SELECT id FROM audit '
           'ORDER BY id DESC LIMIT 3)')
    rc, out, _ = _portalctl(instance, conf, 'audit', 'verify')
    assert rc == 1 and 'rows were removed' in out, out
    assert f'counted {n} rows, the log has {n - 3}' in out, out
    # The same with the line from the hospital's archive.
    rc, out, _ = _portalctl(instance, conf, 'audit', 'verify', '--checkpoint',
                            line.strip())
    assert rc == 1 and 'rows were removed' in out, out
    # A forged line (its count changed) is refused, not used.
    forged = line.strip().replace(f'count={n} ', f'count={n - 3} ')
    rc, out, err = _portalctl(instance, conf, 'audit', 'verify',
                              '--checkpoint', forged)
    assert rc == 1 and 'not signed' in err, out + err
    # The live log still verifies against the same line.
    rc, out, err = instance.portalctl('audit', 'verify', '--checkpoint',
                                      line.strip())
    assert rc == 0 and 'intact' in out, out + err


def test_cron_writes_a_checkpoint(instance):
    before = _checkpoints(instance).read_text().count('\n')
    ctl(instance, 'cron')
    lines = _checkpoints(instance).read_text().splitlines()
    assert len(lines) == before + 1
    assert f'count={count(instance, "SELECT count(*) FROM audit")} ' in lines[-1]
    rc, out, err = instance.portalctl('audit', 'verify')
    assert rc == 0 and 'intact' in out, out + err


def _sqlite_part(text):
    """A migration's text for SQLite: its "-- engine: NAME" blocks for
    other engines left out (lib/store/db.c, db_engine_text)."""
    out, on = [], True
    for line in text.splitlines(keepends=True):
        if line.startswith('-- engine:'):
            name = line[len('-- engine:'):].split()
            on = bool(name) and name[0] in ('sqlite', 'all')
        elif on:
            out.append(line)
    return ''.join(out)


def _old_database(d):
    """A database as the version before the key file left it: every
    migration before the key file's, a key in the secrets table, mode
    0644, and three rows of the unkeyed chain."""
    sqls = sorted((ROOT / 'sql').glob('[0-9][0-9][0-9]-*.sql'))
    stop = [p for p in sqls if p.name.endswith('-key-file.sql')][0]
    path = d / 'portal.db'
    con = sqlite3.connect(path)
    for p in sqls:
        if p == stop:
            break
        con.executescript(_sqlite_part(p.read_text()))
        con.execute(f'PRAGMA user_version = {int(p.name[:3])}')
    key = os.urandom(32)
    con.execute("INSERT INTO secrets (name, value) VALUES ('key', ?)", (key,))
    prev = GENESIS
    for i, (actor, action, detail) in enumerate([
            ('portalctl', 'staff.add', 'jdoe'),
            ('anonymous', 'login.fail', None),
            ('staff:1', 'staff.login', None)]):
        h = _legacy_hash(prev, 1700000000 + i, 0, actor, action, None, detail)
        con.execute('INSERT INTO audit (at, actor, action, detail, prev, hash) '
                    'VALUES (?, ?, ?, ?, ?, ?)',
                    (1700000000 + i, actor, action, detail, prev, h))
        prev = h
    con.commit()
    con.close()
    os.chmod(path, 0o644)
    return path, key


def test_migrate_moves_the_key_and_seals_the_old_chain(instance):
    only_sqlite('the databases from before the key file are SQLite files')
    d = instance.scratch / 'old'
    d.mkdir()
    path, key = _old_database(d)
    conf = d / 'portal.conf'
    conf.write_text(instance.conf_path.read_text() + f'database = {path}\n')
    rc, out, err = _portalctl(instance, conf, 'migrate')
    assert rc == 0, out + err
    assert 'installation key moved out of the database' in out, out
    assert 'keyed chain started' in out, out
    assert (d / 'portal.key').read_text() == key.hex() + '\n'
    assert _mode(d / 'portal.key') == 0o600
    assert _mode(path) == 0o640
    con = sqlite3.connect(path)
    assert con.execute('SELECT count(*) FROM secrets').fetchone()[0] == 0
    rc, out, err = _portalctl(instance, conf, 'audit', 'verify')
    assert rc == 0 and '4 rows (3 unkeyed' in out, out + err
    # Migrating again changes nothing.
    rc, out, err = _portalctl(instance, conf, 'migrate')
    assert rc == 0 and 'keyed chain started' not in out, out + err
    # An old row changed and the old chain rehashed: the marker row (4)
    # that sealed it no longer links.
    con.execute('DROP TRIGGER audit_no_update')
    con.execute("UPDATE audit SET detail = 'someone' WHERE id = 1")
    con.commit()
    con.close()
    _rehash(path, 1, 3)
    rc, out, _ = _portalctl(instance, conf, 'audit', 'verify')
    assert rc == 1 and 'BROKEN at row 4 ' in out, out


def test_a_key_file_others_can_read_is_refused(instance):
    d = instance.scratch / 'loose'
    db = instance.new_database('loose')
    d.mkdir(exist_ok=True)
    conf = d / 'portal.conf'
    conf.write_text(instance.conf_path.read_text() + f'database = {db}\n' +
                    (f'key_file = {d / "portal.key"}\naudit_checkpoints = '
                     f'{d / "portal.checkpoints"}\n' if instance.server_db
                     else ''))
    rc, out, err = _portalctl(instance, conf, 'init')
    assert rc == 0, out + err
    os.chmod(d / 'portal.key', 0o644)
    rc, out, err = _portalctl(instance, conf, 'audit', 'verify')
    assert rc != 0 and 'mode 0644' in err, out + err
