"""Small, standard C-CDA R2.1 documents for the HTTP tests, built the way
a hospital's EHR writes them, to be imported with `portalctl import`."""

from datetime import datetime, timedelta, timezone
from xml.sax.saxutils import escape, quoteattr

HOSPITAL = '2.16.840.1.113883.3.7777'	# the tests' hospital_oids, mrn_root
ELSEWHERE = '2.16.840.1.113883.3.4242'	# another organisation
LOINC = '2.16.840.1.113883.6.1'


def ts(when):
    return when.astimezone(timezone.utc).strftime('%Y%m%d%H%M%S+0000')


def _head(p, code, title, when, confidential, custodian, mrn_root=HOSPITAL):
    conf = 'R' if confidential else 'N'
    return f'''<?xml version="1.0" encoding="UTF-8"?>
<ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<realmCode code="US"/>
<typeId root="2.16.840.1.113883.1.3" extension="POCD_HD000040"/>
<templateId root="2.16.840.1.113883.10.20.22.1.1" extension="2015-08-01"/>
<id root="{custodian}" extension="{escape(title)}-{ts(when)}"/>
<code code="{code}" codeSystem="{LOINC}" displayName={quoteattr(title)}/>
<title>{escape(title)}</title>
<effectiveTime value="{ts(when)}"/>
<confidentialityCode code="{conf}" codeSystem="2.16.840.1.113883.5.25"/>
<recordTarget><patientRole>
<id root="{mrn_root}" extension="{p['mrn']}"/>
<patient><name><given>{escape(p['given'])}</given><family>{escape(p['family'])}</family></name>
<administrativeGenderCode code="F" codeSystem="2.16.840.1.113883.5.1"/>
<birthTime value="{p['dob'].replace('-', '')}"/></patient>
</patientRole></recordTarget>
<author><time value="{ts(when)}"/><assignedAuthor><id root="{custodian}" extension="dr1"/>
<assignedPerson><name><given>Rae</given><family>Doctor</family></name></assignedPerson>
</assignedAuthor></author>
<custodian><assignedCustodian><representedCustodianOrganization>
<id root="{custodian}"/><name>Test Hospital</name>
</representedCustodianOrganization></assignedCustodian></custodian>
<legalAuthenticator><time value="{ts(when)}"/><signatureCode code="S"/>
<assignedEntity><id root="{custodian}" extension="dr1"/></assignedEntity></legalAuthenticator>
'''


def note(p, text, when, department='General Pediatrics', code='11506-3',
         title='Progress note', confidential=False, visit='Office visit',
         visit_code='AMB', custodian=HOSPITAL):
    """A note document (progress note by default) with its visit."""
    return _head(p, code, title, when, confidential, custodian) + f'''
<componentOf><encompassingEncounter>
<id root="{custodian}" extension="enc-{ts(when)}-{abs(hash(text)) % 100000}"/>
<code code="{visit_code}" codeSystem="2.16.840.1.113883.5.4" displayName={quoteattr(visit)}/>
<effectiveTime value="{ts(when)}"/>
<location><healthCareFacility><id root="{custodian}"/>
<location><name>{escape(department)}</name></location>
</healthCareFacility></location>
</encompassingEncounter></componentOf>
<component><structuredBody><component><section>
<code code="10164-2" codeSystem="{LOINC}"/><title>Note</title>
<text><paragraph>{escape(text)}</paragraph></text>
</section></component></structuredBody></component>
</ClinicalDocument>
'''


def imaging(p, text, when, custodian=HOSPITAL):
    return _head(p, '18748-4', 'Diagnostic imaging report', when, False,
                 custodian) + f'''
<component><structuredBody><component><section>
<code code="18782-3" codeSystem="{LOINC}"/><title>Findings</title>
<text><paragraph>{escape(text)}</paragraph></text>
</section></component></structuredBody></component>
</ClinicalDocument>
'''


