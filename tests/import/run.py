#!/usr/bin/env python3
"""C-CDA import (F-RECORD 2) against the real corpus in ../shared/ccda.

Each document is imported alone into a fresh database by the ASan/UBSan
build of the importer (build/tools/cda_import), configured as the
hospital of the document's own MRN (mrn_root: the root of its first
patient id with an extension); its rows per table, and its skipped
entries, must equal what this file counts independently with xml.etree
by the rule written in lib/cda.h, and it must be refused exactly when
this file finds it unimportable, for that reason. Then the whole corpus
goes twice into one database as each of a few hospitals of the corpus
(HOSPITALS): every document without an id under that hospital's root is
refused as from another system (never merged by number into a patient
with the same MRN), the others are imported or, when another patient
holds their MRN, refused as such; the second run changes nothing. Files
of the folder that are not C-CDA by name are named as skipped, and the
exit status is 1 exactly when a document was refused or failed. Hostile
documents made here (XXE, billion laughs, deep nesting, 30 MB, not XML,
a DOCTYPE, an element with 150,000 attributes, EBCDIC) are refused and
leave the database as it was.

Prints one "ok"/"FAIL" line per check and, last, "import: N passed, N
failed"; exits 1 if anything failed. Python 3.11 standard library only.
"""

import concurrent.futures
import datetime
import hashlib
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.normpath(os.path.join(ROOT, "..", "shared", "ccda"))
TOOL = os.path.join(ROOT, "build", "tools", "cda_import")
SQLDIR = os.path.join(ROOT, "sql")
MAX_BYTES = 20 * 1024 * 1024
DEFAULT_ROOT = "2.16.840.1.113883.19.5"	# conf.c's mrn_root
NAMES = (".xml", ".ccd", ".ccda", ".cda")	# taken from a folder
# Hospitals of the corpus the whole run is made as (mrn_root): Amrita's
# MRNs are small numbers that other vendors' documents use too (3, 5, 6,
# 7, 10, 12, 15, 58, 59, 72); MedHost's documents carry its .300 id after
# their .200 one.
HOSPITALS = ["2.16.840.1.113883.3.3619.2",
             "2.16.840.1.113883.3.1579.7277837785.1.300"]

passed = 0
failed = 0


