CREATE TABLE "stock_counter" (
	"station_id" bigint NOT NULL,
	"org_id" bigint NOT NULL,
	"component_class" text NOT NULL,
	"abo" text NOT NULL,
	"rhd" text NOT NULL,
	"status" text NOT NULL,
	"expiry_day" date NOT NULL,
	"units" integer NOT NULL,
	"quantity" numeric(12, 2) NOT NULL,
	CONSTRAINT "stock_counter_station_id_org_id_component_class_abo_rhd_status_expiry_day_pk" PRIMARY KEY("station_id","org_id","component_class","abo","rhd","status","expiry_day")
);
--> statement-breakpoint
CREATE TABLE "stock_delta" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "stock_delta_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" bigint NOT NULL,
	"org_id" bigint NOT NULL,
	"component_class" text NOT NULL,
	"abo" text NOT NULL,
	"rhd" text NOT NULL,
	"status" text NOT NULL,
	"expiry_day" date NOT NULL,
	"units" integer NOT NULL,
	"quantity" numeric(12, 2) NOT NULL
);
--> statement-breakpoint
DROP INDEX "blood_unit_location_idx";--> statement-breakpoint
CREATE INDEX "stock_delta_org_idx" ON "stock_delta" USING btree ("org_id","expiry_day");--> statement-breakpoint
CREATE INDEX "blood_unit_status_expiry_idx" ON "blood_unit" USING btree ("station_id","status","expires_at","id");