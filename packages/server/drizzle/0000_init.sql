CREATE TABLE "app_user" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "app_user_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"org_id" bigint NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"role" text NOT NULL,
	"password_hash" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" bigint,
	"actor_name" text,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"reason" text,
	"before" jsonb,
	"after" jsonb,
	"request_id" text
);
--> statement-breakpoint
CREATE TABLE "blood_order" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "blood_order_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"order_number" text NOT NULL,
	"hospital_org_id" bigint NOT NULL,
	"status" text NOT NULL,
	"priority" text NOT NULL,
	"needed_by" timestamp with time zone NOT NULL,
	"note" text,
	"created_by" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"issued_at" timestamp with time zone,
	"received_at" timestamp with time zone,
	CONSTRAINT "blood_order_status_ck" CHECK ("blood_order"."status" in ('submitted','allocated','issued','received','cancelled')),
	CONSTRAINT "blood_order_priority_ck" CHECK ("blood_order"."priority" in ('routine','emergency'))
);
--> statement-breakpoint
CREATE TABLE "blood_unit" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "blood_unit_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"din" text NOT NULL,
	"donation_id" bigint NOT NULL,
	"parent_unit_id" bigint,
	"product_id" text NOT NULL,
	"product_code" text NOT NULL,
	"split_code" text DEFAULT '00' NOT NULL,
	"component_class" text NOT NULL,
	"abo" text,
	"rhd" text,
	"volume_ml" integer NOT NULL,
	"quantity" numeric(10, 2) NOT NULL,
	"quantity_unit" text NOT NULL,
	"status" text NOT NULL,
	"released" boolean DEFAULT false NOT NULL,
	"labelled" boolean DEFAULT false NOT NULL,
	"recalled" boolean DEFAULT false NOT NULL,
	"location_org_id" bigint NOT NULL,
	"order_id" bigint,
	"collected_at" timestamp with time zone NOT NULL,
	"prepared_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "blood_unit_status_ck" CHECK ("blood_unit"."status" in ('quarantined','available','reserved','issued','transfused','processed','discarded','expired','recalled')),
	CONSTRAINT "blood_unit_class_ck" CHECK ("blood_unit"."component_class" in ('whole_blood','red_cells','platelets','plasma','cryo')),
	CONSTRAINT "blood_unit_qty_unit_ck" CHECK ("blood_unit"."quantity_unit" in ('U','dose','ml')),
	CONSTRAINT "blood_unit_abo_ck" CHECK (abo is null or abo in ('O','A','B','AB')),
	CONSTRAINT "blood_unit_rhd_ck" CHECK (rhd is null or rhd in ('POS','NEG'))
);
--> statement-breakpoint
CREATE TABLE "daily_issue" (
	"station_id" bigint NOT NULL,
	"day" date NOT NULL,
	"org_id" bigint NOT NULL,
	"component_class" text NOT NULL,
	"abo" text NOT NULL,
	"rhd" text NOT NULL,
	"quantity" numeric(12, 2) NOT NULL,
	CONSTRAINT "daily_issue_station_id_day_org_id_component_class_abo_rhd_pk" PRIMARY KEY("station_id","day","org_id","component_class","abo","rhd")
);
--> statement-breakpoint
CREATE TABLE "din_sequence" (
	"station_id" bigint NOT NULL,
	"year" integer NOT NULL,
	"next_serial" integer NOT NULL,
	CONSTRAINT "din_sequence_station_id_year_pk" PRIMARY KEY("station_id","year")
);
--> statement-breakpoint
CREATE TABLE "donation" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "donation_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"din" text NOT NULL,
	"donor_id" bigint NOT NULL,
	"site_org_id" bigint,
	"donation_type" text DEFAULT 'whole_blood' NOT NULL,
	"volume_ml" integer NOT NULL,
	"anticoagulant" text DEFAULT 'CPDA-1' NOT NULL,
	"bag_lot" text,
	"collected_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"abo" text,
	"rhd" text,
	"test_conclusion" text,
	"test_results" jsonb,
	"test_reasons" jsonb,
	"tested_at" timestamp with time zone,
	"tested_by" bigint,
	"released_at" timestamp with time zone,
	"released_by" bigint,
	"discard_reason" text,
	"created_by" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "donation_status_ck" CHECK ("donation"."status" in ('collected','tested','released','discarded','processed')),
	CONSTRAINT "donation_volume_ck" CHECK ("donation"."volume_ml" > 0),
	CONSTRAINT "donation_abo_ck" CHECK (abo is null or abo in ('O','A','B','AB')),
	CONSTRAINT "donation_rhd_ck" CHECK (rhd is null or rhd in ('POS','NEG'))
);
--> statement-breakpoint
CREATE TABLE "donor" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "donor_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"donor_number" text NOT NULL,
	"id_number" text NOT NULL,
	"name" text NOT NULL,
	"sex" text NOT NULL,
	"birth_date" date NOT NULL,
	"phone" text,
	"abo" text,
	"rhd" text,
	"deferred_until" date,
	"permanently_deferred" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "donor_abo_ck" CHECK (abo is null or abo in ('O','A','B','AB')),
	CONSTRAINT "donor_rhd_ck" CHECK (rhd is null or rhd in ('POS','NEG')),
	CONSTRAINT "donor_sex_ck" CHECK ("donor"."sex" in ('male','female'))
);
--> statement-breakpoint
CREATE TABLE "order_allocation" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "order_allocation_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"order_id" bigint NOT NULL,
	"line_id" bigint NOT NULL,
	"unit_id" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_line" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "order_line_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"order_id" bigint NOT NULL,
	"component_class" text NOT NULL,
	"abo" text NOT NULL,
	"rhd" text NOT NULL,
	"quantity" numeric(10, 2) NOT NULL,
	"allocated_quantity" numeric(10, 2) DEFAULT 0 NOT NULL,
	CONSTRAINT "order_line_abo_ck" CHECK (abo is null or abo in ('O','A','B','AB')),
	CONSTRAINT "order_line_rhd_ck" CHECK (rhd is null or rhd in ('POS','NEG')),
	CONSTRAINT "order_line_qty_ck" CHECK ("order_line"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "organisation" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "organisation_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"name_en" text,
	"type" text NOT NULL,
	"parent_id" bigint,
	"licence_number" text,
	"isbt_facility_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organisation_type_ck" CHECK ("organisation"."type" in ('station','storage_point','hospital','health_commission'))
);
--> statement-breakpoint
CREATE TABLE "transfusion" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "transfusion_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"unit_id" bigint NOT NULL,
	"hospital_org_id" bigint NOT NULL,
	"patient_name" text NOT NULL,
	"patient_id_number" text,
	"patient_abo" text NOT NULL,
	"patient_rhd" text NOT NULL,
	"ward" text,
	"transfused_at" timestamp with time zone NOT NULL,
	"recorded_by" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "unit_event" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "unit_event_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"unit_id" bigint,
	"donation_id" bigint,
	"din" text NOT NULL,
	"type" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" bigint,
	"org_id" bigint,
	"from_status" text,
	"to_status" text,
	"reason" text,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "user_session" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" bigint NOT NULL,
	"station_id" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_org_id_organisation_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "blood_order" ADD CONSTRAINT "blood_order_hospital_org_id_organisation_id_fk" FOREIGN KEY ("hospital_org_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "blood_unit" ADD CONSTRAINT "blood_unit_donation_id_donation_id_fk" FOREIGN KEY ("donation_id") REFERENCES "public"."donation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "blood_unit" ADD CONSTRAINT "blood_unit_parent_unit_id_blood_unit_id_fk" FOREIGN KEY ("parent_unit_id") REFERENCES "public"."blood_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "blood_unit" ADD CONSTRAINT "blood_unit_location_org_id_organisation_id_fk" FOREIGN KEY ("location_org_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "donation" ADD CONSTRAINT "donation_donor_id_donor_id_fk" FOREIGN KEY ("donor_id") REFERENCES "public"."donor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_allocation" ADD CONSTRAINT "order_allocation_order_id_blood_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."blood_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_allocation" ADD CONSTRAINT "order_allocation_line_id_order_line_id_fk" FOREIGN KEY ("line_id") REFERENCES "public"."order_line"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_allocation" ADD CONSTRAINT "order_allocation_unit_id_blood_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."blood_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_line" ADD CONSTRAINT "order_line_order_id_blood_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."blood_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation" ADD CONSTRAINT "organisation_parent_id_organisation_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfusion" ADD CONSTRAINT "transfusion_unit_id_blood_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."blood_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfusion" ADD CONSTRAINT "transfusion_hospital_org_id_organisation_id_fk" FOREIGN KEY ("hospital_org_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_event" ADD CONSTRAINT "unit_event_unit_id_blood_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."blood_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_event" ADD CONSTRAINT "unit_event_donation_id_donation_id_fk" FOREIGN KEY ("donation_id") REFERENCES "public"."donation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_session" ADD CONSTRAINT "user_session_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "app_user_username_uq" ON "app_user" USING btree ("username");--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "audit_log_station_at_idx" ON "audit_log" USING btree ("station_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "blood_order_number_uq" ON "blood_order" USING btree ("station_id","order_number");--> statement-breakpoint
CREATE INDEX "blood_order_status_idx" ON "blood_order" USING btree ("station_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "blood_unit_din_product_split_uq" ON "blood_unit" USING btree ("din","product_code","split_code");--> statement-breakpoint
CREATE INDEX "blood_unit_stock_idx" ON "blood_unit" USING btree ("station_id","status","component_class","abo","rhd","expires_at");--> statement-breakpoint
CREATE INDEX "blood_unit_location_idx" ON "blood_unit" USING btree ("location_org_id","status");--> statement-breakpoint
CREATE INDEX "blood_unit_donation_idx" ON "blood_unit" USING btree ("donation_id");--> statement-breakpoint
CREATE INDEX "blood_unit_order_idx" ON "blood_unit" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "donation_din_uq" ON "donation" USING btree ("din");--> statement-breakpoint
CREATE INDEX "donation_donor_idx" ON "donation" USING btree ("donor_id");--> statement-breakpoint
CREATE INDEX "donation_station_status_idx" ON "donation" USING btree ("station_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "donor_station_id_number_uq" ON "donor" USING btree ("station_id","id_number");--> statement-breakpoint
CREATE UNIQUE INDEX "donor_station_number_uq" ON "donor" USING btree ("station_id","donor_number");--> statement-breakpoint
CREATE INDEX "donor_name_idx" ON "donor" USING btree ("station_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "order_allocation_unit_uq" ON "order_allocation" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "order_allocation_order_idx" ON "order_allocation" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "order_line_order_idx" ON "order_line" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "organisation_code_uq" ON "organisation" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "transfusion_unit_uq" ON "transfusion" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "unit_event_din_idx" ON "unit_event" USING btree ("din","at");--> statement-breakpoint
CREATE INDEX "unit_event_unit_idx" ON "unit_event" USING btree ("unit_id");