def check(ok, what, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok   {what}")
    else:
        failed += 1
        print(f"FAIL {what}" + (f": {detail}" if detail else ""))
    sys.stdout.flush()


# ---- The counting rule of lib/cda.h, written again from the text ----

NS = "{urn:hl7-org:v3}"
SSN = "2.16.840.1.113883.4.1"
WS = " \t\r\n\u00a0"
TABLES = ["encounters", "notes", "results", "medications", "allergies",
          "problems", "immunizations", "vitals", "narratives"]
SKIPS = ["no information (nullFlavor)", "negated (none known or not given)",
         "visit without a date", "names nothing", "unexpected kind of entry"]

# kind: (LOINC, R1.1 root, R2.1 root)
KINDS = {
    "results": ("30954-2", "2.16.840.1.113883.10.20.22.2.3"),
    "medications": ("10160-0", "2.16.840.1.113883.10.20.22.2.1"),
    "allergies": ("48765-2", "2.16.840.1.113883.10.20.22.2.6"),
    "problems": ("11450-4", "2.16.840.1.113883.10.20.22.2.5"),
    "immunizations": ("11369-6", "2.16.840.1.113883.10.20.22.2.2"),
    "vitals": ("8716-3", "2.16.840.1.113883.10.20.22.2.4"),
    "encounters": ("46240-8", "2.16.840.1.113883.10.20.22.2.22"),
    "procedures": ("47519-4", "2.16.840.1.113883.10.20.22.2.7"),
}
BY_ROOT = {}
for _k, (_code, _root) in KINDS.items():
    BY_ROOT[_root] = _k
    BY_ROOT[_root + ".1"] = _k
BY_CODE = {code: k for k, (code, _) in KINDS.items()}

# kind: {statement: (via, candidate) or None (the statement is the candidate)}
SHAPES = {
    "results": {"organizer": ("component", "observation"), "observation": None},
    "vitals": {"organizer": ("component", "observation"), "observation": None},
    "medications": {"substanceAdministration": None},
    "immunizations": {"substanceAdministration": None},
    "allergies": {"act": ("entryRelationship", "observation"), "observation": None},
    "problems": {"act": ("entryRelationship", "observation"), "observation": None},
    "encounters": {"encounter": None},
}
NOTE_CODES = {"11506-3", "11488-4", "18842-5", "34117-2", "11504-8", "28570-0"}
IMAGING_CODE = "18748-4"


def kids(e, name):
    return [] if e is None else [c for c in e if c.tag == NS + name]


def kid(e, name):
    k = kids(e, name)
    return k[0] if k else None


def path(e, p):
    for step in p.split("/"):
        e = kid(e, step)
    return e


def attr(e, name):
    if e is None:
        return None
    v = e.get(name)
    if v is None:
        return None
    v = v.strip(" \t\r\n")
    return v or None


def has_text(e):
    if e is None:
        return False
    return "".join(e.itertext()).strip(WS) != ""


def has_day(v):
    if v is None or not re.fullmatch(r"[0-9]{8}", v[:8]):
        return False
    try:
        datetime.date(int(v[:4]), int(v[4:6]), int(v[6:8]))
    except ValueError:
        return False
    return True


def ts_value(et):
    v = attr(et, "value")
    return v if v is not None else attr(kid(et, "low"), "value")


def ids_of(root):
    """The elements with an ID attribute; the first of an ID wins."""
    ids = {}
    for e in root.iter():
        i = attr(e, "ID")
        if i is not None and i not in ids:
            ids[i] = e
    return ids


def ref_named(e, ids):
    """An originalText or text: the narrative it references has text, or
    it has text of its own."""
    if e is None:
        return False
    ref = kid(e, "reference")
    if ref is not None:
        v = attr(ref, "value") or ""
        target = ids.get(v[1:] if v.startswith("#") else v)
        if target is not None and has_text(target):
            return True
    return has_text(e)


def code_named(cd, ids):
    """A code has a name: @displayName, originalText, a translation's
    @displayName."""
    if cd is None:
        return False
    return attr(cd, "displayName") is not None or \
        ref_named(kid(cd, "originalText"), ids) or \
        any(attr(t, "displayName") for t in kids(cd, "translation"))


def named(kind, c, ids):
    """Does candidate c name what its row is about?"""
    if kind in ("results", "vitals"):
        cd = kid(c, "code")
        return code_named(cd, ids) or attr(cd, "code") is not None
    if kind in ("medications", "immunizations"):
        m = path(c, "consumable/manufacturedProduct/manufacturedMaterial")
        return code_named(kid(m, "code"), ids) or has_text(kid(m, "name")) \
            or attr(kid(m, "code"), "code") is not None
    if kind == "problems":
        v = kid(c, "value")
        return code_named(v, ids) or ref_named(kid(c, "text"), ids) or \
            attr(v, "code") is not None
    if kind == "allergies":
        for p in kids(c, "participant"):
            if attr(p, "typeCode") not in (None, "CSM"):
                continue
            pe = path(p, "participantRole/playingEntity")
            if code_named(kid(pe, "code"), ids) or has_text(kid(pe, "name")):
                return True
        return code_named(kid(c, "value"), ids)
    return True


def mrn_ids(root_el):
    """(root, extension) of the patient's MRN-like ids: an extension, and
    a root that is not the SSN's."""
    role = path(root_el, "recordTarget/patientRole")
    return [(attr(i, "root"), attr(i, "extension")) for i in kids(role, "id")
            if attr(i, "extension") and attr(i, "root") != SSN]


def own_root(data):
    """The document's own MRN root: the first MRN-like id's, else the
    default (the document has none to be refused for)."""
    try:
        ids = mrn_ids(ET.fromstring(data))
    except ET.ParseError:
        return DEFAULT_ROOT
    return ids[0][0] if ids and ids[0][0] else DEFAULT_ROOT


def patient_of(data, hospital):
    """(MRN under hospital, given, family, birth date) of an importable
    document."""
    root = ET.fromstring(data)
    pt = path(root, "recordTarget/patientRole/patient")
    name = kid(pt, "name")
    text = lambda e: "".join(e.itertext()) if e is not None else ""
    v = attr(kid(pt, "birthTime"), "value")
    mrn = next(e for r, e in mrn_ids(root)
               if r is not None and r.lower() == hospital.lower())
    return mrn, text(kid(name, "given")), text(kid(name, "family")), \
        f"{v[:4]}-{v[4:6]}-{v[6:8]}"


def same_name(a, b):
    """policy_same_name: letters and digits (and non-ASCII), any case."""
    keep = lambda s: bytes(c for c in s.encode().lower()
                           if c >= 0x80 or chr(c).isalnum())
    return keep(a) == keep(b)


# An independent verdict and the words the importer's reason must hold.
REASONS = {
    "too large": "larger than",
    "DOCTYPE": "DOCTYPE",
    "not XML": "not well-formed XML",
    "not a ClinicalDocument": "not a C-CDA document",
    "nonXMLBody": "non-XML body",
    "no MRN-like id": "no MRN-like patient id",
    "another system": "from another system",
    "two MRNs": "two different MRNs",
    "no name": "no patient name",
    "no birth date": "no birth date",
}


def unimportable(data, hospital):
    """Why a document cannot be imported by the hospital whose MRN root
    is hospital, or None."""
    if len(data) > MAX_BYTES:
        return "too large"
    if re.search(rb"<!DOCTYPE", data):
        return "DOCTYPE"
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        return f"not XML ({e})"
    if root.tag != NS + "ClinicalDocument":
        return "not a ClinicalDocument"
    if kid(kid(root, "component"), "nonXMLBody") is not None:
        return "nonXMLBody"
    role = path(root, "recordTarget/patientRole")
    ids = mrn_ids(root)
    if not ids:
        return "no MRN-like id"
    mine = {e for r, e in ids if r is not None and
            r.lower() == hospital.lower()}
    if not mine:
        return "another system"
    if len(mine) > 1:
        return "two MRNs"
    pt = kid(role, "patient")
    name = kid(pt, "name")
    if not has_text(kid(name, "given")) and not has_text(kid(name, "family")):
        return "no name"
    if not has_day(attr(kid(pt, "birthTime"), "value")):
        return "no birth date"
    return None


PAYERS_CODE = "48768-6"
PAYERS_ROOT = "2.16.840.1.113883.10.20.22.2.18"


def folded(e):
    """The text under e with whitespace folded, or None if blank."""
    if e is None:
        return None
    t = " ".join("".join(e.itertext()).split())
    return t or None


def expected_coverages(data):
    """The coverages rows a record document gives by the rule in
    lib/cda/cda_import.c (payers): one per distinct (payer, member id) of
    the policy activities of its payers sections that name a payer."""
    root = ET.fromstring(data)
    code = attr(kid(root, "code"), "code")
    if code in NOTE_CODES or code == IMAGING_CODE:
        return 0
    seen = set()

    def payer(pol):
        for pf in kids(pol, "performer"):
            t = attr(pf, "typeCode")
            c = attr(path(pf, "assignedEntity/code"), "code")
            if t in (None, "PRF") and c != "GUAR":
                return folded(path(pf, "assignedEntity/representedOrganization/name"))
        return None

    def section(s):
        if attr(kid(s, "code"), "code") == PAYERS_CODE or any(
                attr(t, "root") == PAYERS_ROOT for t in kids(s, "templateId")):
            for e in kids(s, "entry"):
                act = kid(e, "act")
                if act is None or attr(act, "nullFlavor") is not None:
                    continue
                for er in kids(act, "entryRelationship"):
                    pol = kid(er, "act")
                    if pol is None or attr(pol, "nullFlavor") is not None:
                        continue
                    name = payer(pol)
                    if name is None:
                        continue
                    member = None
                    for pt in kids(pol, "participant"):
                        if attr(pt, "typeCode") == "COV":
                            member = attr(path(pt, "participantRole/id"), "extension")
                            break
                    seen.add((name, member or ""))
        for c in kids(s, "component"):
            sub = kid(c, "section")
            if sub is not None:
                section(sub)

    body = path(root, "component/structuredBody")
    for c in (kids(body, "component") if body is not None else []):
        s = kid(c, "section")
        if s is not None:
            section(s)
    return len(seen)


def verdict_word(why):
    """The REASONS key of an unimportable() verdict."""
    return next(k for k in REASONS if why.startswith(k))


def expected(data):
    """(rows per table, skips per reason) by the rule of lib/cda.h."""
    root = ET.fromstring(data)
    ids = ids_of(root)
    rows = dict.fromkeys(TABLES, 0)
    skips = dict.fromkeys(SKIPS, 0)
    code = attr(kid(root, "code"), "code")
    dtype = ("note" if code in NOTE_CODES else
             "imaging" if code == IMAGING_CODE else "record")

    def section(s):
        kind = None
        for t in kids(s, "templateId"):
            r = attr(t, "root")
            if r in BY_ROOT:
                kind = BY_ROOT[r]
                break
        if kind is None:
            kind = BY_CODE.get(attr(kid(s, "code"), "code"), "narrative")
        n = 0
        for e in (kids(s, "entry") if kind in SHAPES else []):
            x = next((c for c in e if isinstance(c.tag, str) and
                      c.tag.startswith(NS)), None)
            local = x.tag[len(NS):] if x is not None else None
            if local not in SHAPES[kind]:
                skips["unexpected kind of entry"] += 1
                continue
            via = SHAPES[kind][local]
            cands = [x] if via is None else [
                c for v in kids(x, via[0]) for c in kids(v, via[1])]
            for c in cands:
                if attr(e, "nullFlavor") or attr(x, "nullFlavor") or \
                        attr(c, "nullFlavor"):
                    skips["no information (nullFlavor)"] += 1
                elif attr(c, "negationInd") == "true":
                    skips["negated (none known or not given)"] += 1
                elif kind == "encounters" and \
                        not has_day(ts_value(kid(c, "effectiveTime"))):
                    skips["visit without a date"] += 1
                elif not named(kind, c, ids):
                    skips["names nothing"] += 1
                else:
                    rows[kind] += 1
                    n += 1
        if dtype == "record" and n == 0 and has_text(kid(s, "text")):
            rows["narratives"] += 1
        for comp in kids(s, "component"):
            sub = kid(comp, "section")
            if sub is not None:
                section(sub)

    for comp in kids(path(root, "component/structuredBody"), "component"):
        s = kid(comp, "section")
        if s is not None:
            section(s)
    if dtype != "record":
        rows["notes" if dtype == "note" else "results"] += 1
        ee = path(root, "componentOf/encompassingEncounter")
        if ee is not None and not attr(ee, "nullFlavor") and \
                has_day(ts_value(kid(ee, "effectiveTime"))):
            rows["encounters"] += 1
    return rows, skips


# ---- Running the importer ----

def run_tool(db, paths, stdin=None, root=None):
    """(exit status, stdout, stderr) of the ASan importer, as the hospital
    whose MRN root is root (None: the default configuration)."""
    env = dict(os.environ)
    env.pop("PORTAL_CONF", None)
    if root is not None:
        conf = db + ".conf"
        with open(conf, "w") as f:
            f.write(f"mrn_root = {root}\n")
        env["PORTAL_CONF"] = conf
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1")
    p = subprocess.run([TOOL, db, SQLDIR] + paths, input=stdin,
                       capture_output=True, env=env, timeout=300)
    return p.returncode, p.stdout.decode("utf-8", "replace"), \
        p.stderr.decode("utf-8", "replace")


def sanitizer_report(err):
    return re.search(r"Sanitizer|runtime error:|LeakSanitizer", err) is not None


def summary(out):
    """What the importer's summary says: totals, rows, skips, refusals."""
    m = re.search(r"^import: (\d+) documents in [\d.]+ s: (\d+) imported, "
                  r"(\d+) already imported, (\d+) refused, (\d+) failed$",
                  out, re.M)
    totals = tuple(int(x) for x in m.groups()) if m else None
    rows, skips = {}, {}
    m = re.search(r"^rows: (.*)$", out, re.M)
    if m:
        for part in m.group(1).split(", "):
            name, _, n = part.rpartition(" ")
            rows[name] = int(n)
    m = re.search(r"^skipped entries: (.*)$", out, re.M)
    if m:
        for part in m.group(1).split(", "):
            name, _, n = part.rpartition(" ")
            skips[name] = int(n)
    refused = {}
    for line in out.splitlines():
        if line.startswith("refused: "):
            refused[line[len("refused: "):]] = True
    return totals, rows, skips, refused


def skipped_files(out):
    """The files a run named as skipped."""
    return {line[len("skipped: "):].rsplit(": ", 1)[0]
            for line in out.splitlines() if line.startswith("skipped: ")}


def reason(refused, p):
    """The importer's reason for refusing p, or None."""
    for line in refused:
        if line.startswith(p + ": "):
            return line[len(p) + 2:]
    return None


def db_counts(db):
    con = sqlite3.connect(db)
    try:
        c = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
             for t in TABLES + ["documents", "patients"]}
    finally:
        con.close()
    return c


