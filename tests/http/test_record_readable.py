"""A record people can read (issue 15.2), as a parent sees it: the date
of birth in words with the age, dates in words in the hospital's zone,
lab results as a table whose out-of-range flag is words and a mark, the
document's own name of a test over its LOINC long name, a repeated
lab's trend as a server-drawn chart with its values (without the
confidential result), the current section marked, and the download
named after the patient and the day. The patient is 15, so that a
result the document marks restricted is withheld from the parent
(F-PROXY 2). The documents are imported with `portalctl import`."""

import re
from datetime import date, datetime, timedelta, timezone
from xml.sax.saxutils import escape, quoteattr
from zoneinfo import ZoneInfo

import ccda
from family import (birth_date, confirm, count, login, patient, signup,
                    token, unique_email)
from harness import Client

INSTANCE = {'conf': {'scrypt_n': 1024}}
ZONE = ZoneInfo('America/New_York')	# the hospital's (conf timezone)
NOW = datetime.now(timezone.utc)
S = {}


def day_words(d):
    return f'{d.day} {d.strftime("%B")} {d.year}'


def when_words(t):
    t = t.astimezone(ZONE)
    return f'{t.day} {t.strftime("%b")} {t.year}, {t.strftime("%H:%M")}'


def obs(i, when, code, coded, own, value, unit, low, high, flag,
        confidential=False):
    """A result observation as EHRs write one: displayName the LOINC long
    name, originalText the lab's own words (None: none)."""
    ot = f'<originalText>{escape(own)}</originalText>' if own else ''
    conf = ('<confidentialityCode code="R" '
            'codeSystem="2.16.840.1.113883.5.25"/>') if confidential else ''
    interp = (f'<interpretationCode code="{flag}" '
              'codeSystem="2.16.840.1.113883.5.83"/>') if flag else ''
    return f'''
<component><observation classCode="OBS" moodCode="EVN">
<templateId root="2.16.840.1.113883.10.20.22.4.2" extension="2015-08-01"/>
<id root="{ccda.HOSPITAL}" extension="rd-{i}-{ccda.ts(when)}"/>
<code code="{code}" codeSystem="{ccda.LOINC}" displayName={quoteattr(coded)}>{ot}</code>
<statusCode code="completed"/><effectiveTime value="{ccda.ts(when)}"/>{conf}
<value xsi:type="PQ" value="{value}" unit="{unit}"/>{interp}
<referenceRange><observationRange><value xsi:type="IVL_PQ">
<low value="{low}" unit="{unit}"/><high value="{high}" unit="{unit}"/>
</value></observationRange></referenceRange>
</observation></component>'''


def results_doc(p, when, observations):
    return ccda._head(p, '34133-9', 'Summary', when, False,
                      ccda.HOSPITAL) + f'''
<component><structuredBody><component><section>
<templateId root="2.16.840.1.113883.10.20.22.2.3.1" extension="2015-08-01"/>
<code code="30954-2" codeSystem="{ccda.LOINC}"/><title>Results</title><text>Results</text>
<entry><organizer classCode="BATTERY" moodCode="EVN">
<templateId root="2.16.840.1.113883.10.20.22.4.1" extension="2015-08-01"/>
<id root="{ccda.HOSPITAL}" extension="org-{ccda.ts(when)}"/>
<code code="58410-2" codeSystem="{ccda.LOINC}" displayName="CBC panel - Blood by Automated count"/>
<statusCode code="completed"/>{''.join(observations)}
</organizer></entry>
</section></component></structuredBody></component>
</ClinicalDocument>
'''


def vitals_doc(p, when, signs):
    """A vital signs section: signs are (code, name, value, unit)."""
    comps = ''.join(f'''
<component><observation classCode="OBS" moodCode="EVN">
<templateId root="2.16.840.1.113883.10.20.22.4.27" extension="2014-06-09"/>
<id root="{ccda.HOSPITAL}" extension="vs-{i}-{ccda.ts(when)}"/>
<code code="{code}" codeSystem="{ccda.LOINC}" displayName="{name}"/>
<statusCode code="completed"/><effectiveTime value="{ccda.ts(when)}"/>
<value xsi:type="PQ" value="{value}" unit="{unit}"/>
</observation></component>''' for i, (code, name, value, unit) in enumerate(signs))
    return ccda._head(p, '34133-9', 'Summary', when, False,
                      ccda.HOSPITAL) + f'''
<component><structuredBody><component><section>
<templateId root="2.16.840.1.113883.10.20.22.2.4.1" extension="2015-08-01"/>
<code code="8716-3" codeSystem="{ccda.LOINC}"/><title>Vital signs</title><text>Vital signs</text>
<entry><organizer classCode="CLUSTER" moodCode="EVN">
<templateId root="2.16.840.1.113883.10.20.22.4.26" extension="2015-08-01"/>
<id root="{ccda.HOSPITAL}" extension="vso-{ccda.ts(when)}"/>
<code code="46680005" codeSystem="2.16.840.1.113883.6.96" displayName="Vital signs"/>
<statusCode code="completed"/><effectiveTime value="{ccda.ts(when)}"/>{comps}
</organizer></entry>
</section></component></structuredBody></component>
</ClinicalDocument>
'''


