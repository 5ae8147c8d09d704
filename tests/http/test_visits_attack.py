"""An outside review's attacks on the Visits pages (issue 13), each a
finding that was fixed: the test is the finding's proof."""

import visitdata as vd
from family import new_family

INSTANCE = {'conf': {'scrypt_n': 1024}}


def csrf(c):
    return c.get('/visits/request').form_fields('request')['csrf']


def family_with_clinic(instance, years=8, **type_kw):
    c, p, addr = new_family(instance, years)
    cid = vd.clinic(instance)
    tid = vd.visit_type(instance, cid, **type_kw)
    vd.visit(instance, p['mrn'], cid, vd.now() - 30 * vd.DAY, type_id=tid,
             status='completed')
    return c, p, addr, cid, tid


def account_of(instance, addr):
    return instance.value('SELECT id FROM accounts WHERE email = ?', addr)


def request_row(instance, pid, account, clinic, reason):
    t = vd.now()
    return instance.value('INSERT INTO visit_requests (patient_id, account_id, '
                          'clinic_id, reason, preferred, phone, created, '
                          'updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?) '
                          'RETURNING id', pid, account, clinic, reason,
                          'Mornings', '617-555-0100', t, t)


def test_a_type_no_longer_offered_cannot_be_booked(instance):
    # Finding: the clinic stops offering a visit type (active = 0) but
    # its open slots stayed bookable through /visits/schedule?type= and
    # /visits/book (the type's query ignored "active").
    c, p, addr, cid, tid = family_with_clinic(instance, self_schedule=1)
    pid = vd.patient_id(instance, p['mrn'])
    s = vd.slot(instance, cid, tid, vd.now() + 3 * vd.DAY)
    assert f'value="{s}"' in c.get(f'/visits/schedule?p={pid}&type={tid}').text
    instance.execute('UPDATE visit_types SET active = 0 WHERE id = ?', tid)
    r = c.get(f'/visits/schedule?p={pid}&type={tid}')
    assert r.status == 200 and f'value="{s}"' not in r.text
    r = c.post('/visits/book', {'csrf': csrf(c), 'p': str(pid), 'slot': str(s)})
    assert r.status == 409, r.status
    assert instance.value("SELECT count(*) FROM visits WHERE source = 'portal' "
                          "AND patient_id = ?", pid) == 0
    # offered again: bookable again
    instance.execute('UPDATE visit_types SET active = 1 WHERE id = ?', tid)
    r = c.post('/visits/book', {'csrf': csrf(c), 'p': str(pid), 'slot': str(s)})
    assert r.status == 303, r.status


def test_teen_parent_does_not_see_the_teens_visit_requests(instance):
    # Finding: the family's request list showed every request of the
    # patient, so a teen's own request (clinic, reason: the start of a
    # confidential visit) was on the parent's Visits and Request pages.
    c, p, addr = new_family(instance, 15)
    pid = vd.patient_id(instance, p['mrn'])
    teen_clinic = vd.clinic(instance, name='Adolescent Medicine QX7')
    own_clinic = vd.clinic(instance, name='General Pediatrics KZ3')
    teen_c, tp, teen_addr = new_family(instance, 9)    # stands for the teen
    request_row(instance, pid, account_of(instance, teen_addr), teen_clinic,
                'Private worry')
    request_row(instance, pid, account_of(instance, addr), own_clinic,
                'Cough')
    for path in ('/visits/', f'/visits/request?p={pid}'):
        r = c.get(path)
        assert r.status == 200, (path, r.status)
        assert 'QX7' not in r.text, path
        assert 'General Pediatrics KZ3' in r.text, path
    # A parent of a child (full access) sees every request of the child.
    k, kp, kaddr = new_family(instance, 8)
    kid = vd.patient_id(instance, kp['mrn'])
    other = vd.clinic(instance, name='Cardiology WW1')
    request_row(instance, kid, account_of(instance, teen_addr), other,
                'Murmur')
    assert 'Cardiology WW1' in k.get('/visits/').text


