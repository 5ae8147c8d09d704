"""What hospital IT reads first (issue 9.7): `portalctl status` names the
database and its schema, says how a commit is made durable (the same
connection settings the workers run with), and how long the audit log is."""

from pathlib import Path

from family import count, new_family

ROOT = Path(__file__).resolve().parents[2]


def test_status_names_durability_and_audit(instance):
    new_family(instance)			# some audit rows
    rc, out, err = instance.portalctl('status')
    assert rc == 0, out + err
    schema = max(int(p.name[:3]) for p in (ROOT / 'sql').glob('[0-9]*.sql'))
    assert f'database: {instance.database} (schema {schema})' in out, out
    assert 'journal_mode=wal, synchronous=full: every commit is on disk' \
        in out, out
    rows = count(instance, 'SELECT count(*) FROM audit')
    assert rows > 1 and f'audit: {rows} rows, newest ' in out, out
