#!/usr/bin/python3
"""The architecture's rules (mk/lint) hold on this tree, and lint really
finds each kind of violation: one is planted per rule in a scratch copy of
the sources, and lint must fail naming that rule (and pass on the copy
before the plant). The manual pages' checks (tests/lint/man.py: they
render without warnings and name every portal.conf key, portalctl command
and portal-serve option) count here too. Last line: "lint: N passed, N
failed"."""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import man

ROOT = Path(__file__).resolve().parents[2]
LINT = ROOT / 'mk' / 'lint'

# rule name -> (file to plant in, the line planted)
PLANTS = {
    'sql': ('lib/app/record.c', 'static const char *q = "SELECT id FROM patients";'),
    'engine': ('lib/app/record.c', 'int x(void) { return sqlite3_changes(0); }'),
    'clock': ('lib/app/record.c', 'long t(void) { return time(NULL); }'),
    'fcgi': ('lib/web/form.c', 'void f(void) { FCGX_Finish(); }'),
    'raw-html': ('lib/app/record.c', 'void h(void) { tvars_html(0, "x", "<b>"); }'),
    'program-store': ('cgi-bin/record.c', '#include "store_record.h"'),
    'layer': ('lib/store/db.c', '#include "http.h"'),
    'size': ('cgi-bin/record.c', '\n' * 400),
}


def lint(root):
    return subprocess.run([sys.executable, str(LINT), str(root)],
                          capture_output=True, text=True)


def main():
    passed = failed = 0
    r = lint(ROOT)
    if r.returncode == 0:
        print('ok   the tree follows the rules')
        passed += 1
    else:
        print('FAIL the tree breaks the rules:\n' + r.stdout)
        failed += 1
    for rule, (rel, line) in PLANTS.items():
        with tempfile.TemporaryDirectory() as tmp:
            for d in ('lib', 'cgi-bin', 'bin'):
                shutil.copytree(ROOT / d, Path(tmp) / d,
                                ignore=shutil.ignore_patterns('*.so', '*.o'))
            before = lint(tmp)
            f = Path(tmp) / rel
            f.write_text(f.read_text() + '\n' + line + '\n')
            after = lint(tmp)
            found = [ln for ln in after.stdout.splitlines()
                     if f': {rule}: ' in ln and ln.startswith(rel)]
            if after.returncode == 1 and found and \
                    before.returncode == r.returncode:
                print(f'ok   planted {rule} is found: {found[0][:70]}')
                passed += 1
            else:
                print(f'FAIL planted {rule} in {rel} not found:\n'
                      f'{after.stdout[-500:]}')
                failed += 1
    for ok, msg in man.checks():
        print(('ok   ' if ok else 'FAIL ') + msg)
        passed += ok
        failed += not ok
    print(f'lint: {passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
