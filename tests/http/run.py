#!/usr/bin/python3
"""Runs the HTTP tests: tests/http/test_*.py through nginx and/or Apache.

    python3 tests/http/run.py [--server nginx|apache|both] [-k PATTERN]
                              [--asan nginx|apache|both|none]
                              [--engine sqlite|postgresql] [--jobs N]

Every module gets a fresh harness.Instance per server (options from a
module-level INSTANCE dict, e.g. INSTANCE = {'faketime': '2025-03-01'};
a module-level INSTANCE_CLASS replaces harness.Instance, ENGINES limits the
database engines a module runs on, and SERVERS
limits the servers it runs behind),
then its optional setup(instance), then each test_* function in file order,
called with the instance, then its optional teardown(instance) (for what
setup started beside the instance: a stand-in service, a second node). A test passes by returning, is skipped by raising
harness.Skip, and fails by raising anything else. -k keeps the tests whose
"server file::function" contains PATTERN. With --jobs N (make check: 2),
N modules run side by side, each in a process of its own, and a module's
lines are printed together when it ends; a module with ALONE = True (it
stops the shared PostgreSQL server) runs after them with nothing beside
it. After each module, the
instance's logs are searched for every secret the module was given
(harness.Instance.secrets_in_logs): one more test, "FILE::logs", that
fails if any is there (issue 7). The last line is always
"http: N passed, N failed"; the exit status is 1 if anything failed. The
scratch directory of a module with a failure is kept (its path is printed);
the others are removed.

With --engine postgresql (issue 10), one throwaway PostgreSQL 15 cluster
(tests/tools/pgcluster.py) is started under var/test/ for the run and
every module's instance gets a fresh database of its own on it; labels
read "nginx+postgresql", and the last line "http-pg: N passed, N failed".
A test that needs one engine raises harness.Skip on the other, saying why.

With --asan (default: nginx) the programs behind that server are the ASan
and UBSan builds (build/asan-cgi/). After each module, a worker that died
of a crash signal or a sanitizer report in the portal-serve log counts as
one more failed test ("SERVER FILE (crashes)"), whatever the tests said.
"""

import argparse
import functools
import importlib.util
import inspect
import multiprocessing
import os
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import harness  # noqa: E402


