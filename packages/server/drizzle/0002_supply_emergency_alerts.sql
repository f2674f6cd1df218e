CREATE TABLE "alert_action" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "alert_action_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"alert_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"details" jsonb,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "alert_action_kind_ck" CHECK ("alert_action"."kind" in ('published','allocation_cut','orders_deferred','orders_released','recruitment_requested'))
);
--> statement-breakpoint
CREATE TABLE "alert_inbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "alert_inbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"alert_id" bigint NOT NULL,
	"org_id" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone,
	"read_by" bigint
);
--> statement-breakpoint
CREATE TABLE "emergency_call" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "emergency_call_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"emergency_id" bigint NOT NULL,
	"call_no" integer NOT NULL,
	"called_at" timestamp with time zone NOT NULL,
	"caller_name" text,
	"lines" jsonb NOT NULL,
	"note" text,
	"recorded_by" bigint NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "emergency_contact" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "emergency_contact_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"emergency_id" bigint NOT NULL,
	"level" integer,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" bigint,
	"contact_name" text,
	"channel" text,
	"note" text,
	CONSTRAINT "emergency_contact_kind_ck" CHECK ("emergency_contact"."kind" in ('call','ack','escalation','reminder','plan_activated','note','phone_confirmation','paperwork','review'))
);
--> statement-breakpoint
CREATE TABLE "emergency_issue" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "emergency_issue_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"emergency_id" bigint NOT NULL,
	"call_id" bigint NOT NULL,
	"unit_id" bigint NOT NULL,
	"source_tier" text NOT NULL,
	"source_org_id" bigint NOT NULL,
	"component_class" text NOT NULL,
	"quantity" numeric(12, 2) NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"issued_by" bigint NOT NULL,
	"replenish_order_id" bigint,
	CONSTRAINT "emergency_issue_tier_ck" CHECK ("emergency_issue"."source_tier" in ('hospital_reserve','storage_point','station'))
);
--> statement-breakpoint
CREATE TABLE "emergency_request" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "emergency_request_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"request_number" text NOT NULL,
	"hospital_org_id" bigint NOT NULL,
	"storage_point_org_id" bigint,
	"patient_name" text NOT NULL,
	"patient_abo" text NOT NULL,
	"patient_rhd" text NOT NULL,
	"diagnosis" text,
	"status" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"opened_by" bigint NOT NULL,
	"phone_confirmed_at" timestamp with time zone,
	"phone_confirmed_by" bigint,
	"phone_confirmed_with" text,
	"first_issue_at" timestamp with time zone,
	"paperwork_due_at" timestamp with time zone,
	"paperwork_completed_at" timestamp with time zone,
	"paperwork_completed_by" bigint,
	"paperwork_form_number" text,
	"paperwork_reminders_sent" integer DEFAULT 0 NOT NULL,
	"comm_level" integer DEFAULT 1 NOT NULL,
	"comm_level_called_at" timestamp with time zone,
	"comm_ack_at" timestamp with time zone,
	"plan_activated_at" timestamp with time zone,
	"plan_activated_by" bigint,
	"transport_status" text,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" bigint,
	"closed_at" timestamp with time zone,
	"rule_set_id" text NOT NULL,
	CONSTRAINT "emergency_request_status_ck" CHECK ("emergency_request"."status" in ('open','supplying','supplied','closed','cancelled')),
	CONSTRAINT "emergency_request_level_ck" CHECK ("emergency_request"."comm_level" between 1 and 3)
);
--> statement-breakpoint
CREATE TABLE "inventory_alert" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "inventory_alert_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"org_id" bigint NOT NULL,
	"component_class" text NOT NULL,
	"abo" text NOT NULL,
	"rhd" text NOT NULL,
	"from_level" text,
	"to_level" text NOT NULL,
	"days" numeric(10, 2),
	"quantity" numeric(12, 2) NOT NULL,
	"avg_daily_use" numeric(12, 2) NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"rule_set_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inventory_alert_state" (
	"station_id" bigint NOT NULL,
	"org_id" bigint NOT NULL,
	"component_class" text NOT NULL,
	"abo" text NOT NULL,
	"rhd" text NOT NULL,
	"level" text NOT NULL,
	"days" numeric(10, 2),
	"since" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "inventory_alert_state_station_id_org_id_component_class_abo_rhd_pk" PRIMARY KEY("station_id","org_id","component_class","abo","rhd")
);
--> statement-breakpoint
CREATE TABLE "inventory_daily" (
	"station_id" bigint NOT NULL,
	"day" date NOT NULL,
	"org_id" bigint NOT NULL,
	"component_class" text NOT NULL,
	"abo" text NOT NULL,
	"rhd" text NOT NULL,
	"qualified_quantity" numeric(12, 2) NOT NULL,
	"awaiting_test_quantity" numeric(12, 2) NOT NULL,
	"qualified_u" numeric(12, 2) NOT NULL,
	"awaiting_test_u" numeric(12, 2) NOT NULL,
	"avg_daily_use" numeric(12, 2) NOT NULL,
	"days" numeric(10, 2),
	"level" text NOT NULL,
	"taken_at" timestamp with time zone NOT NULL,
	CONSTRAINT "inventory_daily_station_id_day_org_id_component_class_abo_rhd_pk" PRIMARY KEY("station_id","day","org_id","component_class","abo","rhd")
);
--> statement-breakpoint
CREATE TABLE "job" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "job_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"payload" jsonb NOT NULL,
	"run_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"dedupe_key" text,
	"created_at" timestamp with time zone NOT NULL,
	"done_at" timestamp with time zone,
	CONSTRAINT "job_status_ck" CHECK ("job"."status" in ('pending','running','done','failed','cancelled'))
);
--> statement-breakpoint
CREATE TABLE "order_deferral" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "order_deferral_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"order_id" bigint NOT NULL,
	"alert_id" bigint,
	"deferred_at" timestamp with time zone NOT NULL,
	"released_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "blood_order" ADD COLUMN "kind" text DEFAULT 'routine' NOT NULL;--> statement-breakpoint
