CREATE FUNCTION predonation_record_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.signed_at IS NOT NULL THEN
    IF TG_OP = 'DELETE' THEN
      RAISE EXCEPTION 'predonation_record % is signed and cannot be deleted', OLD.id USING ERRCODE = 'check_violation';
    END IF;
    -- the only change allowed after signing: binding the donation once
    IF (to_jsonb(NEW) - 'donation_id') IS DISTINCT FROM (to_jsonb(OLD) - 'donation_id') OR OLD.donation_id IS NOT NULL THEN
      RAISE EXCEPTION 'predonation_record % is signed and immutable', OLD.id USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
--> statement-breakpoint
CREATE TRIGGER predonation_record_immutable BEFORE UPDATE OR DELETE ON predonation_record
  FOR EACH ROW EXECUTE FUNCTION predonation_record_immutable();
