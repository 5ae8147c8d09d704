"""The installation, run (issue 16.2): `make install DESTDIR=... PREFIX=/usr
SYSCONFDIR=/etc` into the module's scratch directory, and the portal run
from that tree alone: the nginx server block and portal-serve's command
line rendered by the installed `portalctl conf` (nginx; portal-serve.service's
ExecStart from `portalctl conf systemd`), the database made by the
installed `portalctl init`, the installed programs under the installed
portal-serve. Then a smoke flow: a family signs up and in, opens the
record of a real C-CDA (../shared/ccda, imported by the installed
portalctl), writes to the care team, and a staff member sees it.

What a DESTDIR demands, and only that, is adjusted (Installed below): the
installed portal.conf's shipped paths get the DESTDIR in front, its
database, sendmail command and base URL are the scratch directory's, the
test hospital's MRN root as the other HTTP tests, the payment settings
(which cgi-bin/pay needs to start) the stand-in's; CONF, RUNDIR, LISTEN,
PAGES, ACCESS_LOG and WORKERS are passed to `portalctl conf`; -p (a pid
file) is added to portal-serve's command and -g dropped when not root."""

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

from family import confirm, ctl, login, signup, token, unique_email
from harness import ROOT, Client, HarnessError, Instance, Skip, forms

CORPUS = ROOT.parent / 'shared' / 'ccda' / 'ccda-samples' / 'Amrita'
REAL = 'Banks_Tyler_Owen_31561051_CCD_201709180916.xml'
HOSPITAL = '2.16.840.1.113883.3.7777'	# the tests' mrn_root (harness.py)