ALTER TABLE "blood_order" ADD COLUMN "elective" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "blood_order" ADD COLUMN "approval_tier" text;--> statement-breakpoint
ALTER TABLE "blood_order" ADD COLUMN "approved_by" text;--> statement-breakpoint
ALTER TABLE "alert_action" ADD CONSTRAINT "alert_action_alert_id_inventory_alert_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."inventory_alert"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_inbox" ADD CONSTRAINT "alert_inbox_alert_id_inventory_alert_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."inventory_alert"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_inbox" ADD CONSTRAINT "alert_inbox_org_id_organisation_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_call" ADD CONSTRAINT "emergency_call_emergency_id_emergency_request_id_fk" FOREIGN KEY ("emergency_id") REFERENCES "public"."emergency_request"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_contact" ADD CONSTRAINT "emergency_contact_emergency_id_emergency_request_id_fk" FOREIGN KEY ("emergency_id") REFERENCES "public"."emergency_request"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_issue" ADD CONSTRAINT "emergency_issue_emergency_id_emergency_request_id_fk" FOREIGN KEY ("emergency_id") REFERENCES "public"."emergency_request"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_issue" ADD CONSTRAINT "emergency_issue_call_id_emergency_call_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."emergency_call"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_issue" ADD CONSTRAINT "emergency_issue_unit_id_blood_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."blood_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_issue" ADD CONSTRAINT "emergency_issue_source_org_id_organisation_id_fk" FOREIGN KEY ("source_org_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_issue" ADD CONSTRAINT "emergency_issue_replenish_order_id_blood_order_id_fk" FOREIGN KEY ("replenish_order_id") REFERENCES "public"."blood_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_request" ADD CONSTRAINT "emergency_request_hospital_org_id_organisation_id_fk" FOREIGN KEY ("hospital_org_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_request" ADD CONSTRAINT "emergency_request_storage_point_org_id_organisation_id_fk" FOREIGN KEY ("storage_point_org_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_alert" ADD CONSTRAINT "inventory_alert_org_id_organisation_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_alert_state" ADD CONSTRAINT "inventory_alert_state_org_id_organisation_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_daily" ADD CONSTRAINT "inventory_daily_org_id_organisation_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_deferral" ADD CONSTRAINT "order_deferral_order_id_blood_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."blood_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_deferral" ADD CONSTRAINT "order_deferral_alert_id_inventory_alert_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."inventory_alert"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_action_alert_idx" ON "alert_action" USING btree ("alert_id");--> statement-breakpoint
CREATE UNIQUE INDEX "alert_inbox_uq" ON "alert_inbox" USING btree ("alert_id","org_id");--> statement-breakpoint
CREATE INDEX "alert_inbox_org_idx" ON "alert_inbox" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "emergency_call_no_uq" ON "emergency_call" USING btree ("emergency_id","call_no");--> statement-breakpoint
CREATE INDEX "emergency_contact_emergency_idx" ON "emergency_contact" USING btree ("emergency_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "emergency_issue_unit_uq" ON "emergency_issue" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "emergency_issue_emergency_idx" ON "emergency_issue" USING btree ("emergency_id");--> statement-breakpoint
CREATE UNIQUE INDEX "emergency_request_number_uq" ON "emergency_request" USING btree ("station_id","request_number");--> statement-breakpoint
CREATE INDEX "emergency_request_status_idx" ON "emergency_request" USING btree ("station_id","status");--> statement-breakpoint
CREATE INDEX "inventory_alert_station_at_idx" ON "inventory_alert" USING btree ("station_id","at");--> statement-breakpoint
CREATE INDEX "job_due_idx" ON "job" USING btree ("status","run_at");--> statement-breakpoint
CREATE UNIQUE INDEX "job_dedupe_uq" ON "job" USING btree ("station_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "order_deferral_order_idx" ON "order_deferral" USING btree ("order_id");--> statement-breakpoint
ALTER TABLE "blood_order" ADD CONSTRAINT "blood_order_kind_ck" CHECK ("blood_order"."kind" in ('routine','scheduled','replenishment'));