def load(path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def tests_of(mod):
    return [f for n, f in vars(mod).items()
            if n.startswith('test_') and inspect.isfunction(f)
            and f.__module__ == mod.__name__]


def call(f, instance):
    if inspect.signature(f).parameters:
        return f(instance)
    return f()


def indent(text):
    return ''.join('    ' + line for line in text.splitlines(True))


def copy_check(inst):
    """The module's database, as the suite left it, copied by `portalctl
    copy` to a new SQLite file (issue 10.4): every table's rows read and
    in the copy equal, and the copy's audit chain verified by the copy
    itself. '' if so, else what went wrong."""
    dst = inst.scratch / 'copy-check.db'
    rc, out, err = inst.portalctl('copy', str(inst.database), str(dst),
                                  timeout=600)
    if rc != 0:
        return f'portalctl copy: exit {rc}: {(out + err)[-600:]}'
    if 'DIFFERS' in out or 'intact' not in out:
        return f'portalctl copy: {out[-600:]}'
    return ''


def main():
    ap = argparse.ArgumentParser(description='HTTP tests')
    ap.add_argument('--server', choices=('nginx', 'apache', 'both'),
                    default='both')
    ap.add_argument('-k', dest='pattern', default=None)
    ap.add_argument('--asan', choices=('nginx', 'apache', 'both', 'none'),
                    default='nginx')
    ap.add_argument('--engine', choices=('sqlite', 'postgresql'),
                    default='sqlite')
    ap.add_argument('--jobs', type=int, default=1,
                    help='modules run side by side (ALONE ones after)')
    ap.add_argument('--copy-check', action='store_true',
                    help='after each module, portalctl copy its database '
                    'to a new SQLite file: counts and chain equal')
    args = ap.parse_args()
    summary = 'http'
    if args.engine == 'postgresql':
        sys.path.insert(0, str(HERE.parent / 'tools'))
        import pgcluster
        pg = pgcluster.Cluster(harness.ROOT / 'var' / 'test' /
                               f'pg-{os.getpid()}')
        pg.init()
        pg.start()
        harness.use_postgresql(pg)
        summary = 'http-pg'
    try:
        return run(args, summary)
    finally:
        if args.engine == 'postgresql':
            pg.destroy()


def run(args, summary):
    servers = ['nginx', 'apache'] if args.server == 'both' else [args.server]
    files = sorted(HERE.glob('test_*.py'))
    work = [(server, path) for server in servers for path in files]
    passed = failed = skipped = 0

    def add(result):
        nonlocal passed, failed, skipped
        p, f, k, text = result
        sys.stdout.write(text)
        sys.stdout.flush()
        passed, failed, skipped = passed + p, failed + f, skipped + k

    if args.jobs > 1:
        # Modules side by side, each in a process of its own (forked: the
        # harness's cluster is inherited); a module's lines are printed
        # together when it ends. ALONE modules (they stop the shared
        # PostgreSQL server) run after, one at a time, with nothing beside.
        alone = [(sv, p) for sv, p in work if is_alone(p)]
        work = [w for w in work if w not in alone]
        ctx = multiprocessing.get_context('fork')
        with ctx.Pool(args.jobs, maxtasksperchild=1) as pool:
            for result in pool.imap_unordered(
                    functools.partial(run_module, args), work):
                add(result)
        work = alone
    for w in work:
        add(run_module(args, w, echo=True))

    if skipped:
        print(f'({skipped} skipped)')
    print(f'{summary}: {passed} passed, {failed} failed')
    return 1 if failed else 0


def is_alone(path):
    """A module that must run with nothing beside it (ALONE = True: it
    stops the run's shared PostgreSQL server). One that cannot be
    imported is not: run_module reports it."""
    try:
        return bool(getattr(load(path), 'ALONE', False))
    except Exception:
        return False


def run_module(args, work, echo=False):
    """Runs one module behind one server: (passed, failed, skipped, the
    lines it printed). echo prints each line at once as well."""
    server, path = work
    out = []

    def say(line):
        out.append(line + '\n')
        if echo:
            print(line, flush=True)

    tag = '+postgresql' if args.engine == 'postgresql' else ''
    asan = {'both': ('nginx', 'apache'), 'none': ()}.get(args.asan,
                                                         (args.asan,))
    passed = failed = skipped = 0
    name = path.name

    def text():
        return '' if echo else ''.join(out)

    try:
        mod = load(path)
    except Exception:
        say(f'FAIL {server}{tag} {name}: cannot import')
        say(indent(traceback.format_exc()))
        return 0, 1, 0, text()
    # SERVERS: a module that runs behind some servers only.
    if server not in getattr(mod, 'SERVERS', (server,)):
        return 0, 0, 0, text()
    # ENGINES: a module that runs on some database engines only.
    if args.engine not in getattr(mod, 'ENGINES', (args.engine,)):
        say(f'skip {server}{tag} {name}: runs on '
            f'{", ".join(mod.ENGINES)} only')
        return 0, 0, 0, text()
    tests = [t for t in tests_of(mod)
             if args.pattern is None
             or args.pattern in f'{server}{tag} {name}::{t.__name__}']
    if not tests:
        return 0, 0, 0, text()
    failed_here = 0
    inst = None
    try:
        # INSTANCE_CLASS: a subclass of harness.Instance, for a
        # module whose portal runs another way (test_install.py).
        cls = getattr(mod, 'INSTANCE_CLASS', harness.Instance)
        inst = cls(server=server, **{
            'asan': server in asan, **getattr(mod, 'INSTANCE', {})})
        if hasattr(mod, 'setup'):
            mod.setup(inst)
    except Exception:
        tb = traceback.format_exc()
        for t in tests:
            say(f'FAIL {server}{tag} {name}::{t.__name__} (instance setup)')
        say(indent(tb))
        if inst is not None:
            try:
                inst.stop()
            except Exception:
                pass
            say(f'     kept {inst.scratch}')
        return 0, len(tests), 0, text()

    for t in tests:
        label = f'{server}{tag} {name}::{t.__name__}'
        t0 = time.monotonic()
        try:
            call(t, inst)
        except harness.Skip as e:
            say(f'skip {label}: {e}')
            skipped += 1
            continue
        except Exception:
            say(f'FAIL {label}')
            say(indent(traceback.format_exc()))
            said = inst.start_failures()
            if said:
                say('    portal-serve says of its workers:')
                say(indent('\n'.join(said)))
            failed += 1
            failed_here += 1
            continue
        say(f'ok   {label} ({time.monotonic() - t0:.2f}s)')
        passed += 1

    # teardown(instance): what the module's setup started beside the
    # instance (a stand-in service, a second node) is stopped here, also
    # when -k ran only some tests; never left to atexit, which a module
    # run in a pool's process (--jobs) does not reach.
    if hasattr(mod, 'teardown'):
        try:
            mod.teardown(inst)
        except Exception:
            say(f'FAIL {server}{tag} {name} (teardown)')
            say(indent(traceback.format_exc()))
            failed += 1
            failed_here += 1

    crashes = inst.crash_reports()
    if crashes:
        say(f'FAIL {server}{tag} {name} (crashes)')
        say(indent('\n'.join(crashes[:20])))
        failed += 1
        failed_here += 1
    try:
        inst.stop()
    except Exception:
        say(f'FAIL {server}{tag} {name} (stop)')
        say(indent(traceback.format_exc()))
        failed += 1
        failed_here += 1
    if args.copy_check:
        label = f'{server}{tag} {name}::copy'
        why = copy_check(inst)
        if why:
            say(f'FAIL {label}: {why}')
            failed += 1
            failed_here += 1
        else:
            say(f'ok   {label}')
            passed += 1
    # No secret may reach a log: the web server's, portal-serve's.
    label = f'{server}{tag} {name}::logs'
    leaks = inst.secrets_in_logs()
    if leaks:
        say(f'FAIL {label}: secrets in the logs')
        for log, kind, start in leaks:
            say(f'    {log}: a {kind} ({start}...)')
        failed += 1
        failed_here += 1
    else:
        say(f'ok   {label} ({len(inst.secrets)} secrets, '
            f'{len(inst.log_files())} logs)')
        passed += 1
    if failed_here:
        say(f'     kept {inst.scratch}')
    else:
        inst.remove()
    return passed, failed, skipped, text()


if __name__ == '__main__':
    sys.exit(main())