def make_install(tree):
    out = subprocess.run(['make', '-s', '-C', str(ROOT), 'install',
                          f'DESTDIR={tree}', 'PREFIX=/usr',
                          'SYSCONFDIR=/etc'],
                         capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        raise HarnessError(f'make install: {out.stdout}{out.stderr}')


def units(text):
    """`portalctl conf systemd`'s output: {file name: text}."""
    parts = re.split(r'^# file: (\S+)\n', text, flags=re.M)
    assert parts[0].strip() == '', parts[0][:200]
    return dict(zip(parts[1::2], parts[2::2]))


class Installed(Instance):
    """A portal run from a DESTDIR installation (see the module's text)."""

    def __init__(self, server='nginx', asan=False, **kw):
        super().__init__(server=server, workers=1, **kw)

    def _place_web_files(self):
        self.tree = self.scratch / 'root'
        make_install(self.tree)
        self.bindir = self.tree / 'usr' / 'bin'
        self.cgidir = self.tree / 'usr' / 'lib' / 'portal' / 'cgi-bin'
        self.program_dir = self.cgidir
        self.etc = self.tree / 'etc' / 'portal'
        super()._place_web_files()
        self.htdocs = self.tree / 'usr' / 'share' / 'portal' / 'htdocs'
        self.overrides = self.etc / 'htdocs'

    def _write_conf(self):
        self.conf_path = self.etc / 'portal.conf'
        text = self.conf_path.read_text()
        self.installed_conf = text
        share = '/usr/share/portal'
        over = {
            'templates': f'{self.tree}{share}/templates',
            'sql': f'{self.tree}{share}/sql',
            'common_passwords': f'{self.tree}{share}/common-passwords.txt',
            'database': str(self.database),
            'sendmail': f'{ROOT}/tests/http/sendmail-capture {self.maildir}',
            'base_url': self.base_url,
            'hospital_oids': HOSPITAL,
            'mrn_root': HOSPITAL,
        }
        # The payment processor, which the hospital must set before
        # cgi-bin/pay starts (commented out in the example): the stand-in.
        pay = {'payment_url': self.pay_url, 'payment_name': 'Stand-in',
               'payment_access_key': self.pay_access_key,
               'payment_profile_id': self.pay_profile_id,
               'payment_secret': self.pay_secret}
        lines = []
        for line in text.splitlines():
            name = line.split('=', 1)[0].strip()
            if '=' in line and not line.startswith('#') and name in over:
                line = f'{name} = {over.pop(name)}'
            lines.append(line)
        assert not over, f'not in the installed portal.conf: {over}'
        lines += [f'{k} = {v}' for k, v in pay.items()]
        self.conf_path.write_text('\n'.join(lines) + '\n')

    def _web_values(self):
        v = super()._web_values()
        del v['HTDOCS'], v['OVERRIDES']	# the installed ones
        v['CONF'] = self.conf_path		# OVERRIDES is beside it
        return v

    def _serve_cmd(self):
        self.units = units(self.render('systemd', CONF=self.conf_path,
                                       RUNDIR=self.rundir, WORKERS=1))
        unit = self.units['portal-serve.service']
        env = re.search(r'^Environment=PORTAL_CONF=(.*)$', unit, re.M)
        assert env and env.group(1) == str(self.conf_path), unit[:400]
        start = re.search(r'^ExecStart=((?:.*\\\n)*.*)$', unit, re.M)
        argv = shlex.split(start.group(1).replace('\\\n', ' '))
        if not self.is_root:
            i = argv.index('-g')
            del argv[i:i + 2]
        self.programs = [Path(a).name for a in argv
                         if a.startswith(f'{self.cgidir}/')]
        return argv[:1] + ['-p', str(self.scratch / 'portal-serve.pid')] + \
            argv[1:]


INSTANCE_CLASS = Installed
# nginx only: the installed Apache conf differs from the tree's in its
# paths alone, which test_overrides and every other module run through
# `portalctl conf apache`; make check's time is kept for the rest.
SERVERS = ('nginx',)
# The installed tree with its own SQLite database, as INSTALL 1-13 sets it
# up; a PostgreSQL installation (INSTALL 14) wants a shared key file and
# checkpoints set first, and its web nodes are tested by test_nodes.py.
ENGINES = ('sqlite',)

def test_tree_is_installed(instance):
    t = instance.tree
    for rel in ('usr/bin/portalctl', 'usr/bin/portal-serve',
                'usr/bin/portal-audit', 'usr/lib/portal/libportal.so',
                'usr/lib/portal/libportal-cda.so',
                'usr/share/portal/templates', 'usr/share/portal/sql',
                'usr/share/portal/htdocs/portal.css',
                'usr/share/portal/common-passwords.txt',
                'usr/share/portal/conf/nginx/portal.conf.in',
                'usr/share/portal/conf/systemd/portal-mail.timer.in'):
        assert (t / rel).exists(), rel
    # Every program, and every program under portal-serve.service.
    want = sorted(p.stem for p in (ROOT / 'cgi-bin').glob('*.c'))
    assert sorted(os.listdir(instance.cgidir)) == want
    assert sorted(instance.programs) == want
    # The default portal.conf: the example with the installed paths, 0640.
    conf = instance.installed_conf
    assert re.search(r'^templates\s*= /usr/share/portal/templates$', conf,
                     re.M), conf[:600]
    assert re.search(r'^sql\s*= /usr/share/portal/sql$', conf, re.M)
    assert re.search(r'^database\s*= /var/lib/portal/portal.db$', conf, re.M)
    assert os.stat(instance.conf_path).st_mode & 0o777 == 0o640
    assert list(instance.overrides.iterdir()) == []
    # Manual pages, whatever man/ holds.
    for m in sorted((ROOT / 'man').glob('*.[58]')) if (ROOT / 'man').is_dir() \
            else []:
        assert (t / f'usr/share/man/man{m.suffix[1:]}' / m.name).is_file(), m


def test_rendered_confs_name_the_installed_tree(instance):
    conf = (instance.scratch / instance.server / 'portal.conf').read_text()
    if instance.server == 'nginx':
        assert f'root {instance.htdocs};' in conf
        assert f'{instance.overrides}/$static_file' in conf
    else:
        assert f'Alias "/static/" "{instance.htdocs}/"' in conf
        assert f'RewriteCond "{instance.overrides}/$1" -f' in conf
    assert str(ROOT / 'htdocs') not in conf
    for name in ('portal-serve.service', 'portal-mail.service',
                 'portal-mail.timer', 'portal-cron.service',
                 'portal-cron.timer'):
        assert name in instance.units, sorted(instance.units)
    mail = instance.units['portal-mail.service']
    assert f'ExecStart={instance.bindir}/portalctl mail' in mail
    assert f'ExecStart={instance.bindir}/portalctl audit checkpoint' in mail
    # Postfix's postdrop is setgid and exim4 setuid: nothing in the mail
    # unit may set or imply NoNewPrivileges (systemd.exec(5), User=).
    implies = ('NoNewPrivileges', 'PrivateDevices', 'RestrictAddressFamilies',
               'SystemCallFilter', 'SystemCallArchitectures',
               'RestrictNamespaces', 'ProtectKernelTunables',
               'ProtectKernelModules', 'ProtectKernelLogs', 'ProtectClock',
               'MemoryDenyWriteExecute', 'RestrictRealtime',
               'RestrictSUIDSGID', 'LockPersonality', 'DynamicUser')
    for line in mail.splitlines():
        assert line.split('=', 1)[0].strip() not in implies, line
    assert 'OnCalendar=minutely' in instance.units['portal-mail.timer']
    assert 'OnCalendar=hourly' in instance.units['portal-cron.timer']
    # An unfilled name is refused, nothing printed.
    out = subprocess.run([str(instance.bindir / 'portalctl'), 'conf', 'nginx',
                          'LISTNE=1'], capture_output=True, text=True)
    assert out.returncode == 2 and out.stdout == '', out
    assert 'LISTNE' in out.stderr


def test_systemd_units_verify(instance):
    if shutil.which('systemd-analyze') is None:
        raise Skip('systemd-analyze is not installed (mk/deps check '
                   'installs the systemd package)')
    d = instance.scratch / 'systemd'
    d.mkdir()
    files = []
    for name, text in instance.units.items():
        # A template unit is verified as one instance of it.
        name = name.replace('@.', '@login.')
        (d / name).write_text(text)
        files.append(str(d / name))
    out = subprocess.run(['systemd-analyze', 'verify', '--man=no', *files],
                         capture_output=True, text=True, timeout=120)
    if 'Failed to' in out.stderr and 'bus' in out.stderr.lower() and \
            out.returncode != 0 and 'bad unit file setting' not in out.stderr:
        raise Skip(f'systemd-analyze cannot run here: {out.stderr[:200]}')
    assert out.returncode == 0, out.stderr
    assert 'bad unit file setting' not in out.stderr, out.stderr


def real_ccd(p):
    """The corpus CCD with its patient made ours (as the browser test's
    parent_of_two does): MRN under the hospital's root, name, birth date."""
    xml = (CORPUS / REAL).read_text()

    def mine(m):
        role = m.group(0)
        role = re.sub(r'<id\b[^>]*/>',
                      f'<id root="{HOSPITAL}" extension="{p["mrn"]}"/>',
                      role, count=1)
        role = re.sub(r'<name\b[^>]*>[\s\S]*?</name>',
                      f'<name><given>{p["given"]}</given>'
                      f'<family>{p["family"]}</family></name>', role, count=1)
        return re.sub(r'<birthTime\b[^>]*/>',
                      f'<birthTime value="{p["dob"].replace("-", "")}"/>',
                      role, count=1)
    return re.sub(r'<patientRole\b[\s\S]*?</patientRole>', mine, xml,
                  count=1)


def test_smoke_sign_in_record_message(instance):
    if not (CORPUS / REAL).is_file():
        raise Skip(f'no {CORPUS / REAL} (the ../shared/ccda corpus)')
    ctl(instance, 'clinic', 'add', '--clinic', 'General Pediatrics')
    addr = unique_email('parent')
    p = {'mrn': 'T70001', 'given': 'Tyler', 'family': 'Banks',
         'dob': '2016-04-02'}
    ctl(instance, 'patient', 'add', '--mrn', p['mrn'], '--given', p['given'],
        '--family', p['family'], '--dob', p['dob'], '--visit', '2026-01-05')
    ctl(instance, 'patient', 'relation', '--mrn', p['mrn'], '--kind',
        'parent', '--email', addr, '--given', 'Pat', '--family', 'Banks')
    ctl(instance, 'clinic', 'patient', '--clinic', 'General Pediatrics',
        '--mrn', p['mrn'])
    ctl(instance, 'staff', 'add', '--username', 'nurse', '--name',
        'Nora Nurse', input='Answer4Tests!\n')
    ctl(instance, 'clinic', 'staff', '--clinic', 'General Pediatrics',
        '--username', 'nurse')
    doc = instance.scratch / 'real.xml'
    doc.write_text(real_ccd(p))
    out = ctl(instance, 'import', str(doc))
    assert ' 1 imported' in out, out

    c = Client(instance)
    r = signup(c, token=token(instance, p['mrn']), dob=p['dob'], given='Pat',
               family='Banks', email=addr)
    assert r.status == 303, r.text
    assert confirm(c, instance, addr).status == 200
    r = login(c, addr)
    assert r.status == 303 and r.location.endswith('/home/'), r.text
    pid = instance.value('SELECT id FROM patients WHERE mrn = ?', p['mrn'])
    page = c.get(f'/record/?p={pid}')
    assert page.status == 200, page
    assert 'Tyler' in page.text
    # What the real document says: its immunizations (Hib, MMR).
    page = c.get(f'/record/immunizations?p={pid}')
    assert page.status == 200, page
    assert 'MMR' in page.text and 'Hib (PRP-OMP)' in page.text, \
        page.text[-3000:]

    new = c.get(f'/messages/new?p={pid}')
    assert new.status == 200, new
    f = [x for x in forms(new.text) if x['id'] == 'compose'][0]['fields']
    f.update({'subject': 'INSTALLED-SMOKE', 'body': 'Is the rash normal?',
              'topic': 'medical_question'})
    r = c.post('/messages/new', f)
    assert r.status == 303, r.text

    s = Client(instance)
    f = s.get('/staff/login').form_fields('staff-login')
    f.update({'username': 'nurse', 'password': 'Answer4Tests!'})
    assert s.post('/staff/login', f).status == 303
    inbox = s.get('/inbox/')
    assert inbox.status == 200 and 'INSTALLED-SMOKE' in inbox.text, inbox


def test_reinstall_keeps_conf_and_overrides(instance):
    """A second `make install` over the tree changes neither the edited
    portal.conf nor the hospital's override, which is served."""
    logo = b'<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"/>'
    (instance.overrides / 'logo.svg').write_bytes(logo)
    os.chmod(instance.overrides / 'logo.svg', 0o644)
    before = instance.conf_path.read_bytes()
    mode = os.stat(instance.etc).st_mode & 0o7777
    os.chmod(instance.etc, 0o750)	# as a hospital may tighten it
    try:
        make_install(instance.tree)
        assert os.stat(instance.etc).st_mode & 0o7777 == 0o750
    finally:
        os.chmod(instance.etc, mode)
    assert instance.conf_path.read_bytes() == before
    assert (instance.overrides / 'logo.svg').read_bytes() == logo
    assert sorted(os.listdir(instance.overrides)) == ['logo.svg']
    r = Client(instance).get('/static/logo.svg')
    assert r.status == 200 and r.body == logo, r


def conf(instance, *args):
    out = subprocess.run([str(instance.bindir / 'portalctl'), 'conf', *args],
                         capture_output=True, text=True, env={'PATH':
                                                              '/usr/bin:/bin'})
    return out.returncode, out.stdout, out.stderr


# The rendering rule, a row a case: arguments -> exit status and what the
# output holds (a string in it, or a test of it); nothing is printed on
# a refusal. No portal.conf is needed (PORTAL_CONF unset, none at /etc).
RULE = [
    (('systemd',), 0, ['User=portal', 'SupplementaryGroups=www-data',
                       ' -n 4 ', ' -d /run/portal ',
                       'Environment=PORTAL_CONF=/etc/portal/portal.conf']),
    (('systemd', 'USER=svc', 'WEBGROUP=nginx', 'WORKERS=9', 'RUNDIR=/run/p2',
      'CONF=/srv/p.conf'), 0, ['User=svc', 'SupplementaryGroups=nginx',
                               ' -n 9 ', ' -d /run/p2 ',
                               'Environment=PORTAL_CONF=/srv/p.conf']),
    (('nginx',), 0, ['listen *:80;', '/etc/portal/htdocs/$static_file',
                     'access_log /var/log/nginx/portal-access.log',
                     'try_files /etc/portal/htdocs/_portal/$portal_page '
                     '/var/lib/portal-pages/$portal_page']),
    (('apache',), 0, ['<VirtualHost *:80>', '/var/log/apache2/portal-access.log',
                      'RewriteCond "/etc/portal/htdocs/$1" -f']),
    # OVERRIDES is beside CONF unless given.
    (('nginx', 'CONF=/srv/portal/p.conf'), 0, ['/srv/portal/htdocs/$static_file']),
    (('nginx', 'CONF=/srv/portal/p.conf', 'OVERRIDES=/o'), 0, ['/o/$static_file']),
    # A value is copied as it is, never scanned again.
    (('nginx', 'PAGES=/p@RUNDIR@x'), 0, ['/p@RUNDIR@x/$portal_page']),
    # A value not of its name's kind (test_overrides.py has the table).
    (('nginx', 'LISTEN=1@RUNDIR@&\\/x'), 2, []),
    # A known name a kind does not use is fine; an unknown one a typo.
    (('spawn-fcgi', 'LISTEN=1', 'WORKERS=3'), 0, ['-F 3 ']),
    (('nginx', 'LISTNE=1'), 2, []),
    (('nginx', 'listen=1'), 2, []),
    (('nginx', 'LISTEN'), 2, []),
    (('nginx', '=1'), 2, []),
    (('nginx', 'LISTEN=1\nserver { }'), 2, []),
    (('ngnix',), 2, []),
    ((), 2, []),
]


def test_conf_rule_table(instance):
    for args, rc, want in RULE:
        got, out, err = conf(instance, *args)
        assert got == rc, (args, got, err)
        if rc != 0:
            assert out == '' and err, (args, out[:100])
        for w in want:
            assert w in out, (args, w)
        assert not re.search(r'@[A-Z][A-Z0-9_]*@', out.replace(
            'p@RUNDIR@x', '')), (args, re.findall(r'@[A-Z_]+@', out))


def test_conf_unfilled_name_refused(instance):
    """A template with a name nothing fills: exit 1, the file, line and
    name said, nothing printed (a half-filled file never reaches a server)."""
    t = instance.tree / 'usr/share/portal/conf/nginx/portal.conf.in'
    keep = t.read_text()
    try:
        t.write_text(keep + '# @NO_SUCH_NAME@\n')
        rc, out, err = conf(instance, 'nginx')
        assert rc == 1 and out == '', (rc, out[:100])
        n = keep.count('\n') + 1
        assert f'{t}:{n}: no value for @NO_SUCH_NAME@' in err, err
    finally:
        t.write_text(keep)
    assert conf(instance, 'nginx')[0] == 0


def test_uninstall_keeps_the_hospitals_files(instance):
    """`make uninstall` removes what `make install` put under PREFIX and
    keeps SYSCONFDIR/portal: the edited portal.conf and the overrides."""
    tree = instance.scratch / 'root2'
    make_install(tree)
    etc = tree / 'etc' / 'portal'
    (etc / 'portal.conf').write_text('hospital_name = Edited\n')
    (etc / 'htdocs' / 'logo.svg').write_text('<svg/>')
    out = subprocess.run(['make', '-s', '-C', str(ROOT), 'uninstall',
                          f'DESTDIR={tree}', 'PREFIX=/usr',
                          'SYSCONFDIR=/etc'],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    left = sorted(str(p.relative_to(tree)) for p in tree.rglob('*')
                  if not p.is_dir())
    assert left == ['etc/portal/htdocs/logo.svg', 'etc/portal/portal.conf'], \
        left
    assert (etc / 'portal.conf').read_text() == 'hospital_name = Edited\n'


def test_install_under_a_strict_umask_is_readable_by_the_web_server(instance):
    """Hardened hosts run root with umask 027: what `make install` ships
    must still be readable by the web server (www-data serves htdocs) and
    by whoever runs `portalctl conf`; portal.conf stays 0640 all the same."""
    tree = instance.scratch / 'root-umask'
    out = subprocess.run(['sh', '-c', 'umask 027 && exec make -s -C "$0" '
                          'install DESTDIR="$1" PREFIX=/usr SYSCONFDIR=/etc',
                          str(ROOT), str(tree)],
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    closed = sorted(f'{oct(p.stat().st_mode & 0o777)} {p.relative_to(tree)}'
                    for p in (tree / 'usr').rglob('*')
                    if p.stat().st_mode & (0o005 if p.is_dir() else 0o004)
                    != (0o005 if p.is_dir() else 0o004))
    assert closed == [], closed[:10]
    assert os.stat(tree / 'etc/portal/portal.conf').st_mode & 0o777 == 0o640
    assert os.stat(tree / 'etc/portal/htdocs').st_mode & 0o777 == 0o755


def test_install_enables_every_apache_module_the_vhost_needs(instance):
    """INSTALL's a2enmod line names every module the tests load for the
    shipped vhost (harness APACHE_LOAD) that Debian 12's apache2 does not
    enable or build in already: without rewrite, `apache2 -t` refused
    the vhost ("Invalid command 'RewriteEngine'")."""
    from harness import APACHE_LOAD
    # Enabled by Debian 12's apache2 package, or compiled in.
    debian = {'mpm_event', 'authz_core', 'authn_core', 'mime', 'dir',
              'alias', 'unixd', 'log_config'}
    m = re.search(r'^\s*a2enmod ([a-z_ ]+)$', (ROOT / 'INSTALL').read_text(),
                  re.M)
    assert m, 'INSTALL: no a2enmod line'
    named = set(m.group(1).split())
    missing = set(APACHE_LOAD) - debian - named
    assert not missing, f'INSTALL a2enmod lacks {sorted(missing)}'
    assert 'ssl' in named		# the TLS server block of section 6
