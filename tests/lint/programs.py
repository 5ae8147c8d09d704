#!/usr/bin/python3
"""Every list of the portal's programs names exactly the programs of
cgi-bin/*.c (issue 16.2): the web servers' locations and their comments,
portal-serve.service's command line, the spawn-fcgi fragment's loop and
its portal-serve example, portal@.socket's loop, mk/demo's loop, the HTTP
harness's PROGRAMS and INSTALL section 2, so a new program can never again
be missing from one. Then the check itself is checked: one program taken
out of each list in a scratch copy must be found. Last line:
"programs: N passed, N failed"."""

import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def comments(text):
    return '\n'.join(ln for ln in text.splitlines()
                     if ln.lstrip().startswith('#'))


def code(text):
    return '\n'.join(ln for ln in text.splitlines()
                     if not ln.lstrip().startswith('#'))


def for_loop(text):
    m = re.search(r'for p in ([a-z ]+); do', text)
    return m.group(1).split() if m else []


# list name -> (file, how its names are read from the file's text)
LISTS = {
    'nginx locations': ('conf/nginx/portal.conf.in', lambda t: re.findall(
        r'fastcgi_pass unix:@RUNDIR@/(\w+)\.sock', code(t))),
    'nginx comment': ('conf/nginx/portal.conf.in', lambda t: re.findall(
        r'(\w+)\.sock', comments(t).split('ACCESS_LOG')[0])),
    'apache ProxyPass': ('conf/apache/portal.conf.in', lambda t: re.findall(
        r'unix:@RUNDIR@/(\w+)\.sock', code(t))),
    'apache comment': ('conf/apache/portal.conf.in', lambda t: re.findall(
        r'(\w+)\.sock', comments(t).split('ACCESS_LOG')[0])),
    'portal-serve.service': ('conf/systemd/portal-serve.service.in',
                             lambda t: re.findall(r'@CGIDIR@/(\w+)', code(t))),
    'spawn-fcgi loop': ('conf/spawn-fcgi.sh.in', lambda t: for_loop(code(t))),
    'spawn-fcgi portal-serve': ('conf/spawn-fcgi.sh.in', lambda t: re.findall(
        r'@CGIDIR@/(\w+)', re.search(r'/portal-serve \\\n(.*?)\n#\n',
                                      comments(t), re.S).group(1))),
    'portal@.socket loop': ('conf/systemd/portal@.socket.in',
                            lambda t: for_loop(t)),
    'mk/demo loop': ('mk/demo', lambda t: for_loop(t)),
    'harness PROGRAMS': ('tests/http/harness.py', lambda t: re.findall(
        r"'(\w+)'", re.search(r'^PROGRAMS = \(([^)]*)\)', t, re.M).group(1))),
    'INSTALL section 2': ('INSTALL', lambda t: re.findall(
        r'\w+', re.search(r'PREFIX/lib/portal/cgi-bin/\{([^}]*)\}',
                          t).group(1))),
}


def check(root):
    """The findings: one line per list that is not cgi-bin/*.c."""
    want = sorted(p.stem for p in (Path(root) / 'cgi-bin').glob('*.c'))
    found = []
    for name, (rel, read) in LISTS.items():
        try:
            got = read((Path(root) / rel).read_text())
        except (OSError, AttributeError) as e:
            found.append(f'{rel}: {name}: cannot be read ({e})')
            continue
        missing = sorted(set(want) - set(got))
        extra = sorted(set(got) - set(want))
        twice = sorted({p for p in got if got.count(p) > 1 and
                        name.endswith(('loop', 'PROGRAMS', 'section 2',
                                       'service'))})
        if missing or extra or twice:
            found.append(f'{rel}: {name}: missing {missing}, not a program '
                         f'{extra}, twice {twice}')
    return found


def main():
    passed = failed = 0
    found = check(ROOT)
    if found:
        print('FAIL the program lists differ from cgi-bin/*.c:')
        for f in found:
            print('     ' + f)
        failed += 1
    else:
        print(f'ok   {len(LISTS)} program lists name every cgi-bin program')
        passed += 1
    # Each list really is read: taking a program out of it is found.
    for name, (rel, _) in LISTS.items():
        with tempfile.TemporaryDirectory() as tmp:
            for d in ('cgi-bin', 'conf', 'mk'):
                shutil.copytree(ROOT / d, Path(tmp) / d, ignore=
                                shutil.ignore_patterns('*.so', '*.o'))
            (Path(tmp) / 'tests' / 'http').mkdir(parents=True)
            shutil.copy(ROOT / 'tests/http/harness.py',
                        Path(tmp) / 'tests/http/harness.py')
            shutil.copy(ROOT / 'INSTALL', Path(tmp) / 'INSTALL')
            # A program of the tree that is in no list at all.
            (Path(tmp) / 'cgi-bin' / 'zzplanted.c').write_text('')
            after = check(tmp)
            hit = [f for f in after if f.startswith(f'{rel}: {name}:')
                   and 'zzplanted' in f]
            if hit:
                passed += 1
            else:
                print(f'FAIL a program missing from {name} ({rel}) is not '
                      f'found: {after}')
                failed += 1
    if failed == 0:
        print(f'ok   each of the {len(LISTS)} lists is read (a planted '
              f'program is found missing)')
    print(f'programs: {passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
