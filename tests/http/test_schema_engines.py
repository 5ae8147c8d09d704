"""One schema, two engines (issue 10.2): `portalctl init` of an SQLite file
and of an empty PostgreSQL database, from the same sql/NNN-*.sql (with
lib/store's documented translation), end with the same tables, columns
(type, NOT NULL, default), indexes (columns in order, unique, partial),
foreign keys and triggers, at the same schema version.

Types compare by SQLite's declared type and PostgreSQL's translation of
it (INTEGER -> bigint, TEXT -> text, BLOB -> bytea); an index that
stands for a UNIQUE or PRIMARY KEY constraint compares by its columns
(the engines name those their own way). The one difference allowed:
PostgreSQL's audit log also refuses TRUNCATE (audit_no_truncate), a
statement SQLite does not have; results_patient_kind covers the result's
code and name on SQLite only; its bookkeeping table portal_schema is
PRAGMA user_version on SQLite.

The PostgreSQL server: the run's (run.py --engine postgresql), else a
throwaway cluster of the module's own (tests/tools/pgcluster.py)."""

import os
import sqlite3
import subprocess
import sys

import harness
from harness import ROOT

sys.path.insert(0, str(ROOT / 'tests' / 'tools'))
import pgcluster  # noqa: E402

TYPES = {'INTEGER': 'bigint', 'TEXT': 'text', 'BLOB': 'bytea'}
PG_ONLY_TRIGGERS = {('audit', 'audit_no_truncate')}
# results_patient_kind covers the free texts code and name on SQLite only
# (sql/011: a PostgreSQL B-tree entry is at most 2,704 bytes).
SQLITE_COVERS = {('results', ('patient_id', 'kind', 'resulted', 'id', 'code',
                              'name', 'confidential', 'outside',
                              'encounter_id'), False, False):
                 ('results', ('patient_id', 'kind', 'resulted', 'id',
                              'confidential', 'outside', 'encounter_id'),
                  False, False)}
S = {}


def _conf(instance, name, database):
    path = instance.scratch / f'{name}.conf'
    keep = [ln for ln in instance.conf_path.read_text().splitlines()
            if ln.split('=', 1)[0].strip() not in
            ('database', 'key_file', 'audit_checkpoints')]
    keep += [f'database = {database}',
             f'key_file = {instance.scratch / (name + ".key")}',
             f'audit_checkpoints = {instance.scratch / (name + ".ckp")}']
    path.write_text('\n'.join(keep) + '\n')
    return path


def _init(instance, conf):
    env = instance.env()
    env['PORTAL_CONF'] = str(conf)
    r = subprocess.run([str(ROOT / 'bin' / 'portalctl'), 'init'], env=env,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr


def setup(instance):
    cluster = harness.PG
    if cluster is None:
        cluster = pgcluster.Cluster(ROOT / 'var' / 'test' /
                                    f'pg-schema-{os.getpid()}')
        cluster.init()
        cluster.start()
        S['own'] = cluster
    S['pg'] = cluster
    S['pgdb'] = f'schema_{os.getpid()}_{instance.server}'
    cluster.psql(f'DROP DATABASE IF EXISTS {S["pgdb"]}')
    cluster.createdb(S['pgdb'])
    S['sqlite'] = instance.scratch / 'schema.db'
    _init(instance, _conf(instance, 'sqlite', S['sqlite']))
    _init(instance, _conf(instance, 'pg', cluster.url(S['pgdb'])))


def _sqlite():
    """(version, tables {t: {col: (type, notnull, has default)}},
    indexes {(t, cols, unique, partial)}, named {name: key},
    fks {(t, cols, ref, refcols)}, triggers {(t, name)})."""
    con = sqlite3.connect(S['sqlite'])
    try:
        version = con.execute('PRAGMA user_version').fetchone()[0]
        tables, indexes, named, fks, triggers = {}, set(), {}, set(), set()
        names = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND "
            "name NOT LIKE 'sqlite%' ORDER BY name")]
        for t in names:
            cols = {}
            for _, name, typ, notnull, dflt, pk in con.execute(
                    f'PRAGMA table_info({t})'):
                # An INTEGER PRIMARY KEY is NOT NULL (the rowid) on both.
                cols[name] = (TYPES.get(typ.upper(), typ), bool(notnull or pk),
                              dflt is not None)
            tables[t] = cols
            for _, iname, unique, origin, partial in con.execute(
                    f'PRAGMA index_list({t})'):
                icols = tuple(r[2] for r in con.execute(
                    f'PRAGMA index_info({iname})'))
                key = (t, icols, bool(unique), bool(partial))
                indexes.add(key)
                if origin == 'c':
                    named[iname] = key
            # The INTEGER PRIMARY KEY is the rowid, no index: PostgreSQL's
            # primary key index stands for it.
            pk = [c for c in con.execute(f'PRAGMA table_info({t})') if c[5]]
            if len(pk) == 1 and pk[0][2].upper() == 'INTEGER':
                indexes.add((t, (pk[0][1],), True, False))
            groups = {}
            for fid, seq, ref, frm, to, *_ in con.execute(
                    f'PRAGMA foreign_key_list({t})'):
                groups.setdefault(fid, []).append((seq, ref, frm, to))
            for g in groups.values():
                g.sort()
                fks.add((t, tuple(x[2] for x in g), g[0][1],
                         tuple(x[3] for x in g)))
        for name, t in con.execute("SELECT name, tbl_name FROM sqlite_master "
                                   "WHERE type = 'trigger'"):
            triggers.add((t, name))
        return version, tables, indexes, named, fks, triggers
    finally:
        con.close()