def db_digest(db):
    """A digest of every row of every table: "changes nothing" exactly."""
    con = sqlite3.connect(db)
    h = hashlib.sha256()
    try:
        for (t,) in con.execute("SELECT name FROM sqlite_master WHERE "
                                "type = 'table' ORDER BY name").fetchall():
            for row in con.execute(f"SELECT * FROM \"{t}\" ORDER BY rowid"):
                h.update(repr(row).encode())
    finally:
        con.close()
    return h.hexdigest()


def corpus_files():
    out = []
    for d, dirs, files in os.walk(CORPUS):
        dirs.sort()
        for f in sorted(files):
            if d == CORPUS and f in ("README.md", "MANIFEST.tsv"):
                continue
            out.append(os.path.join(d, f))
    return out


def one_alone(tmp, i, p):
    """Imports p alone as the hospital of its own MRN; returns the list of
    (ok, what, detail)."""
    rel = os.path.relpath(p, CORPUS)
    db = os.path.join(tmp, f"alone{i}.db")
    with open(p, "rb") as f:
        data = f.read()
    root = own_root(data)
    why = unimportable(data, root)
    rc, out, err = run_tool(db, [p], root=root)
    checks = []
    san = sanitizer_report(err)
    totals, rows, skips, refused = summary(out)
    if san or rc != (0 if why is None else 1) or totals is None:
        checks.append((False, f"alone: {rel}",
                       f"exit {rc}, sanitizer {san}: {err[-800:]}{out[-400:]}"))
        return checks
    if why is not None:
        said = reason(refused, p)
        ok = totals[3] == 1 and said is not None and \
            REASONS[verdict_word(why)] in said
        checks.append((ok, f"alone: {rel}: refused ({said}); "
                       f"independent: {why}",
                       "" if ok else f"importer: {out.splitlines()[-3:]}"))
        if ok:
            c = db_counts(db)
            checks.append((all(v == 0 for v in c.values()),
                           f"alone: {rel}: refusal left the database empty",
                           str(c)))
        return checks
    if totals[1] != 1:
        checks.append((False, f"alone: {rel}",
                       f"refused by the importer ({refused}), not by the "
                       f"independent check"))
        return checks
    want_rows, want_skips = expected(data)
    got = db_counts(db)
    diff = {t: (got[t], want_rows[t]) for t in TABLES if got[t] != want_rows[t]}
    diff.update({t: (rows.get(t), want_rows[t]) for t in TABLES
                 if rows.get(t) != want_rows[t]})
    diff.update({s: (skips.get(s), want_skips[s]) for s in SKIPS
                 if skips.get(s) != want_skips[s]})
    n = sum(want_rows.values())
    checks.append((not diff, f"alone: {rel}: {n} rows as counted", str(diff)))
    want_cov = expected_coverages(data)
    con = sqlite3.connect(db)
    got_cov = con.execute("SELECT count(*) FROM coverages WHERE source = "
                          "'cda' AND active = 1 AND document_id IS NOT NULL"
                          ).fetchone()[0]
    con.close()
    if want_cov or got_cov:
        checks.append((got_cov == want_cov, f"alone: {rel}: {want_cov} "
                       f"coverages from its payers section",
                       f"got {got_cov}"))
    return checks


