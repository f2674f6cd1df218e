CREATE TABLE "astm_message_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "astm_message_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"channel" text NOT NULL,
	"peer" text,
	"status" text NOT NULL,
	"frames" integer DEFAULT 0 NOT NULL,
	"rejected_frames" integer DEFAULT 0 NOT NULL,
	"result_count" integer DEFAULT 0 NOT NULL,
	"error" text,
	"raw" text,
	CONSTRAINT "astm_message_log_channel_ck" CHECK ("astm_message_log"."channel" in ('tcp','file')),
	CONSTRAINT "astm_message_log_status_ck" CHECK ("astm_message_log"."status" in ('accepted','rejected','discarded','frame_rejected'))
);
--> statement-breakpoint
CREATE TABLE "donor_notification" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "donor_notification_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"donor_id" bigint NOT NULL,
	"donation_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"message_zh" text NOT NULL,
	"message_en" text NOT NULL,
	"reason_codes" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"done_at" timestamp with time zone,
	"done_by" bigint,
	CONSTRAINT "donor_notification_status_ck" CHECK ("donor_notification"."status" in ('open','done')),
	CONSTRAINT "donor_notification_kind_ck" CHECK ("donor_notification"."kind" in ('unqualified_result'))
);
--> statement-breakpoint
CREATE TABLE "eqa_result" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "eqa_result_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"scheme" text NOT NULL,
	"round" text NOT NULL,
	"analyte" text NOT NULL,
	"sample_code" text NOT NULL,
	"reported" text NOT NULL,
	"expected" text NOT NULL,
	"acceptable" boolean NOT NULL,
	"reported_at" timestamp with time zone NOT NULL,
	"recorded_by" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lab_result" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "lab_result_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"donation_id" bigint NOT NULL,
	"din" text NOT NULL,
	"run_id" bigint,
	"kind" text NOT NULL,
	"payload" jsonb NOT NULL,
	"source" text NOT NULL,
	"message_id" bigint,
	"reason" text,
	"entered_by" bigint NOT NULL,
	"verified_by" bigint,
	"entered_at" timestamp with time zone NOT NULL,
	CONSTRAINT "lab_result_kind_ck" CHECK ("lab_result"."kind" in ('elisa','nat','alt','abo','rhd','abo_resolution','invalidate')),
	CONSTRAINT "lab_result_source_ck" CHECK ("lab_result"."source" in ('manual','astm_tcp','astm_file','pool'))
);
--> statement-breakpoint
CREATE TABLE "lab_run" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "lab_run_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"code" text NOT NULL,
	"method" text NOT NULL,
	"marker" text,
	"round" integer,
	"reagent_lot_id" bigint,
	"operator_id" bigint NOT NULL,
	"instrument" text,
	"plate" text,
	"status" text DEFAULT 'open' NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "lab_run_method_ck" CHECK ("lab_run"."method" in ('elisa','nat','alt','abo','rhd')),
	CONSTRAINT "lab_run_round_ck" CHECK ("lab_run"."round" is null or "lab_run"."round" in (1,2)),
	CONSTRAINT "lab_run_status_ck" CHECK ("lab_run"."status" in ('open','closed'))
);
--> statement-breakpoint
CREATE TABLE "label_print" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "label_print_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"unit_id" bigint NOT NULL,
	"din" text NOT NULL,
	"kind" text NOT NULL,
	"reason" text,
	"composite" text NOT NULL,
	"printed_by" bigint NOT NULL,
	"printed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "label_print_kind_ck" CHECK ("label_print"."kind" in ('print','reprint')),
	CONSTRAINT "label_print_reason_ck" CHECK ("label_print"."kind" = 'print' or "label_print"."reason" is not null)
);
--> statement-breakpoint
CREATE TABLE "nat_pool" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "nat_pool_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"code" text NOT NULL,
	"target" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"run_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "nat_pool_target_ck" CHECK ("nat_pool"."target" in ('hbv','hcv','hiv')),
	CONSTRAINT "nat_pool_status_ck" CHECK ("nat_pool"."status" in ('pending','nonreactive','reactive'))
);
--> statement-breakpoint
CREATE TABLE "nat_pool_member" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "nat_pool_member_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"pool_id" bigint NOT NULL,
	"donation_id" bigint NOT NULL,
	"din" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "qc_sample" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "qc_sample_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"unit_id" bigint NOT NULL,
	"din" text NOT NULL,
	"product_id" text NOT NULL,
	"sampled_at" timestamp with time zone NOT NULL,
	"measurements" jsonb NOT NULL,
	"checks" jsonb NOT NULL,
	"passed" boolean NOT NULL,
	"rule_set_id" text NOT NULL,
	"recorded_by" bigint NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reagent_lot" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "reagent_lot_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"marker" text NOT NULL,
	"maker" text NOT NULL,
	"lot" text NOT NULL,
	"expires_on" date NOT NULL,
	"gray_zone_low_sco" numeric(6, 3),
	"created_by" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reagent_lot_marker_ck" CHECK ("reagent_lot"."marker" in ('hbsag','hcv','hiv','tp','nat','alt','abo','rhd')),
	CONSTRAINT "reagent_lot_gray_ck" CHECK ("reagent_lot"."gray_zone_low_sco" is null or ("reagent_lot"."gray_zone_low_sco" > 0 and "reagent_lot"."gray_zone_low_sco" <= 1))
);
--> statement-breakpoint
CREATE TABLE "recall" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "recall_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"code" text NOT NULL,
	"donor_id" bigint NOT NULL,
	"trigger_donation_id" bigint,
	"trigger" text NOT NULL,
	"reason_codes" jsonb NOT NULL,
	"window_from" timestamp with time zone NOT NULL,
	"rule_set_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" bigint NOT NULL,
	CONSTRAINT "recall_trigger_ck" CHECK ("recall"."trigger" in ('reactive_result','post_donation_information'))
);
--> statement-breakpoint
CREATE TABLE "recall_unit" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "recall_unit_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"recall_id" bigint NOT NULL,
	"unit_id" bigint NOT NULL,
	"din" text NOT NULL,
	"org_id" bigint NOT NULL,
	"action" text NOT NULL,
	"status_before" text NOT NULL,
	"disposition" text,
	"disposition_note" text,
	"disposition_at" timestamp with time zone,
	"disposition_by" bigint,
	CONSTRAINT "recall_unit_action_ck" CHECK ("recall_unit"."action" in ('quarantined','recalled','notified')),
	CONSTRAINT "recall_unit_disposition_ck" CHECK ("recall_unit"."disposition" is null or "recall_unit"."disposition" in ('returned','discarded','transfused','not_found'))
);
--> statement-breakpoint
CREATE TABLE "release_hold" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "release_hold_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"donation_id" bigint NOT NULL,
	"recall_id" bigint,
	"reason_code" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "release_hold_status_ck" CHECK ("release_hold"."status" in ('open','closed'))
);
--> statement-breakpoint
ALTER TABLE "lab_result" ADD CONSTRAINT "lab_result_run_id_lab_run_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."lab_run"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lab_run" ADD CONSTRAINT "lab_run_reagent_lot_id_reagent_lot_id_fk" FOREIGN KEY ("reagent_lot_id") REFERENCES "public"."reagent_lot"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nat_pool" ADD CONSTRAINT "nat_pool_run_id_lab_run_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."lab_run"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nat_pool_member" ADD CONSTRAINT "nat_pool_member_pool_id_nat_pool_id_fk" FOREIGN KEY ("pool_id") REFERENCES "public"."nat_pool"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recall_unit" ADD CONSTRAINT "recall_unit_recall_id_recall_id_fk" FOREIGN KEY ("recall_id") REFERENCES "public"."recall"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "astm_message_log_at_idx" ON "astm_message_log" USING btree ("station_id","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "donor_notification_uq" ON "donor_notification" USING btree ("donation_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "eqa_result_uq" ON "eqa_result" USING btree ("station_id","scheme","round","analyte","sample_code");--> statement-breakpoint
CREATE INDEX "lab_result_donation_idx" ON "lab_result" USING btree ("donation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "lab_run_code_uq" ON "lab_run" USING btree ("station_id","code");--> statement-breakpoint
CREATE INDEX "lab_run_instrument_idx" ON "lab_run" USING btree ("station_id","instrument","status");--> statement-breakpoint
CREATE INDEX "label_print_unit_idx" ON "label_print" USING btree ("unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "nat_pool_code_uq" ON "nat_pool" USING btree ("station_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "nat_pool_member_uq" ON "nat_pool_member" USING btree ("pool_id","donation_id");--> statement-breakpoint
CREATE INDEX "qc_sample_station_idx" ON "qc_sample" USING btree ("station_id","sampled_at");--> statement-breakpoint
CREATE INDEX "qc_sample_failed_idx" ON "qc_sample" USING btree ("station_id","passed");--> statement-breakpoint
CREATE UNIQUE INDEX "reagent_lot_uq" ON "reagent_lot" USING btree ("station_id","marker","maker","lot");--> statement-breakpoint
CREATE UNIQUE INDEX "recall_code_uq" ON "recall" USING btree ("station_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "recall_unit_uq" ON "recall_unit" USING btree ("recall_id","unit_id");--> statement-breakpoint
CREATE INDEX "recall_unit_org_idx" ON "recall_unit" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "release_hold_donation_idx" ON "release_hold" USING btree ("donation_id","status");