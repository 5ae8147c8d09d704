#!/usr/bin/python3
"""Starts a portal for the browser tests: nginx, the programs and a fresh
database (tests/http/harness.Instance), plus a patient with a parent on
file and an activation token. Arguments name=value are portal.conf
settings (serve.py provider_mfa_required=yes). Prints one JSON line with what the test
needs, then runs until standard input closes; then exits 1 if a log holds
a secret the tests were given."""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / 'http'))

import ccda  # noqa: E402
from datetime import datetime, timedelta, timezone  # noqa: E402
from family import ctl, patient, token  # noqa: E402
from harness import Instance  # noqa: E402


def main():
    conf = dict(a.split('=', 1) for a in sys.argv[1:])
    with Instance('nginx', conf=conf) as inst:
        kids = [patient(inst, 9, [('parent', 'Maria', 'Lopez', None)],
                        given='Lily', family='Lopez'),
                patient(inst, 6, [('parent', 'Maria', 'Lopez', None)],
                        given='Leo', family='Lopez')]
        for k in kids:
            k['token'] = token(inst, k['mrn'])
        # Both children are in General Pediatrics' care (messages).
        ctl(inst, 'clinic', 'add', '--clinic', 'General Pediatrics')
        for k in kids:
            ctl(inst, 'clinic', 'patient', '--clinic', 'General Pediatrics',
                '--mrn', k['mrn'])
        # A clinic note for each child, as the hospital's EHR sends it.
        when = datetime.now(timezone.utc) - timedelta(days=7)
        for k in kids:
            ccda.load(inst, k['mrn'], ccda.note(
                k, f"Seen for a cough; {k['given']} is doing well.", when))
        print(json.dumps({'url': inst.url('/'), 'conf': str(inst.conf_path),
                          'maildir': str(inst.maildir), 'patients': kids,
                          'pay_url': inst.pay_url}),
              flush=True)
        sys.stdin.read()
    # No secret the tests were given (tokens, e-mailed codes) may be in a
    # log of the web server or the programs (issue 7): exit 1 if one is.
    leaks = inst.secrets_in_logs()
    for log, kind, start in leaks:
        print(f'serve.py: {log}: a {kind} ({start}...)', file=sys.stderr)
    return 1 if leaks else 0


if __name__ == '__main__':
    sys.exit(main())
