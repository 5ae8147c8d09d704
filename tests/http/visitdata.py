"""Visit fixtures the visit tests share (issue 13): clinics, visit types,
documents, open slots and appointments put straight into an instance's
database, at moments relative to the real clock (so a test reads the same
every day; tests that need a set clock run the workers under faketime).
Moments are seconds since the epoch; the pages show them in the
hospital's zone (family.TZ)."""

import itertools
import secrets
import time

from family import count

HOUR = 3600
DAY = 86400
_seq = itertools.count(1)


def now():
    return int(time.time())


def clinic(instance, name=None, phone='617-555-0140', location='Main campus, floor 3'):
    """A clinic (new, or the one of that name) with its phone and place;
    its id."""
    name = name or f'Clinic {next(_seq)}'
    cid = count(instance, 'SELECT id FROM clinics WHERE name = ?', name)
    if cid is None:
        cid = count(instance, 'INSERT INTO clinics (name) VALUES (?) '
                    'RETURNING id', name)
    instance.execute('UPDATE clinics SET phone = ?, location = ? WHERE id = ?',
                     phone, location, cid)
    return cid


def visit_type(instance, clinic_id, name=None, minutes=30, video=0,
               self_schedule=0, notice_hours=24, copay_cents=0, code=None):
    name = name or f'Visit type {next(_seq)}'
    return count(instance, 'INSERT INTO visit_types (clinic_id, name, code, '
                 'minutes, video, self_schedule, notice_hours, copay_cents) '
                 'VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id', clinic_id,
                 name, code, minutes, video, self_schedule, notice_hours,
                 copay_cents)


def document(instance, type_id, title='Consent to treatment',
             body='I consent to the examination and treatment of my child.'):
    return count(instance, 'INSERT INTO visit_documents (visit_type_id, title, '
                 'body, created) VALUES (?, ?, ?, ?) RETURNING id', type_id,
                 title, body, now())


def slot(instance, clinic_id, type_id, start, minutes=30, provider='Dr Ada Park',
         location=None):
    """An open slot starting at `start` (epoch seconds); its id."""
    return count(instance, 'INSERT INTO slots (clinic_id, visit_type_id, '
                 'provider, location, start_at, minutes, created) VALUES '
                 '(?, ?, ?, ?, ?, ?, ?) RETURNING id', clinic_id, type_id,
                 provider, location, start, minutes, now())


def patient_id(instance, mrn):
    return count(instance, 'SELECT id FROM patients WHERE mrn = ?', mrn)


def visit(instance, mrn, clinic_id, start, type_id=None, type_name=None,
          minutes=30, video=0, status='booked', confidential=0,
          provider='Dr Ada Park', location=None, source='siu', filler=None,
          slot_id=None):
    """An appointment of the patient with that MRN starting at `start`
    (epoch seconds); its id."""
    if type_name is None:
        type_name = (count(instance, 'SELECT name FROM visit_types WHERE id = ?',
                           type_id) if type_id else 'Follow-up visit')
    t = now()
    return count(instance, 'INSERT INTO visits (patient_id, clinic_id, '
                 'visit_type_id, type_name, provider, location, video, '
                 'start_at, minutes, status, confidential, source, filler_id, '
                 'slot_id, room, created, updated) VALUES (?, ?, ?, ?, ?, ?, '
                 '?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
                 patient_id(instance, mrn), clinic_id, type_id, type_name,
                 provider, location, video, start, minutes, status,
                 confidential, source, filler, slot_id,
                 secrets.token_urlsafe(16), t, t)


def done_steps(instance, visit_id, account_id, *steps):
    """Marks pre-check-in steps done (for tests of what comes after)."""
    for s in steps:
        instance.execute('INSERT INTO visit_checkins (visit_id, step, '
                         'account_id, done) VALUES (?, ?, ?, ?)', visit_id, s,
                         account_id, now())
