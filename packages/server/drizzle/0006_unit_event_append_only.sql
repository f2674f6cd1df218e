-- unit_event is the append-only vein-to-vein trace (质规 11.2, R8): the database itself refuses to change or remove
-- a row, whatever the application does. Corrections are new events that point at the old one.
CREATE OR REPLACE FUNCTION unit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'unit_event is append-only: % refused', TG_OP USING ERRCODE = 'P0001', HINT = 'record a correcting event instead';
END;
$$;--> statement-breakpoint
CREATE TRIGGER unit_event_no_update_delete BEFORE UPDATE OR DELETE ON unit_event FOR EACH ROW EXECUTE FUNCTION unit_event_append_only();--> statement-breakpoint
CREATE TRIGGER unit_event_no_truncate BEFORE TRUNCATE ON unit_event FOR EACH STATEMENT EXECUTE FUNCTION unit_event_append_only();