def _rows(sql):
    out = S['pg'].psql(sql, db=S['pgdb'])
    return [ln.split('|') for ln in out.splitlines() if ln]


def _postgresql():
    version = int(_rows('SELECT max(version) FROM portal_schema')[0][0])
    tables, indexes, named, fks, triggers = {}, set(), {}, set(), set()
    for t, c, typ, nullable, dflt, ident in _rows(
            "SELECT table_name, column_name, data_type, is_nullable, "
            "coalesce(column_default, ''), is_identity FROM "
            "information_schema.columns WHERE table_schema = 'public' AND "
            "table_name <> 'portal_schema' ORDER BY 1, ordinal_position"):
        # An identity column is SQLite's rowid alias: no default there.
        tables.setdefault(t, {})[c] = (typ, nullable == 'NO',
                                       dflt != '' and ident != 'YES')
    for t, iname, unique, partial, cols, constraint in _rows(
            "SELECT t.relname, i.relname, x.indisunique, "
            "x.indpred IS NOT NULL, "
            "(SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM "
            "unnest(x.indkey) WITH ORDINALITY k(attnum, n) JOIN pg_attribute a "
            "ON a.attrelid = t.oid AND a.attnum = k.attnum), "
            "EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid) "
            "FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
            "JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON "
            "n.oid = t.relnamespace WHERE n.nspname = 'public' AND "
            "t.relname <> 'portal_schema'"):
        key = (t, tuple(cols.split(',')), unique == 't', partial == 't')
        indexes.add(key)
        if constraint == 'f':
            named[iname] = key
    for t, cols, ref, refcols in _rows(
            "SELECT c.conrelid::regclass::text, "
            "(SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM "
            "unnest(c.conkey) WITH ORDINALITY k(attnum, n) JOIN pg_attribute a "
            "ON a.attrelid = c.conrelid AND a.attnum = k.attnum), "
            "c.confrelid::regclass::text, "
            "(SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM "
            "unnest(c.confkey) WITH ORDINALITY k(attnum, n) JOIN pg_attribute a "
            "ON a.attrelid = c.confrelid AND a.attnum = k.attnum) "
            "FROM pg_constraint c WHERE c.contype = 'f'"):
        fks.add((t, tuple(cols.split(',')), ref, tuple(refcols.split(','))))
    for t, name in _rows("SELECT tgrelid::regclass::text, tgname FROM "
                         "pg_trigger WHERE NOT tgisinternal"):
        triggers.add((t, name))
    return version, tables, indexes, named, fks, triggers


def test_same_version_tables_and_columns():
    sv, st, *_ = _sqlite()
    pv, pt, *_ = _postgresql()
    assert sv == pv and sv > 0, (sv, pv)
    assert sorted(st) == sorted(pt), set(st) ^ set(pt)
    for t in st:
        assert st[t] == pt[t], (t, st[t], pt[t])


def test_same_indexes():
    _, _, si, sn, *_ = _sqlite()
    _, _, pi, pn, *_ = _postgresql()
    assert set(SQLITE_COVERS) <= si and set(SQLITE_COVERS.values()) <= pi
    si = {SQLITE_COVERS.get(k, k) for k in si}
    sn = {n: SQLITE_COVERS.get(k, k) for n, k in sn.items()}
    assert si == pi, (si - pi, pi - si)
    assert sn == pn, (set(sn.items()) ^ set(pn.items()))


def test_same_foreign_keys_and_triggers():
    *_, sf, strig = _sqlite()
    *_, pf, ptrig = _postgresql()
    assert sf and sf == pf, (sf ^ pf)
    assert strig == ptrig - PG_ONLY_TRIGGERS, (strig ^ ptrig)
    assert PG_ONLY_TRIGGERS <= ptrig


def test_comment_only_migration_on_both_engines(instance):
    """A migration of comments only (one whose parts are still to come, as
    sql/016 was for a while) is applied on both engines: PostgreSQL calls
    it an empty query, which is no failure."""
    import shutil
    sql = instance.scratch / 'sql-empty'
    shutil.copytree(ROOT / 'sql', sql)
    top = max(int(f.name[:3]) for f in sql.glob('[0-9][0-9][0-9]-*.sql'))
    (sql / f'{top + 1:03d}-empty.sql').write_text(
        '-- nothing yet: each part appends its block below\n')
    db = f'{S["pgdb"]}_empty'
    S['pg'].psql(f'DROP DATABASE IF EXISTS {db}')
    S['pg'].createdb(db)
    try:
        for name, database in (('empty-sqlite', instance.scratch / 'empty.db'),
                               ('empty-pg', S['pg'].url(db))):
            conf = _conf(instance, name, database)
            conf.write_text(conf.read_text() + f'sql = {sql}\n')
            _init(instance, conf)
        got = S['pg'].psql('SELECT version FROM portal_schema', db=db)
        assert str(top + 1) in got, got
        con = sqlite3.connect(instance.scratch / 'empty.db')
        try:
            assert con.execute('PRAGMA user_version').fetchone()[0] == top + 1
        finally:
            con.close()
    finally:
        S['pg'].psql(f'DROP DATABASE IF EXISTS {db}')


def test_zz_cleanup():
    """Drops the module's PostgreSQL database (and its own cluster)."""
    S['pg'].psql(f'DROP DATABASE IF EXISTS {S["pgdb"]}')
    if 'own' in S:
        S.pop('own').destroy()
