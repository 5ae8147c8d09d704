"""What a parent and a 15-year-old each see of the teen's record, through
the pages, by id, in the printable page and in the download (F-PROXY 2, 6;
F-RECORD 1, 3; S-1). The documents are imported with `portalctl import`."""

import time
from datetime import datetime, timedelta, timezone

import ccda
from family import (confirm, count, login, patient, self_token, signup,
                    token, unique_email)
from harness import Client

NOW = datetime.now(timezone.utc)
S = {}		# what setup() made: clients, patient, ids


def setup(instance):
    parent, teen = unique_email('wei'), unique_email('sofia')
    p = patient(instance, 15, [('parent', 'Wei', 'Chen', parent)],
                given='Sofia', family='Chen')
    S['p'] = p
    S['pid'] = count(instance, 'SELECT id FROM patients WHERE mrn = ?', p['mrn'])
    day = timedelta(days=1)
    docs = {
        'routine': ccda.note(p, 'ROUTINE-NOTE-TEXT', NOW - 20 * day),
        'secret': ccda.note(p, 'CONFIDENTIAL-NOTE-TEXT', NOW - 15 * day,
                            confidential=True, visit='Confidential consult visit'),
        'psych': ccda.note(p, 'PSYCH-NOTE-TEXT', NOW - 14 * day,
                           department='Child Psychiatry'),
        'gyn': ccda.note(p, 'GYN-NOTE-TEXT', NOW - 13 * day, department='Gynecology'),
        'ed': ccda.note(p, 'ED-NOTE-TEXT', NOW - 12 * day, visit='Emergency visit',
                        visit_code='EMER'),
        'discharge': ccda.note(p, 'DISCHARGE-TEXT', NOW - 11 * day, code='18842-5',
                               title='Discharge summary', visit='Hospital stay',
                               visit_code='IMP'),
        'xray_old': ccda.imaging(p, 'XRAY-5-DAYS-TEXT', NOW - 5 * day),
        'xray_new': ccda.imaging(p, 'XRAY-2-DAYS-TEXT', NOW - 2 * day),
        'labs': ccda.ccd(p, NOW - 3 * day, labs=[
            ('718-7', 'Hemoglobin [Mass/volume] in Blood', '13.1', 'g/dL'),
            ('56888-1', 'HIV 1+2 Ab+HIV1 p24 Ag [Presence] in Serum', '0', '1'),
            ('2106-3', 'Choriogonadotropin (pregnancy test) [Presence] in Urine', '0', '1')]),
        'outside': ccda.ccd(p, NOW - 30 * day, problems=[('195967001', 'OUTSIDE-ASTHMA')],
                            custodian=ccda.ELSEWHERE),
    }
    for name, text in docs.items():
        ccda.load(instance, name, text)
    S['secret_note'] = count(instance, "SELECT id FROM notes WHERE body LIKE "
                             "'%CONFIDENTIAL-NOTE-TEXT%'")
    S['secret_visit'] = count(instance, "SELECT encounter_id FROM notes WHERE "
                              "id = ?", S['secret_note'])
    # The parent signs up with the token, the teen with their own address.
    c = Client(instance)
    assert signup(c, token=token(instance, p['mrn']), dob=p['dob'], given='Wei',
                  family='Chen', email=parent).status == 303
    confirm(c, instance, parent)
    assert login(c, parent).status == 303
    t = Client(instance)
    assert signup(t, who='self', token=self_token(instance, p['mrn'], teen),
                  dob=p['dob'], given='Sofia', family='Chen',
                  email=teen).status == 303
    confirm(t, instance, teen)
    assert login(t, teen).status == 303
    S['parent'], S['teen'] = c, t
    S['parent_email'] = parent


def page(who, path, **q):
    q.setdefault('p', S['pid'])
    qs = '&'.join(f'{k}={v}' for k, v in q.items())
    return S[who].get(f'{path}?{qs}')


def test_parent_does_not_see_confidential_visit_or_note(instance):
    notes = page('parent', '/record/notes')
    assert notes.status == 200
    assert 'ROUTINE-NOTE-TEXT' in notes.text
    assert 'CONFIDENTIAL-NOTE-TEXT' not in notes.text
    visits = page('parent', '/record/visits')
    assert 'Office visit' in visits.text
    assert 'Confidential consult visit' not in visits.text
    # Not by id either, and the answer is the one for a missing item.
    by_id = page('parent', '/record/notes', id=S['secret_note'])
    missing = page('parent', '/record/notes', id=999999)
    assert by_id.status == missing.status == 404
    assert 'CONFIDENTIAL' not in by_id.text
    assert page('parent', '/record/visits', id=S['secret_visit']).status == 404
    # Nor in the printable page or the download.
    for path in ('/record/print', '/record/download'):
        r = page('parent', path)
        assert r.status == 200, path
        assert 'ROUTINE-NOTE-TEXT' in r.text, path
        assert 'CONFIDENTIAL-NOTE-TEXT' not in r.text, path
        assert 'Confidential consult visit' not in r.text, path
    assert count(instance, "SELECT count(*) FROM audit WHERE action = "
                 "'record.item_refused' AND patient_id = ?", S['pid']) >= 2


