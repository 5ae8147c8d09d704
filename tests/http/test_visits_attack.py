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