HGB = ('718-7', 'Hemoglobin [Mass/volume] in Blood', 'Hemoglobin')


def setup(instance):
    addr = unique_email('rivera')
    p = patient(instance, 15, [('parent', 'Pat', 'Rivera', addr)],
                given='Ana', family="O'Brien Rivera")
    S['p'] = p
    S['pid'] = count(instance, 'SELECT id FROM patients WHERE mrn = ?', p['mrn'])
    base = NOW.replace(hour=15, minute=0, second=0, microsecond=0)
    S['t'] = [base - timedelta(days=d) for d in (21, 18, 7)]
    t0, t1, t2 = S['t']
    ccda.load(instance, 'r0', results_doc(p, t0, [
        obs(0, t0, *HGB, '10.2', 'g/dL', '11.5', '15.5', 'L'),
        obs(1, t0, '2345-7', 'Glucose [Mass/volume] in Serum or Plasma',
            None, '150', 'mg/dl', '70', '99', 'H')]))
    ccda.load(instance, 'r1', results_doc(p, t1, [
        obs(0, t1, *HGB, '11.0', 'g/dL', '11.5', '15.5', 'L')]))
    ccda.load(instance, 'r2', results_doc(p, t2, [
        obs(0, t2, *HGB, '12.4', 'g/dL', '11.5', '15.5', 'N'),
        obs(1, t2, *HGB, '9.9', 'g/dL', '11.5', '15.5', 'L',
            confidential=True)]))
    ccda.load(instance, 'v0', vitals_doc(p, t2, [
        ('8480-6', 'Systolic blood pressure', '112', 'mm[Hg]'),
        ('8310-5', 'Body temperature', '37.2', 'Cel'),
        ('29463-7', 'Body weight', '48.5', 'kg'),
        ('8867-4', 'Heart rate', '80', '/min')]))
    c = Client(instance)
    assert signup(c, token=token(instance, p['mrn']), dob=p['dob'],
                  given='Pat', family='Rivera', email=addr).status == 303
    confirm(c, instance, addr)
    assert login(c, addr).status == 303
    S['c'] = c


def get(path, **q):
    q.setdefault('p', S['pid'])
    return S['c'].get(path + '?' + '&'.join(f'{k}={v}' for k, v in q.items()))


def main(r):
    return r.text.split('<main', 1)[1].split('</main>', 1)[0]


def lab_rows(r):
    """The lab table's body rows as lists of cell texts."""
    body = main(r).split('<tbody>', 1)[1].split('</tbody>', 1)[0]
    rows = re.findall(r'<tr[^>]*>(.*?)</tr>', body, re.S)
    return [[re.sub(r'<[^>]+>', '', c).strip() for c in
             re.findall(r'<t[hd][^>]*>(.*?)</t[hd]>', row, re.S)]
            for row in rows]


def test_birth_date_in_words_with_age(instance):
    r = get('/record/')
    assert r.status == 200
    dob = date.fromisoformat(S['p']['dob'])
    assert f'Born {day_words(dob)} (age 15 years)' in r.text
    assert S['p']['dob'] not in main(r)


def test_lab_table_flags_in_words_and_mark(instance):
    r = get('/record/labs')
    assert r.status == 200
    m = main(r)
    assert '<table class="labs">' in m and '<caption>' in m
    heads = re.findall(r'<th scope="col">([^<]+)</th>', m)
    assert heads == ['Test', 'Value', 'Unit', 'Reference range', 'Flag', 'Date']
    rows = lab_rows(r)
    glucose = [x for x in rows if x[0].startswith('Glucose')][0]
    # The unit as coded ("mg/dl") as people write it, in the range too.
    assert glucose[1:5] == ['150', 'mg/dL', '70-99 mg/dL', 'High \u25b2']
    assert glucose[5] == when_words(S['t'][0])
    # Not colour alone: the flag is words, bold, with a mark.
    assert '<strong class="flag">High <span aria-hidden="true">\u25b2</span></strong>' in m
    assert '<strong class="flag">Low <span aria-hidden="true">\u25bc</span></strong>' in m
    newest = [x for x in rows if x[0].startswith('Hemoglobin')][0]
    assert newest[1] == '12.4' and newest[4] == 'Normal'