def test_a_visit_booked_online_in_a_confidential_clinic_is_confidential(instance):
    # Finding: a visit the SIU feed brings in a clinic of
    # visit_confidential_clinics is confidential, but the same visit
    # self-scheduled on the portal was not (the insert left the flag 0),
    # so a teen's booking in Adolescent Medicine was on the parent's page.
    c, p, addr = new_family(instance, 15)
    pid = vd.patient_id(instance, p['mrn'])
    cid = vd.clinic(instance, name='Adolescent Medicine')
    tid = vd.visit_type(instance, cid, self_schedule=1)
    vd.visit(instance, p['mrn'], cid, vd.now() - 30 * vd.DAY, type_id=tid,
             status='completed')
    s = vd.slot(instance, cid, tid, vd.now() + 3 * vd.DAY)
    r = c.post('/visits/book', {'csrf': csrf(c), 'p': str(pid), 'slot': str(s)})
    assert r.status == 303, r.status
    vid, conf = instance.query('SELECT id, confidential FROM visits WHERE '
                               'slot_id = ?', s)[0]
    assert conf == 1
    assert f'visit-{vid}' not in c.get('/visits/').text
    # the booking's answer is not the page of a missing visit
    r = c.get(r.location)
    assert r.status == 200 and 'The visit is booked.' in r.text
    # a clinic not on the list: not confidential
    c2, p2, _ = new_family(instance, 15)
    pid2 = vd.patient_id(instance, p2['mrn'])
    cid2 = vd.clinic(instance)
    tid2 = vd.visit_type(instance, cid2, self_schedule=1)
    vd.visit(instance, p2['mrn'], cid2, vd.now() - 30 * vd.DAY, type_id=tid2,
             status='completed')
    s2 = vd.slot(instance, cid2, tid2, vd.now() + 3 * vd.DAY)
    r = c2.post('/visits/book', {'csrf': csrf(c2), 'p': str(pid2),
                                 'slot': str(s2)})
    assert r.status == 303
    assert instance.value('SELECT confidential FROM visits WHERE slot_id = ?',
                          s2) == 0



def test_a_teens_confidential_visits_do_not_open_clinics_to_the_parent(instance):
    # Finding: "seen in this clinic" (self-scheduling) and the clinics of
    # "Request a visit" counted the teen's confidential visits and
    # encounters, so the parent's pages named the clinic of a confidential
    # visit (the request form's list) and offered its slots.
    c, p, addr = new_family(instance, 15)
    pid = vd.patient_id(instance, p['mrn'])
    gyn = vd.clinic(instance, name='Gynecology QQ1')
    tid = vd.visit_type(instance, gyn, self_schedule=1)
    vd.visit(instance, p['mrn'], gyn, vd.now() - 30 * vd.DAY, type_id=tid,
             status='completed', confidential=1)
    s = vd.slot(instance, gyn, tid, vd.now() + 3 * vd.DAY)
    psy = vd.clinic(instance, name='Psychology QQ2')
    ptid = vd.visit_type(instance, psy, self_schedule=1)
    instance.execute('INSERT INTO encounters (patient_id, date, title, '
                     'department, confidential) VALUES (?, ?, ?, ?, 1)',
                     pid, '2026-01-10', 'Consult', 'Psychology QQ2')
    ps = vd.slot(instance, psy, ptid, vd.now() + 3 * vd.DAY)
    r = c.get(f'/visits/request?p={pid}')
    assert r.status == 200
    assert 'QQ1' not in r.text and 'QQ2' not in r.text
    for t, slot in ((tid, s), (ptid, ps)):
        r = c.get(f'/visits/schedule?p={pid}&type={t}')
        assert r.status == 200 and f'value="{slot}"' not in r.text
        r = c.post('/visits/book', {'csrf': csrf(c), 'p': str(pid),
                                    'slot': str(slot)})
        assert r.status == 409, r.status
    assert instance.value("SELECT count(*) FROM visits WHERE source = 'portal' "
                          "AND patient_id = ?", pid) == 0
    # The same history of a child (full access) does open them.
    k, kp, _ = new_family(instance, 8)
    kid = vd.patient_id(instance, kp['mrn'])
    vd.visit(instance, kp['mrn'], gyn, vd.now() - 30 * vd.DAY, type_id=tid,
             status='completed', confidential=1)
    assert 'QQ1' in k.get(f'/visits/request?p={kid}').text
    assert f'value="{s}"' in k.get(f'/visits/schedule?p={kid}&type={tid}').text


