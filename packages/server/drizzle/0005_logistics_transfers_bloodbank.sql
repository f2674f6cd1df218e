CREATE TABLE "cold_alarm" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "cold_alarm_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"device_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"temp_c" numeric(5, 1),
	"detail" text,
	"acknowledged_by" bigint,
	"acknowledged_at" timestamp with time zone,
	"ack_note" text,
	CONSTRAINT "cold_alarm_kind_ck" CHECK ("cold_alarm"."kind" in ('out_of_range','missing_reading'))
);
--> statement-breakpoint
CREATE TABLE "cold_device" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "cold_device_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"component_class" text NOT NULL,
	"org_id" bigint NOT NULL,
	"location" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cold_device_kind_ck" CHECK ("cold_device"."kind" in ('refrigerator','freezer','platelet_incubator','transport_box')),
	CONSTRAINT "cold_device_class_ck" CHECK ("cold_device"."component_class" in ('whole_blood','red_cells','platelets','plasma','cryo'))
);
--> statement-breakpoint
CREATE TABLE "crossmatch" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "crossmatch_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"hospital_org_id" bigint NOT NULL,
	"unit_id" bigint NOT NULL,
	"patient_name" text NOT NULL,
	"patient_id_number" text,
	"patient_record_no" text,
	"patient_abo" text NOT NULL,
	"patient_rhd" text NOT NULL,
	"sample_at" timestamp with time zone NOT NULL,
	"method" text NOT NULL,
	"major" text NOT NULL,
	"minor" text NOT NULL,
	"performed_by" bigint NOT NULL,
	"reviewed_by_name" text,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "crossmatch_major_ck" CHECK ("crossmatch"."major" in ('compatible','incompatible')),
	CONSTRAINT "crossmatch_minor_ck" CHECK ("crossmatch"."minor" in ('compatible','incompatible')),
	CONSTRAINT "crossmatch_method_ck" CHECK ("crossmatch"."method" in ('saline','polybrene','antiglobulin','gel_card','microcolumn'))
);
--> statement-breakpoint
CREATE TABLE "peer_nonce" (
	"station_id" bigint NOT NULL,
	"peer_code" text NOT NULL,
	"nonce" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "peer_nonce_station_id_peer_code_nonce_pk" PRIMARY KEY("station_id","peer_code","nonce")
);
--> statement-breakpoint
CREATE TABLE "peer_station" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "peer_station_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"base_url" text NOT NULL,
	"secret" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reader_device" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "reader_device_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"org_id" bigint NOT NULL,
	"location" text NOT NULL,
	"event_type" text NOT NULL,
	"key_hash" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reader_device_event_ck" CHECK ("reader_device"."event_type" in ('store_in','storage','store_out','transport','handover','receipt','reader_scan'))
);
--> statement-breakpoint
CREATE TABLE "reader_read" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "reader_read_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"reader_id" bigint NOT NULL,
	"tag" text NOT NULL,
	"read_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"din" text,
	"product_code" text,
	"unit_id" bigint,
	"outcome" text NOT NULL,
	"temp_c" numeric(5, 1),
	CONSTRAINT "reader_read_outcome_ck" CHECK ("reader_read"."outcome" in ('event','unknown_unit','bad_tag'))
);
--> statement-breakpoint
CREATE TABLE "regional_transfer" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "regional_transfer_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"transfer_key" text NOT NULL,
	"transfer_number" text NOT NULL,
	"side" text NOT NULL,
	"peer_code" text NOT NULL,
	"status" text NOT NULL,
	"lines" jsonb NOT NULL,
	"reason" text,
	"urgency" text DEFAULT 'routine' NOT NULL,
	"manifest" jsonb,
	"decision_note" text,
	"receipt_temp_c" numeric(5, 1),
	"requested_at" timestamp with time zone NOT NULL,
	"approved_at" timestamp with time zone,
	"shipped_at" timestamp with time zone,
	"received_at" timestamp with time zone,
	"created_by" bigint,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "regional_transfer_side_ck" CHECK ("regional_transfer"."side" in ('requester','supplier')),
	CONSTRAINT "regional_transfer_status_ck" CHECK ("regional_transfer"."status" in ('requested','approved','shipped','received','rejected','cancelled')),
	CONSTRAINT "regional_transfer_urgency_ck" CHECK ("regional_transfer"."urgency" in ('routine','emergency'))
);
--> statement-breakpoint
CREATE TABLE "shipment" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "shipment_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"shipment_number" text NOT NULL,
	"mode" text NOT NULL,
	"order_id" bigint,
	"transfer_id" bigint,
	"from_org_id" bigint NOT NULL,
	"to_org_id" bigint,
	"to_name" text,
	"component_class" text NOT NULL,
	"vehicle_id" bigint,
	"box_device_id" bigint,
	"carrier_name" text,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"departed_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"created_by" bigint NOT NULL,
	CONSTRAINT "shipment_mode_ck" CHECK ("shipment"."mode" in ('delivery','pickup','combined')),
	CONSTRAINT "shipment_status_ck" CHECK ("shipment"."status" in ('planned','in_transit','delivered','cancelled'))
);
--> statement-breakpoint
CREATE TABLE "shipment_scan" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "shipment_scan_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"shipment_id" bigint NOT NULL,
	"step" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"temp_c" numeric(5, 1) NOT NULL,
	"temp_ok" boolean NOT NULL,
	"party_name" text,
	"location" text,
	"scanned_by" bigint NOT NULL,
	CONSTRAINT "shipment_scan_step_ck" CHECK ("shipment_scan"."step" in ('load','depart','handover','arrive','receive'))
);
--> statement-breakpoint
CREATE TABLE "temperature_reading" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "temperature_reading_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"device_id" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"temp_c" numeric(5, 1) NOT NULL,
	"source" text NOT NULL,
	"in_range" boolean NOT NULL,
	"recorded_by" bigint,
	CONSTRAINT "temperature_reading_source_ck" CHECK ("temperature_reading"."source" in ('manual','auto'))
);
--> statement-breakpoint
CREATE TABLE "transfer_unit" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "transfer_unit_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"transfer_id" bigint NOT NULL,
	"unit_id" bigint,
	"din" text NOT NULL,
	"product_code" text NOT NULL,
	"split_code" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "transfusion_reaction" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "transfusion_reaction_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"transfusion_id" bigint NOT NULL,
	"unit_id" bigint NOT NULL,
	"category" text NOT NULL,
	"severity" text NOT NULL,
	"description" text,
	"onset_at" timestamp with time zone NOT NULL,
	"reported_by" bigint NOT NULL,
	"reported_at" timestamp with time zone NOT NULL,
	CONSTRAINT "transfusion_reaction_category_ck" CHECK ("transfusion_reaction"."category" in ('febrile','allergic','haemolytic_acute','haemolytic_delayed','trali','taco','septic','anaphylactic','other')),
	CONSTRAINT "transfusion_reaction_severity_ck" CHECK ("transfusion_reaction"."severity" in ('mild','moderate','severe','death'))
);
--> statement-breakpoint
CREATE TABLE "unit_origin" (
	"unit_id" bigint PRIMARY KEY NOT NULL,
	"station_id" bigint NOT NULL,
	"origin_station_code" text NOT NULL,
	"origin_station_name" text,
	"transfer_id" bigint,
	"donor_number" text
);
--> statement-breakpoint
CREATE TABLE "unit_return" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "unit_return_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"unit_id" bigint NOT NULL,
	"hospital_org_id" bigint NOT NULL,
	"reason" text NOT NULL,
	"note" text,
	"temp_c" numeric(5, 1),
	"at" timestamp with time zone NOT NULL,
	"by" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vehicle" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "vehicle_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"code" text NOT NULL,
	"plate" text NOT NULL,
	"org_id" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ward_issue" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "ward_issue_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"hospital_org_id" bigint NOT NULL,
	"unit_id" bigint NOT NULL,
	"crossmatch_id" bigint,
	"patient_name" text NOT NULL,
	"patient_record_no" text,
	"ward" text NOT NULL,
	"bed" text,
	"issuer_id" bigint NOT NULL,
	"issuer_credential" text NOT NULL,
	"collector_name" text NOT NULL,
	"collector_credential" text NOT NULL,
	"check_method" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "ward_issue_method_ck" CHECK ("ward_issue"."check_method" in ('badge','fingerprint'))
);
--> statement-breakpoint
ALTER TABLE "blood_unit" ALTER COLUMN "donation_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "transfusion" ADD COLUMN "bed" text;--> statement-breakpoint
ALTER TABLE "transfusion" ADD COLUMN "ward_issue_id" bigint;--> statement-breakpoint
ALTER TABLE "transfusion" ADD COLUMN "ended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "transfusion" ADD COLUMN "volume_ml" integer;--> statement-breakpoint
ALTER TABLE "transfusion" ADD COLUMN "outcome" text;--> statement-breakpoint
ALTER TABLE "cold_alarm" ADD CONSTRAINT "cold_alarm_device_id_cold_device_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."cold_device"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cold_device" ADD CONSTRAINT "cold_device_org_id_organisation_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crossmatch" ADD CONSTRAINT "crossmatch_hospital_org_id_organisation_id_fk" FOREIGN KEY ("hospital_org_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crossmatch" ADD CONSTRAINT "crossmatch_unit_id_blood_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."blood_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reader_device" ADD CONSTRAINT "reader_device_org_id_organisation_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reader_read" ADD CONSTRAINT "reader_read_reader_id_reader_device_id_fk" FOREIGN KEY ("reader_id") REFERENCES "public"."reader_device"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reader_read" ADD CONSTRAINT "reader_read_unit_id_blood_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."blood_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment" ADD CONSTRAINT "shipment_order_id_blood_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."blood_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment" ADD CONSTRAINT "shipment_transfer_id_regional_transfer_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."regional_transfer"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment" ADD CONSTRAINT "shipment_from_org_id_organisation_id_fk" FOREIGN KEY ("from_org_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment" ADD CONSTRAINT "shipment_to_org_id_organisation_id_fk" FOREIGN KEY ("to_org_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment" ADD CONSTRAINT "shipment_vehicle_id_vehicle_id_fk" FOREIGN KEY ("vehicle_id") REFERENCES "public"."vehicle"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment" ADD CONSTRAINT "shipment_box_device_id_cold_device_id_fk" FOREIGN KEY ("box_device_id") REFERENCES "public"."cold_device"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment_scan" ADD CONSTRAINT "shipment_scan_shipment_id_shipment_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."shipment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "temperature_reading" ADD CONSTRAINT "temperature_reading_device_id_cold_device_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."cold_device"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfer_unit" ADD CONSTRAINT "transfer_unit_transfer_id_regional_transfer_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."regional_transfer"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfer_unit" ADD CONSTRAINT "transfer_unit_unit_id_blood_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."blood_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfusion_reaction" ADD CONSTRAINT "transfusion_reaction_transfusion_id_transfusion_id_fk" FOREIGN KEY ("transfusion_id") REFERENCES "public"."transfusion"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfusion_reaction" ADD CONSTRAINT "transfusion_reaction_unit_id_blood_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."blood_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_origin" ADD CONSTRAINT "unit_origin_unit_id_blood_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."blood_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_origin" ADD CONSTRAINT "unit_origin_transfer_id_regional_transfer_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."regional_transfer"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_return" ADD CONSTRAINT "unit_return_unit_id_blood_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."blood_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_return" ADD CONSTRAINT "unit_return_hospital_org_id_organisation_id_fk" FOREIGN KEY ("hospital_org_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vehicle" ADD CONSTRAINT "vehicle_org_id_organisation_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ward_issue" ADD CONSTRAINT "ward_issue_hospital_org_id_organisation_id_fk" FOREIGN KEY ("hospital_org_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ward_issue" ADD CONSTRAINT "ward_issue_unit_id_blood_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."blood_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ward_issue" ADD CONSTRAINT "ward_issue_crossmatch_id_crossmatch_id_fk" FOREIGN KEY ("crossmatch_id") REFERENCES "public"."crossmatch"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "cold_alarm_open_uq" ON "cold_alarm" USING btree ("device_id","kind") WHERE closed_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "cold_device_code_uq" ON "cold_device" USING btree ("station_id","code");--> statement-breakpoint
CREATE INDEX "crossmatch_unit_idx" ON "crossmatch" USING btree ("unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "peer_station_code_uq" ON "peer_station" USING btree ("station_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "reader_device_code_uq" ON "reader_device" USING btree ("station_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "reader_read_natural_uq" ON "reader_read" USING btree ("station_id","reader_id","tag","read_at");--> statement-breakpoint
CREATE INDEX "reader_read_received_idx" ON "reader_read" USING btree ("station_id","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "regional_transfer_key_uq" ON "regional_transfer" USING btree ("station_id","transfer_key");--> statement-breakpoint
CREATE INDEX "regional_transfer_status_idx" ON "regional_transfer" USING btree ("station_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "shipment_number_uq" ON "shipment" USING btree ("station_id","shipment_number");--> statement-breakpoint
CREATE INDEX "shipment_order_idx" ON "shipment" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "shipment_scan_shipment_idx" ON "shipment_scan" USING btree ("shipment_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "temperature_reading_uq" ON "temperature_reading" USING btree ("device_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "transfer_unit_uq" ON "transfer_unit" USING btree ("transfer_id","din","product_code","split_code");--> statement-breakpoint
CREATE UNIQUE INDEX "unit_return_unit_uq" ON "unit_return" USING btree ("unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "vehicle_code_uq" ON "vehicle" USING btree ("station_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "ward_issue_unit_uq" ON "ward_issue" USING btree ("unit_id");