"""What hospital IT reads first (issue 9.7): `portalctl status` names the
database and its schema, says how a commit is made durable (the same
connection settings the workers run with), and how long the audit log is.
On PostgreSQL (issue 10): the server's settings, and a password in the
database URL is never printed."""

import subprocess
from pathlib import Path

from family import count, new_family

ROOT = Path(__file__).resolve().parents[2]


def test_status_names_durability_and_audit(instance):
    new_family(instance)			# some audit rows
    rc, out, err = instance.portalctl('status')
    assert rc == 0, out + err
    schema = max(int(p.name[:3]) for p in (ROOT / 'sql').glob('[0-9]*.sql'))
    assert f'database: {instance.database} (schema {schema})' in out, out
    if instance.server_db:
        assert 'fsync=on, synchronous_commit=on' in out, out
        assert "every commit is in the server's write-ahead log on disk" \
            in out, out
    else:
        assert 'journal_mode=wal, synchronous=full: every commit is on disk' \
            in out, out
    rows = count(instance, 'SELECT count(*) FROM audit')
    assert rows > 1 and f'audit: {rows} rows, newest ' in out, out


def test_status_never_prints_the_database_password(instance):
    if not instance.server_db:
        from harness import Skip
        raise Skip('PostgreSQL only: an SQLite path holds no password')
    # The test cluster trusts its socket: the password is only carried.
    secret = 'Hidden5Secret'
    conf = instance.scratch / 'password.conf'
    conf.write_text(instance.conf_path.read_text() +
                    f'database = {instance.database}&password={secret}\n')
    env = instance.env()
    env['PORTAL_CONF'] = str(conf)
    out = subprocess.run([str(ROOT / 'bin' / 'portalctl'), 'status'],
                         env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stdout + out.stderr
    assert secret not in out.stdout + out.stderr, out.stdout
    assert 'password=***' in out.stdout, out.stdout