def test_a_paid_copay_of_a_visit_cancelled_afterwards_is_flagged_for_refund(instance):
    # Finding: a copay paid and then its visit cancelled (by the family
    # online) stayed "Paid", never flagged: money for a visit that is no
    # longer due, lost to the family unless someone noticed.
    c, p, addr, cid, tid = family_with_clinic(instance, copay_cents=2500,
                                              notice_hours=1)
    pid = vd.patient_id(instance, p['mrn'])
    v = vd.visit(instance, p['mrn'], cid, vd.now() + 5 * vd.DAY, type_id=tid)
    other = vd.visit(instance, p['mrn'], cid, vd.now() + 6 * vd.DAY,
                     type_id=tid)
    acct = account_of(instance, addr)
    for ref, visit in (('a' * 32, v), ('b' * 32, other)):
        instance.execute("INSERT INTO payments (reference, account_id, "
                         "patient_id, purpose, visit_id, amount_cents, "
                         "currency, status, txn, created, decided) VALUES "
                         "(?, ?, ?, 'copay', ?, 2500, 'USD', 'paid', ?, ?, ?)",
                         ref, acct, pid, visit, 'T' + ref[:8], vd.now(),
                         vd.now())
    r = c.post('/visits/cancel', {'csrf': csrf(c), 'v': str(v),
                                  'reason': 'We moved away'})
    assert r.status == 303, r.status
    assert instance.value('SELECT refund FROM payments WHERE visit_id = ?',
                          v) == 1
    assert instance.value('SELECT refund FROM payments WHERE visit_id = ?',
                          other) == 0
    assert instance.value("SELECT status FROM payments WHERE visit_id = ?",
                          v) == 'paid'
    assert 'we will refund it' in c.get('/pay/').text

BAD = ['abc', '-1', '0', '99999999999999999999999', '1e3', '%00', '1%0a2',
       '%201', '0x10', '9223372036854775807', '9223372036854775808', '']


def test_hostile_ids_on_every_visit_page_are_a_missing_one(instance):
    # Probed, held: no 5xx (nor an ASan report) for any of them.
    c, p, addr = new_family(instance, 8)
    tok = csrf(c)
    out = []
    for v in BAD:
        for path in (f'/visits/visit?v={v}', f'/visits/ics?v={v}',
                     f'/visits/checkin/?v={v}', f'/visits/checkin/signed?v={v}&d={v}',
                     f'/visits/schedule?p={v}&type={v}&from={v}&again={v}',
                     f'/visits/?p={v}', f'/visits/request?p={v}', '/pay/'):
            r = c.get(path)
            out.append((path, r.status))
        for path, f in (('/visits/confirm', {'v': v}), ('/visits/cancel', {'v': v, 'reason': 'x'}),
                        ('/visits/join', {'v': v}), ('/visits/book', {'p': v, 'slot': v}),
                        ('/visits/request', {'p': v, 'clinic': v, 'reason': 'r', 'preferred': 'p', 'phone': '617-555-0100'}),
                        ('/pay/start', {'purpose': 'copay', 'v': v}),
                        ('/visits/checkin/contact', {'v': v, 'do': 'confirm'}),
                        ('/visits/checkin/sign', {'v': v, 'd': v, 'signer': 'Pat Parent', 'agree': '1', 'shown': 'x'})):
            r = c.post(path, {'csrf': tok, **f})
            out.append((path, f.get('v', f.get('p')), r.status))
    bad = [o for o in out if o[-1] >= 500 or (o[-1] == 200 and
                                              o[0] != '/pay/')]
    assert not bad, bad
