CREATE TABLE "award_candidate" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "award_candidate_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"cycle_id" bigint NOT NULL,
	"donor_id" bigint NOT NULL,
	"level" text NOT NULL,
	"count" integer NOT NULL,
	"total_count" integer NOT NULL,
	"reasons" jsonb,
	CONSTRAINT "award_candidate_level_ck" CHECK ("award_candidate"."level" in ('bronze','silver','gold','lifetime'))
);
--> statement-breakpoint
CREATE TABLE "award_cycle" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "award_cycle_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"name" text NOT NULL,
	"cycle_start" date NOT NULL,
	"cycle_end" date NOT NULL,
	"status" text NOT NULL,
	"rule_set_id" text NOT NULL,
	"evaluated_at" timestamp with time zone,
	"created_by" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "award_cycle_status_ck" CHECK ("award_cycle"."status" in ('open','finalised')),
	CONSTRAINT "award_cycle_range_ck" CHECK ("award_cycle"."cycle_end" > "award_cycle"."cycle_start")
);
--> statement-breakpoint
CREATE TABLE "benefit_account" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "benefit_account_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"donor_id" bigint NOT NULL,
	"pool" text NOT NULL,
	"used_ml" numeric(12, 2) DEFAULT 0 NOT NULL,
	"used_fen" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "benefit_account_pool_ck" CHECK ("benefit_account"."pool" in ('self','family')),
	CONSTRAINT "benefit_account_used_ck" CHECK ("benefit_account"."used_ml" >= 0 and "benefit_account"."used_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "benefit_claim" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "benefit_claim_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"claim_number" text NOT NULL,
	"donor_id" bigint NOT NULL,
	"relation" text NOT NULL,
	"beneficiary_name" text NOT NULL,
	"beneficiary_id_number" text NOT NULL,
	"channel" text NOT NULL,
	"origin_station" text,
	"origin_province" text,
	"hospital_name" text NOT NULL,
	"used_on" date NOT NULL,
	"volume_ml" integer NOT NULL,
	"invoice_fen" bigint NOT NULL,
	"invoice_no" text,
	"invoice_document_id" bigint,
	"proof_document_id" bigint,
	"status" text NOT NULL,
	"review_note" text,
	"reviewed_by" bigint,
	"reviewed_at" timestamp with time zone,
	"approved_ml" numeric(12, 2),
	"approved_fen" bigint,
	"deduction_id" bigint,
	"paid_at" timestamp with time zone,
	"paid_by" bigint,
	"payment_reference" text,
	"submitted_by" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "benefit_claim_relation_ck" CHECK (relation in ('self','spouse','parent','child','sibling','grandparent','spouse_parent')),
	CONSTRAINT "benefit_claim_channel_ck" CHECK ("benefit_claim"."channel" in ('online','window','cross_province')),
	CONSTRAINT "benefit_claim_status_ck" CHECK ("benefit_claim"."status" in ('submitted','approved','rejected','paid')),
	CONSTRAINT "benefit_claim_amount_ck" CHECK ("benefit_claim"."volume_ml" > 0 and "benefit_claim"."invoice_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "benefit_deduction" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "benefit_deduction_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"account_id" bigint NOT NULL,
	"donor_id" bigint NOT NULL,
	"relation" text NOT NULL,
	"family_relation_id" bigint,
	"beneficiary_name" text NOT NULL,
	"beneficiary_id_number" text NOT NULL,
	"kind" text NOT NULL,
	"hospital_org_id" bigint,
	"hospital_name" text NOT NULL,
	"claim_id" bigint,
	"volume_ml" numeric(12, 2) NOT NULL,
	"amount_fen" bigint NOT NULL,
	"billed_fen" bigint NOT NULL,
	"unlimited" boolean NOT NULL,
	"remaining_after_ml" numeric(12, 2),
	"rule_set_id" text NOT NULL,
	"province" text NOT NULL,
	"reasons" jsonb,
	"created_by" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "benefit_deduction_relation_ck" CHECK (relation in ('self','spouse','parent','child','sibling','grandparent','spouse_parent')),
	CONSTRAINT "benefit_deduction_kind_ck" CHECK ("benefit_deduction"."kind" in ('direct','claim','cross_province')),
	CONSTRAINT "benefit_deduction_amount_ck" CHECK ("benefit_deduction"."volume_ml" >= 0 and "benefit_deduction"."amount_fen" >= 0 and "benefit_deduction"."amount_fen" <= "benefit_deduction"."billed_fen")
);
--> statement-breakpoint
CREATE TABLE "benefit_deduction_line" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "benefit_deduction_line_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"deduction_id" bigint NOT NULL,
	"transfusion_id" bigint,
	"item" text NOT NULL,
	"volume_ml" integer NOT NULL,
	"amount_fen" bigint NOT NULL,
	"covered_ml" integer NOT NULL,
	"covered_fen" bigint NOT NULL,
	CONSTRAINT "benefit_deduction_line_ck" CHECK ("benefit_deduction_line"."volume_ml" > 0 and "benefit_deduction_line"."amount_fen" >= 0 and "benefit_deduction_line"."covered_ml" between 0 and "benefit_deduction_line"."volume_ml" and "benefit_deduction_line"."covered_fen" between 0 and "benefit_deduction_line"."amount_fen")
);
--> statement-breakpoint
CREATE TABLE "donor_award" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "donor_award_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"donor_id" bigint NOT NULL,
	"level" text NOT NULL,
	"awarded_on" date NOT NULL,
	"cycle_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "donor_award_level_ck" CHECK ("donor_award"."level" in ('bronze','silver','gold','lifetime'))
);
--> statement-breakpoint
CREATE TABLE "family_relation" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "family_relation_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"donor_id" bigint NOT NULL,
	"relation" text NOT NULL,
	"relative_name" text NOT NULL,
	"relative_id_number" text NOT NULL,
	"status" text NOT NULL,
	"proof_document_id" bigint,
	"note" text,
	"created_by" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"verified_by" bigint,
	"verified_at" timestamp with time zone,
	CONSTRAINT "family_relation_relation_ck" CHECK (relation in ('self','spouse','parent','child','sibling','grandparent','spouse_parent') and relation <> 'self'),
	CONSTRAINT "family_relation_status_ck" CHECK ("family_relation"."status" in ('pending','verified','rejected'))
);
--> statement-breakpoint
CREATE TABLE "honour_card" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "honour_card_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"donor_id" bigint NOT NULL,
	"card_number" text NOT NULL,
	"status" text NOT NULL,
	"issued_on" date NOT NULL,
	"issued_by" bigint NOT NULL,
	"status_reason" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "honour_card_status_ck" CHECK ("honour_card"."status" in ('active','suspended','revoked'))
);
--> statement-breakpoint
CREATE TABLE "prior_donation" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "prior_donation_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"donor_id" bigint NOT NULL,
	"donated_on" date NOT NULL,
	"donation_type" text NOT NULL,
	"volume_ml" integer,
	"doses" integer,
	"qualified" boolean DEFAULT true NOT NULL,
	"origin" text NOT NULL,
	"origin_station" text,
	"origin_province" text,
	"certificate_no" text,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "prior_donation_type_ck" CHECK ("prior_donation"."donation_type" in ('whole_blood','apheresis_platelets')),
	CONSTRAINT "prior_donation_amount_ck" CHECK (("prior_donation"."donation_type" = 'whole_blood' and "prior_donation"."volume_ml" > 0) or ("prior_donation"."donation_type" = 'apheresis_platelets' and "prior_donation"."doses" > 0)),
	CONSTRAINT "prior_donation_origin_ck" CHECK ("prior_donation"."origin" in ('legacy','other_station'))
);
--> statement-breakpoint
CREATE TABLE "proof_document" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "proof_document_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"uploaded_by" bigint NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "proof_document_kind_ck" CHECK ("proof_document"."kind" in ('relationship','invoice','id_card','certificate','other')),
	CONSTRAINT "proof_document_media_ck" CHECK ("proof_document"."media_type" in ('application/pdf','image/jpeg','image/png')),
	CONSTRAINT "proof_document_size_ck" CHECK ("proof_document"."size_bytes" > 0 and "proof_document"."size_bytes" <= 5242880)
);
--> statement-breakpoint
ALTER TABLE "award_candidate" ADD CONSTRAINT "award_candidate_cycle_id_award_cycle_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."award_cycle"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "award_candidate" ADD CONSTRAINT "award_candidate_donor_id_donor_id_fk" FOREIGN KEY ("donor_id") REFERENCES "public"."donor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefit_account" ADD CONSTRAINT "benefit_account_donor_id_donor_id_fk" FOREIGN KEY ("donor_id") REFERENCES "public"."donor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefit_claim" ADD CONSTRAINT "benefit_claim_donor_id_donor_id_fk" FOREIGN KEY ("donor_id") REFERENCES "public"."donor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefit_claim" ADD CONSTRAINT "benefit_claim_invoice_document_id_proof_document_id_fk" FOREIGN KEY ("invoice_document_id") REFERENCES "public"."proof_document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefit_claim" ADD CONSTRAINT "benefit_claim_proof_document_id_proof_document_id_fk" FOREIGN KEY ("proof_document_id") REFERENCES "public"."proof_document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefit_deduction" ADD CONSTRAINT "benefit_deduction_account_id_benefit_account_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."benefit_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefit_deduction" ADD CONSTRAINT "benefit_deduction_donor_id_donor_id_fk" FOREIGN KEY ("donor_id") REFERENCES "public"."donor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefit_deduction" ADD CONSTRAINT "benefit_deduction_family_relation_id_family_relation_id_fk" FOREIGN KEY ("family_relation_id") REFERENCES "public"."family_relation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefit_deduction" ADD CONSTRAINT "benefit_deduction_hospital_org_id_organisation_id_fk" FOREIGN KEY ("hospital_org_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefit_deduction" ADD CONSTRAINT "benefit_deduction_claim_id_benefit_claim_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."benefit_claim"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefit_deduction_line" ADD CONSTRAINT "benefit_deduction_line_deduction_id_benefit_deduction_id_fk" FOREIGN KEY ("deduction_id") REFERENCES "public"."benefit_deduction"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefit_deduction_line" ADD CONSTRAINT "benefit_deduction_line_transfusion_id_transfusion_id_fk" FOREIGN KEY ("transfusion_id") REFERENCES "public"."transfusion"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "donor_award" ADD CONSTRAINT "donor_award_donor_id_donor_id_fk" FOREIGN KEY ("donor_id") REFERENCES "public"."donor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "donor_award" ADD CONSTRAINT "donor_award_cycle_id_award_cycle_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."award_cycle"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_relation" ADD CONSTRAINT "family_relation_donor_id_donor_id_fk" FOREIGN KEY ("donor_id") REFERENCES "public"."donor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_relation" ADD CONSTRAINT "family_relation_proof_document_id_proof_document_id_fk" FOREIGN KEY ("proof_document_id") REFERENCES "public"."proof_document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "honour_card" ADD CONSTRAINT "honour_card_donor_id_donor_id_fk" FOREIGN KEY ("donor_id") REFERENCES "public"."donor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prior_donation" ADD CONSTRAINT "prior_donation_donor_id_donor_id_fk" FOREIGN KEY ("donor_id") REFERENCES "public"."donor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "award_candidate_uq" ON "award_candidate" USING btree ("cycle_id","donor_id");--> statement-breakpoint
CREATE UNIQUE INDEX "award_cycle_uq" ON "award_cycle" USING btree ("station_id","cycle_end");--> statement-breakpoint
CREATE UNIQUE INDEX "benefit_account_uq" ON "benefit_account" USING btree ("station_id","donor_id","pool");--> statement-breakpoint
CREATE UNIQUE INDEX "benefit_claim_number_uq" ON "benefit_claim" USING btree ("station_id","claim_number");--> statement-breakpoint
CREATE INDEX "benefit_claim_status_idx" ON "benefit_claim" USING btree ("station_id","status","created_at");--> statement-breakpoint
CREATE INDEX "benefit_deduction_donor_idx" ON "benefit_deduction" USING btree ("station_id","donor_id","created_at");--> statement-breakpoint
CREATE INDEX "benefit_deduction_time_idx" ON "benefit_deduction" USING btree ("station_id","created_at");--> statement-breakpoint
CREATE INDEX "benefit_deduction_line_deduction_idx" ON "benefit_deduction_line" USING btree ("deduction_id");--> statement-breakpoint
CREATE UNIQUE INDEX "benefit_deduction_line_transfusion_uq" ON "benefit_deduction_line" USING btree ("transfusion_id") WHERE transfusion_id is not null;--> statement-breakpoint
CREATE INDEX "donor_award_donor_idx" ON "donor_award" USING btree ("donor_id");--> statement-breakpoint
CREATE UNIQUE INDEX "family_relation_uq" ON "family_relation" USING btree ("station_id","donor_id","relative_id_number");--> statement-breakpoint
CREATE INDEX "family_relation_relative_idx" ON "family_relation" USING btree ("station_id","relative_id_number");--> statement-breakpoint
CREATE UNIQUE INDEX "honour_card_number_uq" ON "honour_card" USING btree ("station_id","card_number");--> statement-breakpoint
CREATE UNIQUE INDEX "honour_card_active_uq" ON "honour_card" USING btree ("station_id","donor_id") WHERE status <> 'revoked';--> statement-breakpoint
CREATE INDEX "prior_donation_donor_idx" ON "prior_donation" USING btree ("donor_id","donated_on");