def results_section(when, labs, panel=('24357-6', 'Lab panel'),
                    custodian=HOSPITAL, tag=None):
    """A Results section: one panel (code, name) of lab results (loinc,
    name, value, unit); tag: what keeps its ids apart (default the time)."""
    tag = tag or ts(when)
    obs = ''.join(f'''
<component><observation classCode="OBS" moodCode="EVN">
<templateId root="2.16.840.1.113883.10.20.22.4.2" extension="2015-08-01"/>
<id root="{custodian}" extension="lab-{i}-{tag}"/>
<code code="{code}" codeSystem="{LOINC}" displayName={quoteattr(name)}/>
<statusCode code="completed"/><effectiveTime value="{ts(when)}"/>
<value xsi:type="PQ" value="{value}" unit="{unit}"/>
</observation></component>''' for i, (code, name, value, unit) in enumerate(labs))
    return f'''<component><section>
<templateId root="2.16.840.1.113883.10.20.22.2.3.1" extension="2015-08-01"/>
<code code="30954-2" codeSystem="{LOINC}"/><title>Results</title><text>Results</text>
<entry><organizer classCode="BATTERY" moodCode="EVN">
<templateId root="2.16.840.1.113883.10.20.22.4.1" extension="2015-08-01"/>
<id root="{custodian}" extension="org-{tag}"/>
<code code="{panel[0]}" codeSystem="{LOINC}" displayName={quoteattr(panel[1])}/>
<statusCode code="completed"/>{obs}
</organizer></entry>
</section></component>'''


def problems_section(when, problems, custodian=HOSPITAL, tag=''):
    """A Problems section of problems (SNOMED code, name)."""
    probs = ''.join(f'''
<entry><act classCode="ACT" moodCode="EVN">
<templateId root="2.16.840.1.113883.10.20.22.4.3" extension="2015-08-01"/>
<id root="{custodian}" extension="pc-{tag}{i}"/><code code="CONC" codeSystem="2.16.840.1.113883.5.6"/>
<statusCode code="active"/><effectiveTime><low value="{ts(when)}"/></effectiveTime>
<entryRelationship typeCode="SUBJ"><observation classCode="OBS" moodCode="EVN">
<templateId root="2.16.840.1.113883.10.20.22.4.4" extension="2015-08-01"/>
<id root="{custodian}" extension="p-{tag}{i}"/>
<code code="55607006" codeSystem="2.16.840.1.113883.6.96" displayName="Problem"/>
<statusCode code="completed"/><effectiveTime><low value="{ts(when)}"/></effectiveTime>
<value xsi:type="CD" code="{code}" codeSystem="2.16.840.1.113883.6.96" displayName={quoteattr(name)}/>
</observation></entryRelationship></act></entry>''' for i, (code, name) in enumerate(problems))
    return f'''<component><section>
<templateId root="2.16.840.1.113883.10.20.22.2.5.1" extension="2015-08-01"/>
<code code="11450-4" codeSystem="{LOINC}"/><title>Problems</title><text>Problems</text>{probs}
</section></component>'''


def medications_section(when, meds, custodian=HOSPITAL, tag=''):
    """A Medications section of drugs (RxNorm code, name)."""
    rows = ''.join(f'''
<entry><substanceAdministration classCode="SBADM" moodCode="EVN">
<templateId root="2.16.840.1.113883.10.20.22.4.16" extension="2014-06-09"/>
<id root="{custodian}" extension="m-{tag}{i}"/>
<statusCode code="active"/>
<effectiveTime xsi:type="IVL_TS"><low value="{ts(when)}"/></effectiveTime>
<consumable><manufacturedProduct classCode="MANU">
<templateId root="2.16.840.1.113883.10.20.22.4.23" extension="2014-06-09"/>
<manufacturedMaterial><code code="{code}" codeSystem="2.16.840.1.113883.6.88" displayName={quoteattr(name)}/></manufacturedMaterial>
</manufacturedProduct></consumable>
</substanceAdministration></entry>''' for i, (code, name) in enumerate(meds))
    return f'''<component><section>
<templateId root="2.16.840.1.113883.10.20.22.2.1.1" extension="2014-06-09"/>
<code code="10160-0" codeSystem="{LOINC}"/><title>Medications</title><text>Medications</text>{rows}
</section></component>'''


def ccd(p, when, labs=(), problems=(), custodian=HOSPITAL, mrn_root=HOSPITAL,
        panel=('24357-6', 'Lab panel')):
    """A CCD with lab results (loinc, name, value, unit) in one panel (code,
    name) and problems; the patient's id is p's MRN under mrn_root (the
    hospital's by default)."""
    return _head(p, '34133-9', 'Summary', when, False, custodian,
                 mrn_root) + f'''
<component><structuredBody>
{results_section(when, labs, panel, custodian)}
{problems_section(when, problems, custodian)}
</structuredBody></component>
</ClinicalDocument>
'''


def load(instance, name, text):
    """Writes the document into the instance's scratch folder and imports
    it as hospital IT would; returns portalctl's output."""
    path = instance.scratch / f'{name}.xml'
    path.write_text(text)
    rc, out, err = instance.portalctl('import', str(path))
    assert rc == 0 and ' 1 imported' in out, out + err
    return out