# ---- The whole corpus as one hospital ----

def corpus_as(tmp, hospital, files):
    """The whole corpus folder twice into one database, as the hospital
    whose MRN root is hospital."""
    tag = f"corpus as {hospital}"
    db = os.path.join(tmp, f"corpus-{hospital}.db")
    rc, out, err = run_tool(db, [CORPUS], root=hospital)
    totals, rows, _, refused = summary(out)
    check(rc == 1 and not sanitizer_report(err) and totals is not None,
          f"{tag}: first run (exit status 1: documents were refused)",
          f"exit {rc}: {err[-800:]}")
    if totals is None:
        return
    for line in out.splitlines():
        if re.match(r"import: \d+ documents in |rows: |skipped entries", line):
            print(f"     {line}")

    # Every file of the folder is taken by its name or named as skipped.
    everything = [os.path.join(d, f) for d, _, fs in os.walk(CORPUS)
                  for f in fs]
    taken = [p for p in files if p.lower().endswith(NAMES)]
    check(skipped_files(out) == {p for p in everything
                                 if not p.lower().endswith(NAMES)},
          f"{tag}: the files not named as C-CDA are named as skipped",
          str(skipped_files(out)))

    # Each document: imported, a duplicate, or refused for the reason
    # found here. A document without an id under the hospital's root is
    # another system's ("from another system"), whatever its number; one
    # under it whose MRN another patient holds is refused as such (the
    # patient on file differs by name or birth date).
    con = sqlite3.connect(db)
    want = dict.fromkeys(TABLES, 0)
    seen, wrong, mrns = set(), [], set()
    n = dict.fromkeys(["imported", "duplicate", "another system",
                       "MRN of another patient", "unimportable"], 0)
    for p in taken:
        rel = os.path.relpath(p, CORPUS)
        with open(p, "rb") as f:
            data = f.read()
        why = unimportable(data, hospital)
        said = reason(refused, p)
        if why is not None:
            n["another system" if why == "another system"
              else "unimportable"] += 1
            if said is None or REASONS[verdict_word(why)] not in said:
                wrong.append((rel, why, said))
            continue
        h = hashlib.sha256(data).digest()
        if h in seen:
            n["duplicate"] += 1
            if said is not None:
                wrong.append((rel, "a duplicate", said))
            continue
        mrn, given, family, dob = patient_of(data, hospital)
        mrns.add(mrn)
        on_file = con.execute("SELECT given, family, dob FROM patients "
                              "WHERE mrn = ?", (mrn,)).fetchone()
        same = on_file is not None and same_name(on_file[0], given) and \
            same_name(on_file[1], family) and on_file[2] == dob
        if said is not None:
            n["MRN of another patient"] += 1
            if "demographics do not match" not in said or on_file is None \
                    or same:
                wrong.append((rel, "MRN of another patient", said))
            continue
        n["imported"] += 1
        seen.add(h)
        if not same:
            wrong.append((rel, "imported to its patient", on_file))
        for t, k in expected(data)[0].items():
            want[t] += k
    check(not wrong, f"{tag}: every document taken or refused for its "
          f"reason ({', '.join(f'{k} {v}' for k, v in n.items())})",
          str(wrong[:5]))
    check(totals[:3] == (len(taken), n["imported"], n["duplicate"]) and
          totals[3] == len(taken) - n["imported"] - n["duplicate"],
          f"{tag}: the summary's totals", str(totals))
    on_file = {m for (m,) in con.execute("SELECT mrn FROM patients")}
    con.close()
    check(on_file <= mrns, f"{tag}: every patient's MRN is under the "
          f"hospital's root", str(on_file - mrns))
    got = db_counts(db)
    check(all(got[t] == want[t] for t in TABLES),
          f"{tag}: rows in one database as counted",
          str({t: (got[t], want[t]) for t in TABLES}))

    before, digest = db_counts(db), db_digest(db)
    rc, out2, err = run_tool(db, [CORPUS], root=hospital)
    totals2 = summary(out2)[0]
    check(rc == 1 and not sanitizer_report(err) and totals2 is not None
          and totals2[1] == 0 and totals2[2] == totals[1] + totals[2],
          f"{tag}: second run imports nothing new", f"{totals} then {totals2}")
    check(db_counts(db) == before and db_digest(db) == digest,
          f"{tag}: second run changed no row", f"{before} -> {db_counts(db)}")