def test_teen_sees_own_confidential_visit(instance):
    visits = page('teen', '/record/visits')
    assert visits.status == 200 and 'Confidential consult visit' in visits.text
    # Confidential visit notes are not released to the portal at all.
    assert 'CONFIDENTIAL-NOTE-TEXT' not in page('teen', '/record/notes').text


def test_excluded_notes_are_not_released(instance):
    # F-PROXY-6: departments, emergency visits, discharge summaries.
    for who in ('parent', 'teen'):
        text = page(who, '/record/notes').text
        for hidden in ('PSYCH-NOTE-TEXT', 'GYN-NOTE-TEXT', 'ED-NOTE-TEXT',
                       'DISCHARGE-TEXT'):
            assert hidden not in text, (who, hidden)


def test_excluded_labs_are_not_released(instance):
    text = page('parent', '/record/labs').text
    assert 'Hemoglobin' in text and '13.1' in text
    assert 'HIV' not in text and 'Choriogonadotropin' not in text
    d = page('parent', '/record/download').text
    assert 'Hemoglobin' in d and 'HIV' not in d


def test_radiology_after_four_days(instance):
    text = page('parent', '/record/radiology').text
    assert 'XRAY-5-DAYS-TEXT' in text
    assert 'XRAY-2-DAYS-TEXT' not in text
    instance.restart_workers(faketime=time.time() + 2 * 86400 + 60)
    try:
        c = Client(instance)
        # A new sign-in: the old session has idled out in the jump.
        assert login(c, S['parent_email']).status == 303
        r = c.get(f"/record/radiology?p={S['pid']}")
        assert 'XRAY-2-DAYS-TEXT' in r.text
    finally:
        instance.restart_workers()


def test_outside_information_is_marked(instance):
    text = page('parent', '/record/problems').text
    i = text.index('OUTSIDE-ASTHMA')
    assert 'From an outside source' in text[i:i + 200]
    routine = page('parent', '/record/notes').text
    j = routine.index('ROUTINE-NOTE-TEXT')
    assert 'From an outside source' not in routine[max(0, j - 600):j]


def test_every_view_is_audited(instance):
    before = count(instance, "SELECT count(*) FROM audit WHERE patient_id = ? "
                   "AND action LIKE 'record.%'", S['pid'])
    page('parent', '/record/labs')
    page('teen', '/record/download')
    assert count(instance, "SELECT count(*) FROM audit WHERE patient_id = ? "
                 "AND action LIKE 'record.%'", S['pid']) == before + 2
    rc, out, _ = instance.portalctl('audit', 'verify')
    assert rc == 0, out


def test_import_twice_changes_nothing(instance):
    tables = ('documents', 'encounters', 'notes', 'results', 'problems')
    before = [count(instance, f'SELECT count(*) FROM {t}') for t in tables]
    path = instance.scratch / 'labs.xml'
    rc, out, err = instance.portalctl('import', str(path))
    assert rc == 0 and '1 already imported' in out, out + err
    assert [count(instance, f'SELECT count(*) FROM {t}') for t in tables] == before


def test_another_systems_same_number_is_not_this_patient(instance):
    # Issue 7.14: the same MRN, name and birth date under another system's
    # root is that system's patient: refused, not merged into this one.
    before = count(instance, 'SELECT count(*) FROM documents')
    path = instance.scratch / 'elsewhere.xml'
    path.write_text(ccda.ccd(S['p'], NOW - 40 * timedelta(days=1),
                             problems=[('195967001', 'ELSEWHERE-SAME-MRN')],
                             custodian=ccda.ELSEWHERE,
                             mrn_root=ccda.ELSEWHERE))
    rc, out, err = instance.portalctl('import', str(path))
    assert rc == 1, out + err
    assert f'refused: {path}: from another system' in out, out
    assert count(instance, 'SELECT count(*) FROM documents') == before
    assert 'ELSEWHERE-SAME-MRN' not in page('parent', '/record/problems').text


def test_import_folder_names_skipped_files_and_fails_on_refusal(instance):
    folder = instance.scratch / 'inbox'
    folder.mkdir()
    (folder / 'visit.ccd').write_text(
        ccda.note(S['p'], 'CCD-NAMED-NOTE-TEXT', NOW - 25 * timedelta(days=1)))
    (folder / 'README.txt').write_text('documents of the day\n')
    (folder / 'broken.xml').write_text('<ClinicalDocument')
    rc, out, err = instance.portalctl('import', str(folder))
    assert rc == 1, out + err
    assert ': 1 imported, 0 already imported, 1 refused, 0 failed' in out, out
    assert f'refused: {folder}/broken.xml: not well-formed XML' in out, out
    assert f'skipped: {folder}/README.txt: not a regular file named *.xml, ' \
        '*.ccd, *.ccda or *.cda' in out, out
    assert 'CCD-NAMED-NOTE-TEXT' in page('parent', '/record/notes').text
    # Nothing refused: exit status 0.
    (folder / 'broken.xml').unlink()
    rc, out, err = instance.portalctl('import', str(folder))
    assert rc == 0 and ': 0 imported, 1 already imported, 0 refused' in out, \
        out + err


def test_download_names_the_hospitals_mrn_root(instance):
    # What the portal exports is the hospital's: its MRN under mrn_root.
    d = page('parent', '/record/download').text
    assert f'root="{ccda.HOSPITAL}" extension="{S["p"]["mrn"]}"' in d
