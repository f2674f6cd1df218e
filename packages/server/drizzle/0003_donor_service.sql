CREATE TABLE "appointment" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "appointment_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"donor_id" bigint NOT NULL,
	"slot_id" bigint NOT NULL,
	"group_booking_id" bigint,
	"campaign_id" bigint,
	"donation_type" text NOT NULL,
	"status" text NOT NULL,
	"eligibility" jsonb NOT NULL,
	"channel" text DEFAULT 'staff' NOT NULL,
	"donation_id" bigint,
	"checked_in_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appointment_status_ck" CHECK ("appointment"."status" in ('booked','checked_in','donated','no_show','cancelled')),
	CONSTRAINT "appointment_type_ck" CHECK ("appointment"."donation_type" in ('whole_blood','apheresis_platelets')),
	CONSTRAINT "appointment_channel_ck" CHECK ("appointment"."channel" in ('staff','donor_app','campaign'))
);
--> statement-breakpoint
CREATE TABLE "campaign_contact" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "campaign_contact_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"campaign_id" bigint NOT NULL,
	"donor_id" bigint NOT NULL,
	"rank" integer NOT NULL,
	"probability" double precision NOT NULL,
	"channel" text NOT NULL,
	"site_id" bigint,
	"distance_km" double precision,
	"status" text DEFAULT 'contacted' NOT NULL,
	"contacted_at" timestamp with time zone NOT NULL,
	"booked_at" timestamp with time zone,
	"donated_at" timestamp with time zone,
	CONSTRAINT "campaign_contact_status_ck" CHECK ("campaign_contact"."status" in ('contacted','booked','donated'))
);
--> statement-breakpoint
CREATE TABLE "donation_site" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "donation_site_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"grid_name" text,
	"town" text,
	"address" text,
	"lat" double precision,
	"lon" double precision,
	"opening_hours" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"slot_minutes" integer DEFAULT 60 NOT NULL,
	"slot_capacity" integer DEFAULT 6 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "donation_site_kind_ck" CHECK ("donation_site"."kind" in ('fixed_house','vehicle','grid_point')),
	CONSTRAINT "donation_site_slot_ck" CHECK ("donation_site"."slot_minutes" > 0 and "donation_site"."slot_capacity" >= 0)
);
--> statement-breakpoint
CREATE TABLE "donor_deferral" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "donor_deferral_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"donor_id" bigint NOT NULL,
	"id_number" text NOT NULL,
	"code" text NOT NULL,
	"from_day" date NOT NULL,
	"until" date,
	"note" text,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "donor_otp" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "donor_otp_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"phone" text NOT NULL,
	"code_hash" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "donor_profile" (
	"donor_id" bigint PRIMARY KEY NOT NULL,
	"station_id" bigint NOT NULL,
	"opt_out_recruitment" boolean DEFAULT false NOT NULL,
	"preferred_channel" text DEFAULT 'sms' NOT NULL,
	"wechat_open_id" text,
	"home_lat" double precision,
	"home_lon" double precision,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "donor_profile_channel_ck" CHECK ("donor_profile"."preferred_channel" in ('sms','wechat','phone'))
);
--> statement-breakpoint
CREATE TABLE "donor_session" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"donor_id" bigint NOT NULL,
	"station_id" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "group_booking" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "group_booking_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"organisation_name" text NOT NULL,
	"contact_name" text NOT NULL,
	"contact_phone" text NOT NULL,
	"quota" integer NOT NULL,
	"day" date NOT NULL,
	"site_id" bigint NOT NULL,
	"place" text,
	"status" text DEFAULT 'confirmed' NOT NULL,
	"note" text,
	"created_by_donor_id" bigint,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "group_booking_quota_ck" CHECK ("group_booking"."quota" > 0),
	CONSTRAINT "group_booking_status_ck" CHECK ("group_booking"."status" in ('confirmed','cancelled','completed'))
);
--> statement-breakpoint
CREATE TABLE "outbox_message" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "outbox_message_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"channel" text NOT NULL,
	"recipient" text NOT NULL,
	"donor_id" bigint,
	"template" text NOT NULL,
	"payload" jsonb NOT NULL,
	"dedupe_key" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 5 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"provider_ref" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outbox_channel_ck" CHECK ("outbox_message"."channel" in ('sms','wechat','phone_task')),
	CONSTRAINT "outbox_status_ck" CHECK ("outbox_message"."status" in ('pending','sent','dead'))
);
--> statement-breakpoint
CREATE TABLE "predonation_record" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "predonation_record_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"donor_id" bigint NOT NULL,
	"appointment_id" bigint,
	"donation_id" bigint,
	"day" date NOT NULL,
	"donation_type" text NOT NULL,
	"answers" jsonb NOT NULL,
	"exam" jsonb NOT NULL,
	"decision" jsonb NOT NULL,
	"consent_text" text NOT NULL,
	"donor_signature" text,
	"content_sha256" text,
	"staff_id" bigint,
	"staff_signed_at" timestamp with time zone,
	"signed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recruitment_campaign" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "recruitment_campaign_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"abo" text NOT NULL,
	"rhd" text NOT NULL,
	"component_class" text,
	"reason" text NOT NULL,
	"alert_level" text,
	"target_date" date NOT NULL,
	"size" integer NOT NULL,
	"quiet_days" integer NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recruitment_campaign_reason_ck" CHECK ("recruitment_campaign"."reason" in ('manual','inventory_alert')),
	CONSTRAINT "recruitment_campaign_status_ck" CHECK ("recruitment_campaign"."status" in ('active','closed')),
	CONSTRAINT "recruitment_campaign_abo_ck" CHECK ("recruitment_campaign"."abo" in ('O','A','B','AB')),
	CONSTRAINT "recruitment_campaign_rhd_ck" CHECK ("recruitment_campaign"."rhd" in ('POS','NEG'))
);
--> statement-breakpoint
CREATE TABLE "station_notice" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "station_notice_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "station_notice_kind_ck" CHECK ("station_notice"."kind" in ('appeal','notice'))
);
--> statement-breakpoint
CREATE TABLE "time_slot" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "time_slot_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"site_id" bigint NOT NULL,
	"day" date NOT NULL,
	"start_time" text NOT NULL,
	"end_time" text NOT NULL,
	"capacity" integer NOT NULL,
	"booked" integer DEFAULT 0 NOT NULL,
	"place" text,
	CONSTRAINT "time_slot_capacity_ck" CHECK ("time_slot"."booked" >= 0 and "time_slot"."booked" <= "time_slot"."capacity")
);
--> statement-breakpoint
CREATE TABLE "vehicle_schedule" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "vehicle_schedule_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"site_id" bigint NOT NULL,
	"weekday" smallint NOT NULL,
	"town" text NOT NULL,
	"place" text NOT NULL,
	"lat" double precision,
	"lon" double precision,
	"start_time" text NOT NULL,
	"end_time" text NOT NULL,
	CONSTRAINT "vehicle_schedule_weekday_ck" CHECK ("vehicle_schedule"."weekday" between 1 and 7)
);
--> statement-breakpoint
ALTER TABLE "appointment" ADD CONSTRAINT "appointment_donor_id_donor_id_fk" FOREIGN KEY ("donor_id") REFERENCES "public"."donor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment" ADD CONSTRAINT "appointment_slot_id_time_slot_id_fk" FOREIGN KEY ("slot_id") REFERENCES "public"."time_slot"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment" ADD CONSTRAINT "appointment_group_booking_id_group_booking_id_fk" FOREIGN KEY ("group_booking_id") REFERENCES "public"."group_booking"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment" ADD CONSTRAINT "appointment_donation_id_donation_id_fk" FOREIGN KEY ("donation_id") REFERENCES "public"."donation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_contact" ADD CONSTRAINT "campaign_contact_campaign_id_recruitment_campaign_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."recruitment_campaign"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_contact" ADD CONSTRAINT "campaign_contact_donor_id_donor_id_fk" FOREIGN KEY ("donor_id") REFERENCES "public"."donor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "donor_deferral" ADD CONSTRAINT "donor_deferral_donor_id_donor_id_fk" FOREIGN KEY ("donor_id") REFERENCES "public"."donor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "donor_profile" ADD CONSTRAINT "donor_profile_donor_id_donor_id_fk" FOREIGN KEY ("donor_id") REFERENCES "public"."donor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "donor_session" ADD CONSTRAINT "donor_session_donor_id_donor_id_fk" FOREIGN KEY ("donor_id") REFERENCES "public"."donor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_booking" ADD CONSTRAINT "group_booking_site_id_donation_site_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."donation_site"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "predonation_record" ADD CONSTRAINT "predonation_record_donor_id_donor_id_fk" FOREIGN KEY ("donor_id") REFERENCES "public"."donor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "predonation_record" ADD CONSTRAINT "predonation_record_appointment_id_appointment_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "predonation_record" ADD CONSTRAINT "predonation_record_donation_id_donation_id_fk" FOREIGN KEY ("donation_id") REFERENCES "public"."donation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_slot" ADD CONSTRAINT "time_slot_site_id_donation_site_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."donation_site"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vehicle_schedule" ADD CONSTRAINT "vehicle_schedule_site_id_donation_site_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."donation_site"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "appointment_slot_idx" ON "appointment" USING btree ("slot_id");--> statement-breakpoint
CREATE INDEX "appointment_donor_idx" ON "appointment" USING btree ("donor_id");--> statement-breakpoint
CREATE UNIQUE INDEX "appointment_donor_open_uq" ON "appointment" USING btree ("donor_id") WHERE status in ('booked','checked_in');--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_contact_uq" ON "campaign_contact" USING btree ("campaign_id","donor_id");--> statement-breakpoint
CREATE INDEX "campaign_contact_donor_idx" ON "campaign_contact" USING btree ("donor_id","contacted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "donation_site_code_uq" ON "donation_site" USING btree ("station_id","code");--> statement-breakpoint
CREATE INDEX "donor_deferral_id_number_idx" ON "donor_deferral" USING btree ("id_number");--> statement-breakpoint
CREATE INDEX "donor_otp_phone_idx" ON "donor_otp" USING btree ("phone","created_at");--> statement-breakpoint
CREATE INDEX "group_booking_day_idx" ON "group_booking" USING btree ("station_id","day");--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_dedupe_uq" ON "outbox_message" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "outbox_due_idx" ON "outbox_message" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "predonation_record_donor_idx" ON "predonation_record" USING btree ("donor_id");--> statement-breakpoint
CREATE INDEX "station_notice_station_idx" ON "station_notice" USING btree ("station_id","published_at");--> statement-breakpoint
CREATE UNIQUE INDEX "time_slot_site_day_start_uq" ON "time_slot" USING btree ("site_id","day","start_time");--> statement-breakpoint
CREATE INDEX "time_slot_station_day_idx" ON "time_slot" USING btree ("station_id","day");--> statement-breakpoint
CREATE INDEX "vehicle_schedule_site_idx" ON "vehicle_schedule" USING btree ("site_id");