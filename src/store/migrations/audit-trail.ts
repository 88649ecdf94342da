// The audit trail's tables, the same on every node (020-audit-trail) and on the hub (007-audit-trail).

export const AUDIT_TRAIL_SQL = `
-- 审计日志 (docs/SECURITY.md): one hash-chained, append-only row per recorded request. Entries carry psn_no and
-- a masked ID number, never a name; hash = SM3 over the canonical form of the entry and prev_hash.
CREATE TABLE {s}.audit_trail (
  seq bigint PRIMARY KEY CHECK (seq > 0),
  at text NOT NULL,
  at_china text NOT NULL,
  actor_kind text NOT NULL CHECK (actor_kind IN ('staff', 'person', 'institution', 'anonymous')),
  actor text,
  role text,
  actor_province text,
  action text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('read', 'change')),
  psn_no text,
  certno_masked text,
  refs text,
  ip text,
  status integer NOT NULL,
  infcode integer,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX ON {s}.audit_trail (at COLLATE "C");
CREATE INDEX ON {s}.audit_trail (psn_no, seq) WHERE psn_no IS NOT NULL;
CREATE INDEX ON {s}.audit_trail (actor, seq);

-- The chain's head: the last seq and hash, the one row appenders lock. It also shows a deleted tail.
CREATE TABLE {s}.audit_trail_head (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  seq bigint NOT NULL,
  hash text NOT NULL
);
INSERT INTO {s}.audit_trail_head (id, seq, hash) VALUES (true, 0, '${'0'.repeat(64)}');

-- Append-only in the database: UPDATE, DELETE and TRUNCATE are refused. A superuser can drop the trigger; the
-- chain's verification (yidi audit verify) is what catches that.
CREATE FUNCTION {s}.audit_trail_refuse() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'audit_trail is append-only: % refused', TG_OP;
END
$fn$;
CREATE TRIGGER audit_trail_append_only BEFORE UPDATE OR DELETE ON {s}.audit_trail
  FOR EACH ROW EXECUTE FUNCTION {s}.audit_trail_refuse();
CREATE TRIGGER audit_trail_no_truncate BEFORE TRUNCATE ON {s}.audit_trail
  FOR EACH STATEMENT EXECUTE FUNCTION {s}.audit_trail_refuse();
`;
