-- Stock counters (库存计数) kept by the database itself: every statement that inserts, updates or deletes blood_unit
-- rows appends its net change per stock key (organisation, class, ABO, RhD, status, expiry day in Asia/Shanghai) to
-- stock_delta; stock_counter_compact() folds the deltas into stock_counter. Readers sum both in one snapshot, so the
-- figures are exact whatever the compaction lag. Statement-level with transition tables: one INSERT per statement,
-- and no shared row is updated by issue transactions (no lock waits, no deadlocks between them).
CREATE OR REPLACE FUNCTION shanghai_day(ts timestamptz) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT ((ts AT TIME ZONE 'UTC') + interval '8 hours')::date $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION stock_delta_capture() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO stock_delta (station_id, org_id, component_class, abo, rhd, status, expiry_day, units, quantity)
    SELECT station_id, location_org_id, component_class, abo, rhd, status, shanghai_day(expires_at), count(*), sum(quantity)
    FROM new_rows
    WHERE status IN ('available', 'reserved', 'quarantined', 'issued') AND abo IS NOT NULL AND rhd IS NOT NULL AND component_class <> 'whole_blood'
    GROUP BY 1, 2, 3, 4, 5, 6, 7;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO stock_delta (station_id, org_id, component_class, abo, rhd, status, expiry_day, units, quantity)
    SELECT station_id, org_id, component_class, abo, rhd, status, expiry_day, sum(units), sum(quantity)
    FROM (
      SELECT station_id, location_org_id AS org_id, component_class, abo, rhd, status, shanghai_day(expires_at) AS expiry_day, -1 AS units, -quantity AS quantity
      FROM old_rows
      WHERE status IN ('available', 'reserved', 'quarantined', 'issued') AND abo IS NOT NULL AND rhd IS NOT NULL AND component_class <> 'whole_blood'
      UNION ALL
      SELECT station_id, location_org_id, component_class, abo, rhd, status, shanghai_day(expires_at), 1, quantity
      FROM new_rows
      WHERE status IN ('available', 'reserved', 'quarantined', 'issued') AND abo IS NOT NULL AND rhd IS NOT NULL AND component_class <> 'whole_blood'
    ) x
    GROUP BY 1, 2, 3, 4, 5, 6, 7
    HAVING sum(units) <> 0 OR sum(quantity) <> 0;
  ELSE
    INSERT INTO stock_delta (station_id, org_id, component_class, abo, rhd, status, expiry_day, units, quantity)
    SELECT station_id, location_org_id, component_class, abo, rhd, status, shanghai_day(expires_at), -count(*), -sum(quantity)
    FROM old_rows
    WHERE status IN ('available', 'reserved', 'quarantined', 'issued') AND abo IS NOT NULL AND rhd IS NOT NULL AND component_class <> 'whole_blood'
    GROUP BY 1, 2, 3, 4, 5, 6, 7;
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER blood_unit_stock_insert AFTER INSERT ON blood_unit REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stock_delta_capture();--> statement-breakpoint
CREATE TRIGGER blood_unit_stock_update AFTER UPDATE ON blood_unit REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stock_delta_capture();--> statement-breakpoint
CREATE TRIGGER blood_unit_stock_delete AFTER DELETE ON blood_unit REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stock_delta_capture();--> statement-breakpoint
-- Folds every visible delta into the counters in one transaction (serialised by an advisory lock; deltas of
-- transactions still open stay for the next run) and drops counters that reached zero. Returns the deltas folded.
CREATE OR REPLACE FUNCTION stock_counter_compact() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE folded integer;
BEGIN
  PERFORM pg_advisory_xact_lock(7268001);
  WITH moved AS (DELETE FROM stock_delta RETURNING station_id, org_id, component_class, abo, rhd, status, expiry_day, units, quantity),
  summed AS (
    SELECT station_id, org_id, component_class, abo, rhd, status, expiry_day, sum(units) AS units, sum(quantity) AS quantity, count(*) AS n
    FROM moved GROUP BY 1, 2, 3, 4, 5, 6, 7),
  applied AS (
    INSERT INTO stock_counter AS c (station_id, org_id, component_class, abo, rhd, status, expiry_day, units, quantity)
    SELECT station_id, org_id, component_class, abo, rhd, status, expiry_day, units, quantity FROM summed
    ON CONFLICT (station_id, org_id, component_class, abo, rhd, status, expiry_day)
      DO UPDATE SET units = c.units + excluded.units, quantity = c.quantity + excluded.quantity)
  SELECT coalesce(sum(n), 0) INTO folded FROM summed;
  DELETE FROM stock_counter WHERE units = 0 AND quantity = 0;
  RETURN folded;
END;
$$;--> statement-breakpoint
-- Existing stock at the time of the migration.
INSERT INTO stock_counter (station_id, org_id, component_class, abo, rhd, status, expiry_day, units, quantity)
SELECT station_id, location_org_id, component_class, abo, rhd, status, shanghai_day(expires_at), count(*), sum(quantity)
FROM blood_unit
WHERE status IN ('available', 'reserved', 'quarantined', 'issued') AND abo IS NOT NULL AND rhd IS NOT NULL AND component_class <> 'whole_blood'
GROUP BY 1, 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
-- The day's edge of the stock counters (units expiring today, and the third day's units inside the 3-day window) is
-- read from this covering index alone: location, status and expiry to find them, type and quantity to count them.
CREATE INDEX blood_unit_location_expiry_idx ON blood_unit (location_org_id, status, expires_at) INCLUDE (station_id, component_class, abo, rhd, quantity);
