#!/usr/bin/python3
"""The manual pages (man/*.5, man/*.8) render without a warning and say
what the code does (issue 16): portal.conf(5) names every key of
lib/base/conf.c's table, portalctl(8) every command of bin/ctl/
portalctl.c's table, and portal-serve(8) exactly the options of
bin/portal-serve.c's getopt and the signals it takes. Each comparison is
also run once on a page with an entry taken out, and must fail there.
tests/lint/run.py runs these checks (make check's lint stage); alone:
python3 tests/lint/man.py. Last line: "man: N passed, N failed"."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAN = ROOT / 'man'


def render_warnings(page):
    """What mandoc (and groff, which man -l uses on Debian, when it is
    there) say about page at warning level or above; '' if nothing."""
    out = []
    if shutil.which('mandoc') is None:
        return 'mandoc is not installed (sh mk/deps check installs it)'
    r = subprocess.run(['mandoc', '-Tutf8', '-Wwarning', str(page)],
                       capture_output=True, text=True)
    if r.returncode != 0 or r.stderr.strip():
        out.append(r.stderr.strip() or f'mandoc exit status {r.returncode}')
    if shutil.which('groff'):
        r = subprocess.run(['groff', '-mandoc', '-Tutf8', '-ww', '-z',
                            str(page)], capture_output=True, text=True)
        if r.returncode != 0 or r.stderr.strip():
            out.append(r.stderr.strip() or f'groff exit status {r.returncode}')
    return '\n'.join(out)


def page_items(text):
    """The first word of each list entry `.It Cm WORD` and `.It Fl X`."""
    cm = set(re.findall(r'^\.It Cm ([A-Za-z0-9_.-]+)', text, re.M))
    fl = set(re.findall(r'^\.It Fl ([A-Za-z0-9])\b', text, re.M))
    return cm, fl


def conf_keys():
    """The names in conf.c's key table: S(name, ...), L(...), B(...)."""
    src = (ROOT / 'lib/base/conf.c').read_text()
    table = src[src.index('static const struct ckey keys[]'):]
    table = table[:table.index('};')]
    return set(re.findall(r'^\s*[SLB]\((\w+),', table, re.M))


def ctl_commands():
    """The names in portalctl.c's command table: { "name", cmd_..., """
    src = (ROOT / 'bin/ctl/portalctl.c').read_text()
    table = src[src.index('} cmds[] = {'):]
    table = table[:table.index('\n};')]
    return set(re.findall(r'\{ "([a-z-]+)", cmd_', table))


def serve_options():
    """The letters of portal-serve.c's getopt string."""
    src = (ROOT / 'bin/portal-serve.c').read_text()
    opts = re.search(r'getopt\(argc, argv, "([^"]+)"\)', src).group(1)
    return set(opts.replace(':', ''))


def serve_signals():
    """The signals portal-serve.c waits for, but SIGCHLD (its own)."""
    src = (ROOT / 'bin/portal-serve.c').read_text()
    return set(re.findall(r'sigaddset\(&set, (SIG[A-Z0-9]+)\)', src)) - \
        {'SIGCHLD'}


def missing(want, text, kind):
    """What of want the page text lacks as `.It Cm`/`.It Fl` entries."""
    cm, fl = page_items(text)
    return sorted(want - (fl if kind == 'Fl' else cm))


def compare(name, text):
    """[(ok, message)] of the comparisons for the page of that name."""
    res = []
    if name == 'portal.conf.5':
        lack = missing(conf_keys(), text, 'Cm')
        res.append((not lack, 'portal.conf.5 names every key of conf.c'
                    + (f': missing {", ".join(lack)}' if lack else '')))
    elif name == 'portalctl.8':
        lack = missing(ctl_commands(), text, 'Cm')
        res.append((not lack, 'portalctl.8 names every command of portalctl.c'
                    + (f': missing {", ".join(lack)}' if lack else '')))
    elif name == 'portal-serve.8':
        want = serve_options()
        _, fl = page_items(text)
        lack, extra = sorted(want - fl), sorted(fl - want)
        syn = text[text.index('.Sh SYNOPSIS'):text.index('.Sh DESCRIPTION')]
        nosyn = sorted(o for o in want if f'Fl {o}' not in syn)
        ok = not lack and not extra and not nosyn
        res.append((ok, 'portal-serve.8 has exactly the getopt options'
                    + (f': missing {lack}, not in the program {extra}, '
                       f'not in the SYNOPSIS {nosyn}' if not ok else '')))
        listed = set(re.findall(r'^\.It .*?\bDv (SIG[A-Z0-9]+)', text, re.M)
                     + re.findall(r'^\.It .*?, Dv (SIG[A-Z0-9]+)', text, re.M))
        sigs = sorted(serve_signals() - listed)
        res.append((not sigs, 'portal-serve.8 names the signals it takes'
                    + (f': missing {sigs}' if sigs else '')))
    return res


# A planted omission per comparison: the entry's line taken out must
# make that comparison fail (so none of them can pass on anything).
PLANTS = {
    'portal.conf.5': '.It Cm session_idle\n',
    'portalctl.8': '.It Cm copy Ar from to\n',
    'portal-serve.8': '.It Fl n Ar workers\n',
}


def checks():
    """[(ok, message)] for every page: rendering, comparisons, plants."""
    res = []
    pages = sorted(MAN.glob('*.[58]'))
    names = [p.name for p in pages]
    for want in ('portal.conf.5', 'portalctl.8', 'portal-serve.8'):
        res.append((want in names, f'man/{want} exists'))
    for page in pages:
        warn = render_warnings(page)
        res.append((not warn, f'man/{page.name} renders without warnings'
                    + (':\n' + warn if warn else '')))
        text = page.read_text()
        res.extend(compare(page.name, text))
        line = PLANTS.get(page.name)
        if line is not None:
            cut = text.replace(line, '', 1)
            failed = cut != text and not all(ok for ok, _ in
                                             compare(page.name, cut))
            res.append((failed, f'{page.name} without "{line.strip()}" '
                        'fails its comparison'))
    return res


def main():
    passed = failed = 0
    for ok, msg in checks():
        print(('ok   ' if ok else 'FAIL ') + msg)
        passed += ok
        failed += not ok
    print(f'man: {passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
