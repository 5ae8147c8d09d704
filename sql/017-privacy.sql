-- 017: the privacy office (issue 16 part 1; S-1, H-2): a staff role
-- 'privacy' that searches and exports the audit log, and the indexes its
-- filters walk.

-- The role's CHECK widens. SQLite cannot alter a CHECK: the table is
-- rebuilt with its rows (nothing references staff_roles). PostgreSQL
-- drops and adds the constraint (the name it gave the column's CHECK).
-- engine: sqlite
CREATE TABLE staff_roles_new (
	staff_id	INTEGER NOT NULL REFERENCES staff(id),
	role		TEXT NOT NULL CHECK (role IN ('verifier', 'provisioning',
			    'billing', 'clinic', 'admin', 'privacy')),
	PRIMARY KEY (staff_id, role)
);
INSERT INTO staff_roles_new (staff_id, role) SELECT staff_id, role FROM staff_roles;
DROP TABLE staff_roles;
ALTER TABLE staff_roles_new RENAME TO staff_roles;
-- engine: postgresql
ALTER TABLE staff_roles DROP CONSTRAINT staff_roles_role_check;
ALTER TABLE staff_roles ADD CONSTRAINT staff_roles_role_check CHECK (role IN
    ('verifier', 'provisioning', 'billing', 'clinic', 'admin', 'privacy'));
-- engine: all

-- A search by actor (one person's or a kind's: 'family:' prefix) walks
-- actor, newest first; a search by time range walks at. A search by
-- patient has audit_patient (001).
CREATE INDEX audit_actor ON audit(actor, id);
CREATE INDEX audit_at ON audit(at, id);