# ---- Hostile documents ----

HEADER = """<ClinicalDocument xmlns="urn:hl7-org:v3">
 <code code="34133-9" codeSystem="2.16.840.1.113883.6.1"/>
 <title>%s</title>
 <recordTarget><patientRole>
  <id root="2.16.840.1.113883.19.5" extension="HOSTILE-1"/>
  <patient><name><given>Eve</given><family>Hostile</family></name>
   <administrativeGenderCode code="F"/><birthTime value="20100101"/></patient>
 </patientRole></recordTarget>
 <component><structuredBody><component><section>
  <code code="29299-5"/><title>Reason</title><text>%s</text>
 </section></component></structuredBody></component>
</ClinicalDocument>
"""


def hostile_docs(tmp):
    docs = {}
    docs["XXE (SYSTEM entity to /etc/passwd)"] = (
        '<?xml version="1.0"?>\n<!DOCTYPE ClinicalDocument [\n'
        ' <!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n' +
        HEADER % ("&xxe;", "&xxe;")).encode()
    lol = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">' for i in range(1, 10)]
    docs["billion laughs"] = (
        '<?xml version="1.0"?>\n<!DOCTYPE ClinicalDocument [\n ' +
        "\n ".join(lol) + "\n]>\n" + HEADER % ("&lol9;", "&lol9;")).encode()
    docs["external DTD (network)"] = (
        '<?xml version="1.0"?>\n<!DOCTYPE ClinicalDocument SYSTEM '
        '"http://127.0.0.1:9/cda.dtd">\n' + HEADER % ("t", "t")).encode()
    docs["10,000-deep nesting"] = (
        HEADER % ("deep", "<content>" * 10000 + "x" + "</content>" * 10000)
    ).encode()
    big = HEADER % ("big", "x" * (30 * 1024 * 1024))
    docs["30 MB file"] = big.encode()
    docs["not XML (a PDF)"] = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" * 50
    docs["not well-formed (truncated)"] = (HEADER % ("t", "t"))[:400].encode()
    docs["an element with 150,000 attributes"] = (HEADER % (
        "attributes", "<content " + " ".join(f'a{i}="x"' for i in
                                             range(150000)) + ">x</content>")
    ).encode()
    docs["EBCDIC"] = ('<?xml version="1.0" encoding="IBM037"?>' +
                      HEADER % ("t", "t")).encode("cp037")
    # The seed's MRN, name and birth date, from another system.
    docs["the same MRN, name and birth date from another system"] = (
        HEADER % ("elsewhere", "x")).replace(
            'root="2.16.840.1.113883.19.5"',
            'root="2.16.840.1.113883.3.4242"').encode()
    paths = {}
    for i, (name, data) in enumerate(docs.items()):
        p = os.path.join(tmp, f"hostile{i}.xml")
        with open(p, "wb") as f:
            f.write(data)
        paths[name] = p
    return paths


