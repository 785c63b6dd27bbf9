-- Audit retention (GB/T 22239 8.1.4.3 c; 网络安全法 art. 21: logs kept at least six months).
-- The log stays append-only, with one exception: a prune transaction that sets
-- zibo.audit_prune = 'on' may delete records older than the retention period
-- (zibo.audit_retention_days, never under 180 days). Younger records are refused here even when
-- the application's own check is bypassed. TRUNCATE stays refused.
CREATE OR REPLACE FUNCTION audit_events_refuse_change() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE'
     AND current_setting('zibo.audit_prune', true) = 'on'
     AND OLD.at < now() - make_interval(days => greatest(180,
           coalesce(nullif(current_setting('zibo.audit_retention_days', true), '')::int, 180)))
  THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- The prune log is append-only as well.
CREATE TRIGGER audit_prunes_append_only
  BEFORE UPDATE OR DELETE ON audit_prunes
  FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();