def test_vital_signs_units_as_people_write_them(instance):
    r = get('/record/vitals')
    assert r.status == 200
    shown = {}
    for art in re.findall(r'<article.*?</article>', main(r), re.S):
        name = re.sub(r'<[^>]+>', '', re.search(r'<h3[^>]*>(.*?)</h3>',
                                                art, re.S).group(1)).strip()
        cells = dict(re.findall(r'<dt>([^<]*)</dt><dd>([^<]*)</dd>', art))
        shown[name] = (cells.get('Value'), cells.get('Unit'))
    # Coded "mm[Hg]" and "Cel" as a parent reads them; plain ones as sent.
    assert shown['Systolic blood pressure'] == ('112', 'mmHg')
    assert shown['Body temperature'] == ('37.2', '\u00b0C')
    assert shown['Body weight'] == ('48.5', 'kg')
    assert shown['Heart rate'] == ('80', '/min')
    assert 'mm[Hg]' not in main(r) and 'Cel<' not in main(r)


def test_document_name_over_loinc_long_name(instance):
    r = get('/record/labs')
    rows = lab_rows(r)
    names = [x[0] for x in rows]
    assert any(n.startswith('Hemoglobin') for n in names)
    assert 'Hemoglobin [Mass/volume] in Blood' not in main(r)
    # Without an originalText the coded name is what there is.
    assert any(n.startswith('Glucose [Mass/volume] in Serum or Plasma')
               for n in names)


def test_repeated_lab_has_a_trend_chart_without_the_confidential_one(instance):
    r = get('/record/labs')
    m = main(r)
    links = re.findall(r'href="/record/trend\?p=(\d+)&amp;id=(\d+)">'
                       r'See the trend \((\d+) results\)', m)
    assert links and all(n == '3' for _, _, n in links), links
    assert '9.9' not in m
    before = count(instance, "SELECT count(*) FROM audit WHERE action = "
                   "'record.view.labs' AND detail = 'series of 3'")
    t = get('/record/trend', id=links[0][1])
    assert t.status == 200
    tm = main(t)
    assert re.search(r'<svg class="chart"[^>]* role="img" '
                     r'aria-labelledby="chart-title chart-desc"', tm)
    assert '<title id="chart-title">Hemoglobin over time</title>' in tm
    # Across by date: 3 days, then 11 (x from 16 to 304: 16 + 288 * 3/14;
    # within an hour's width, should summer time begin or end between).
    cx = [float(x) for x in re.findall(r'<circle class="dot" cx="([0-9.]+)"',
                                       tm)]
    assert cx[0] == 16 and cx[2] == 304 and abs(cx[1] - 77.7) < 1, cx
    assert '<script' not in t.text
    desc = re.search(r'<desc id="chart-desc">([^<]+)</desc>', tm).group(1)
    assert desc.startswith('3 results from 10.2 g/dL on ')
    assert 'lowest 10.2, highest 12.4' in desc
    assert desc.endswith('Across, the points are spaced by their dates.')
    values = [x[1] for x in lab_rows(t)]
    assert values == ['10.2', '11.0', '12.4']		# oldest first
    assert [x[0] for x in lab_rows(t)] == [when_words(x) for x in S['t']]
    assert '9.9' not in tm			# the confidential one
    assert count(instance, "SELECT count(*) FROM audit WHERE action = "
                 "'record.view.labs' AND detail = 'series of 3'") == before + 1


def test_trend_of_a_withheld_or_foreign_result_is_refused(instance):
    hidden = count(instance, "SELECT id FROM results WHERE value = '9.9'")
    for rid in (hidden, 987654, 'x1'):
        r = get('/record/trend', id=rid)
        assert r.status == 404 and 'There is no such item' in r.text
        assert '9.9' not in r.text


def test_current_section_marked(instance):
    r = get('/record/labs')
    nav = main(r).split('aria-label="Record sections"', 1)[1].split('</nav>', 1)[0]
    cur = re.findall(r'<a href="([^"?]+)[^"]*" aria-current="page" class="current">', nav)
    assert cur == ['/record/labs']
    s = get('/record/')
    nav = main(s).split('aria-label="Record sections"', 1)[1].split('</nav>', 1)[0]
    assert re.findall(r'<a href="([^"?]+)[^"]*" aria-current="page"', nav) == ['/record/']


def test_download_named_after_patient_and_day(instance):
    r = get('/record/download')
    assert r.status == 200
    today = datetime.now(ZONE).date().isoformat()
    want = f'health-record-Ana-OBrien-Rivera-{today}.xml'
    assert r.headers['Content-Disposition'] == f'attachment; filename="{want}"'


def test_printable_page_in_words(instance):
    r = get('/record/print')
    assert r.status == 200
    dob = date.fromisoformat(S['p']['dob'])
    assert f'Born {day_words(dob)} (age 15 years)' in r.text
    assert when_words(S['t'][2]) in r.text
    assert 'Hemoglobin [Mass/volume]' not in r.text
    assert '9.9' not in main(r)