def main():
    if not os.access(TOOL, os.X_OK):
        check(False, "build/tools/cda_import exists",
              "run: make build/tools/cda_import")
        print(f"import: {passed} passed, {failed} failed")
        return 1
    with tempfile.TemporaryDirectory(prefix="import-test.") as tmp:
        have_corpus = os.path.isdir(CORPUS)
        if not have_corpus:
            print(f"import: skipped the corpus checks: {CORPUS} not found")
        else:
            files = corpus_files()
            with concurrent.futures.ThreadPoolExecutor(max_workers=2) as ex:
                for checks in ex.map(lambda a: one_alone(tmp, *a),
                                     enumerate(files)):
                    for c in checks:
                        check(*c)

            for hospital in HOSPITALS:
                corpus_as(tmp, hospital, files)

        # Hostile documents: refused, database unchanged.
        db = os.path.join(tmp, "hostile.db")
        seed = os.path.join(tmp, "seed.xml")
        with open(seed, "w") as f:
            f.write(HEADER % ("seed", "a reason"))
        rc, out, err = run_tool(db, [seed])
        check(rc == 0 and summary(out)[0] is not None and
              summary(out)[0][1] == 1, "hostile: a seed document imports",
              out + err)
        before, digest = db_counts(db), db_digest(db)
        for name, p in hostile_docs(tmp).items():
            rc, out, err = run_tool(db, [p])
            totals, _, _, refused = summary(out)
            ok = rc == 1 and not sanitizer_report(err) and totals is not None \
                and totals[3] == 1 and reason(refused, p) is not None
            check(ok, f"hostile: {name}: refused ({reason(refused, p)})",
                  f"exit {rc}: {out[-600:]}{err[-600:]}")
            check(db_counts(db) == before and db_digest(db) == digest,
                  f"hostile: {name}: database unchanged")
        with open(seed, "rb") as f:
            rc, out, err = run_tool(db, ["-"], stdin=f.read())
        totals = summary(out)[0]
        check(rc == 0 and totals is not None and totals[2] == 1,
              "stdin: the same document again is already imported", out + err)
        con = sqlite3.connect(db)
        leaked = con.execute("SELECT count(*) FROM narratives WHERE body LIKE "
                             "'%root:%' OR title LIKE '%root:%'").fetchone()[0]
        con.close()
        check(leaked == 0, "hostile: nothing of /etc/passwd in the database")
    print(f"import: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
