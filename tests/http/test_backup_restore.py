"""INSTALL's SQLite backup and restore, as written (issue 16 part 3): the
backup script of section 10 and its restore lines are read out of INSTALL
itself and run, line by line, on a scratch portal, with only the paths
moved into the instance's folder (/var/lib/portal, /var/backups/portal),
`sudo -u portal` and `install -o portal -g portal` made the test's own
user, and `systemctl stop|start` made the instance's portal-serve. After
the restore the audit chain verifies, the family who signed up before
the backup signs in again, and the patient added after it is gone. SQLite only
(PostgreSQL's backups are pg_dump's, INSTALL 14.8); behind nginx only,
as the procedure does not touch the web server."""

import os
import re
import signal
import subprocess
from pathlib import Path

from family import login, new_family, patient, token
from harness import Client, Skip

ROOT = Path(__file__).resolve().parents[2]
INSTALL = ROOT / 'INSTALL'
DAY = '2026-12-01'		# how INSTALL names the backup's day


def install_blocks():
    """(backup script, restore lines) as INSTALL has them, unindented."""
    text = INSTALL.read_text()
    m = re.search(r'^    #!/bin/sh\n((?:    .*\n)+)', text, re.M)
    assert m, 'INSTALL: no backup script ("#!/bin/sh" block) in section 10'
    script = '#!/bin/sh\n' + ''.join(ln[4:] + '\n'
                                     for ln in m.group(1).splitlines())
    m = re.search(r'^    (systemctl stop portal-serve .*\n(?:    .*\n)+?)'
                  r'    (systemctl start portal-serve .*)\n', text, re.M)
    assert m, 'INSTALL: no restore block (systemctl stop ... start) in section 10'
    lines = [ln[4:] for ln in ('    ' + m.group(1)).splitlines()]
    return script, lines + [m.group(2)]


def local(instance, line, day=DAY):
    """An INSTALL line for this instance's folders and user."""
    uid, gid = os.getuid(), os.getgid()
    return (line.replace('/var/lib/portal', str(instance.scratch))
            .replace('/var/backups/portal', str(instance.scratch / 'backups'))
            .replace('sudo -u portal portalctl', str(ROOT / 'bin' / 'portalctl'))
            .replace('install -o portal -g portal', f'install -o {uid} -g {gid}')
            .replace(DAY, day))


def sh(instance, line):
    out = subprocess.run(['sh', '-c', line], env=instance.env(),
                         capture_output=True, text=True, timeout=120)
    instance._note_printed(out.stdout)
    return out


def audit_rows(path):
    out = subprocess.run(['sqlite3', str(path), 'SELECT count(*) FROM audit'],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return int(out.stdout)


def test_install_backup_then_restore(instance):
    if instance.server_db:
        raise Skip('SQLite only: PostgreSQL is backed up with pg_dump (INSTALL 14.8)')
    if instance.server != 'nginx':
        raise Skip('the procedure does not touch the web server: run behind nginx')
    script, restore = install_blocks()
    # Every line the test maps must still be in the block, as it maps it.
    assert restore[0].startswith('systemctl stop') and \
        restore[-1].startswith('systemctl start'), restore
    assert any('audit verify --checkpoint' in ln for ln in restore), restore

    before, _, addr_before = new_family(instance)
    assert before.get('/record/').status in (200, 303)

    # The nightly backup, as root would run it.
    path = instance.scratch / 'portal-backup'
    path.write_text(local(instance, script))
    out = subprocess.run(['sh', str(path)], env=instance.env(),
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, f'the backup script failed:\n{out.stderr}'
    backups = instance.scratch / 'backups'
    made = sorted(backups.glob('portal-*.db'))
    assert len(made) == 1, list(backups.iterdir())
    day = made[0].stem[len('portal-'):]
    assert (backups / f'portal-{day}.checkpoints').is_file()
    kept = audit_rows(made[0])

    # Life goes on after the backup: a patient and their token (an audit
    # row), a checkpoint that counts rows the backup will never have.
    later = patient(instance, 5)['mrn']
    token(instance, later)
    rc, out_, err = instance.portalctl('audit', 'checkpoint')
    assert rc == 0, out_ + err
    assert audit_rows(instance.database) > kept

    for line in restore:
        if line.startswith('systemctl stop'):
            instance._stop_proc('portal-serve', signal.SIGTERM, 15)
            # The disk went bad under the stopped portal.
            with open(instance.database, 'r+b') as f:
                f.seek(4096)
                f.write(b'\0' * 8192)
            continue
        if line.startswith('systemctl start'):
            instance._start_serve()
            continue
        out = sh(instance, local(instance, line, day))
        assert out.returncode == 0, (f'INSTALL line failed: {line}\n'
                                     f'{out.stdout}{out.stderr}')
        if 'audit verify' in line:
            assert 'BROKEN' not in out.stdout, out.stdout

    # The restored database is the backup's, with the portal's own modes.
    assert audit_rows(instance.database) >= kept
    assert (instance.database.stat().st_mode & 0o777) == 0o640
    damaged = instance.scratch / 'damaged'
    assert (damaged / 'portal.db').is_file()
    # Why the backup's own checkpoints: the newer ones count rows the
    # restored log no longer has.
    rc, out_, err = instance.portalctl(
        'audit', 'verify', '--checkpoint', str(damaged / 'portal.checkpoints'))
    assert rc == 1 and 'counted' in out_ + err, out_ + err
    rc, out_, err = instance.portalctl('audit', 'verify')
    assert rc == 0, out_ + err

    # What came after the backup is gone; through the web server, the
    # family from before it signs in to their child's record again.
    assert instance.value('SELECT count(*) FROM patients WHERE mrn = ?',
                          later) == 0
    c = Client(instance)
    r = login(c, addr_before)
    assert r.status == 303 and r.location.endswith('/home/'), r.text
    assert c.get('/home/').status == 200
