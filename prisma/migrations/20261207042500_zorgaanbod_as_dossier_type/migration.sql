-- Zorgaanbod becomes a type of the dossier core (issue 25, item 6): its
-- campaigns become Campaign rows of type zorgaanbod, its lists Dossier rows
-- of that type on the one status set, and the names kept as text on a list
-- (who submitted, who reopened) become the history of the dossier (dossier_event).
-- The uploads and the submitted GPs keep their rows and point to the dossier.

-- The old links go first: list_id is rewritten below.
ALTER TABLE "zorgaanbod_list" DROP CONSTRAINT "zorgaanbod_list_facility_id_fkey";
ALTER TABLE "zorgaanbod_list" DROP CONSTRAINT "zorgaanbod_list_campaign_id_fkey";
ALTER TABLE "zorgaanbod_upload" DROP CONSTRAINT "zorgaanbod_upload_list_id_fkey";
ALTER TABLE "zorgaanbod_row" DROP CONSTRAINT "zorgaanbod_row_list_id_fkey";

-- One campaign model: a year is unique per type: the korting is Meting only,
-- and a Zorgaanbod campaign may have no closing day.
DROP INDEX "campaign_year_key";
ALTER TABLE "campaign" ADD COLUMN     "type_code" VARCHAR(64) NOT NULL DEFAULT 'meting-dagprijzen',
ALTER COLUMN "deadline" DROP NOT NULL,
ALTER COLUMN "korting_cents" DROP NOT NULL;
CREATE UNIQUE INDEX "campaign_type_code_year_key" ON "campaign"("type_code", "year");

-- The Zorgaanbod campaigns: the closing day is the deadline: no reminders (the
-- reminder job is the Meting): the last editor only where that user exists
-- (the old column had no foreign key).
INSERT INTO "campaign" ("type_code", "year", "opening_date", "deadline", "korting_cents", "facility_type_codes", "reminder_days", "updated_by_id", "created_at", "updated_at")
SELECT 'zorgaanbod', zc."year", zc."opening_date", zc."closing_date", NULL, ARRAY['huisartsenkring'], '{}'::int[],
       (SELECT u."id" FROM "app_user" u WHERE u."id" = zc."updated_by_id"), zc."created_at", zc."updated_at"
FROM "zorgaanbod_campaign" zc;

-- The lists: open → opmaak (heropend when Team Eerstelijn reopened it),
-- ingediend → ingediend. The reference as the Meting: ZA-<year>-<HCO in 6>.
INSERT INTO "dossier" ("facility_id", "campaign_id", "type_code", "status", "reference", "submitted_at", "submitted_by_id",
                       "reopened_at", "reopen_reason", "created_at", "updated_at")
SELECT l."facility_id", c."id", 'zorgaanbod',
       (CASE WHEN l."status" = 'ingediend' THEN 'ingediend' WHEN l."reopened_at" IS NOT NULL THEN 'heropend' ELSE 'opmaak' END)::"dossier_status",
       'ZA-' || zc."year" || '-' || lpad(f."hco_number", 6, '0'),
       l."submitted_at", (SELECT u."id" FROM "app_user" u WHERE u."id" = l."submitted_by_id"),
       l."reopened_at", l."reopen_reason", l."created_at", l."updated_at"
FROM "zorgaanbod_list" l
JOIN "zorgaanbod_campaign" zc ON zc."id" = l."campaign_id"
JOIN "campaign" c ON c."type_code" = 'zorgaanbod' AND c."year" = zc."year"
JOIN "facility" f ON f."id" = l."facility_id";

-- Which dossier each list became (one list per kring and campaign, as one dossier).
CREATE TABLE "zorgaanbod_list_dossier" AS
SELECT l."id" AS "list_id", d."id" AS "dossier_id", l."submitted_at", l."submitted_by_id", l."submitted_by", l."reopened_at", l."reopened_by", l."reopen_reason", d."facility_id"
FROM "zorgaanbod_list" l
JOIN "zorgaanbod_campaign" zc ON zc."id" = l."campaign_id"
JOIN "campaign" c ON c."type_code" = 'zorgaanbod' AND c."year" = zc."year"
JOIN "dossier" d ON d."facility_id" = l."facility_id" AND d."campaign_id" = c."id";

-- "Status en vooruitgang": the last submission and the last reopening, with the names that were kept.
INSERT INTO "dossier_event" ("dossier_id", "facility_id", "from_status", "to_status", "actor_user_id", "actor_name", "at")
SELECT m."dossier_id", m."facility_id",
       (CASE WHEN m."reopened_at" IS NOT NULL AND m."reopened_at" < m."submitted_at" THEN 'heropend' ELSE 'opmaak' END)::"dossier_status",
       'ingediend', (SELECT u."id" FROM "app_user" u WHERE u."id" = m."submitted_by_id"), coalesce(m."submitted_by", ''), m."submitted_at"
FROM "zorgaanbod_list_dossier" m WHERE m."submitted_at" IS NOT NULL;

INSERT INTO "dossier_event" ("dossier_id", "facility_id", "from_status", "to_status", "reason", "actor_user_id", "actor_name", "at")
SELECT m."dossier_id", m."facility_id", 'ingediend', 'heropend', m."reopen_reason", NULL, coalesce(m."reopened_by", ''), m."reopened_at"
FROM "zorgaanbod_list_dossier" m WHERE m."reopened_at" IS NOT NULL;

UPDATE "zorgaanbod_upload" u SET "list_id" = m."dossier_id" FROM "zorgaanbod_list_dossier" m WHERE u."list_id" = m."list_id";
UPDATE "zorgaanbod_row" r SET "list_id" = m."dossier_id" FROM "zorgaanbod_list_dossier" m WHERE r."list_id" = m."list_id";

DROP TABLE "zorgaanbod_list_dossier";
DROP TABLE "zorgaanbod_list";
DROP TABLE "zorgaanbod_campaign";
DROP TYPE "zorgaanbod_status";

ALTER TABLE "zorgaanbod_upload" ADD CONSTRAINT "zorgaanbod_upload_list_id_fkey" FOREIGN KEY ("list_id") REFERENCES "dossier"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "zorgaanbod_row" ADD CONSTRAINT "zorgaanbod_row_list_id_fkey" FOREIGN KEY ("list_id") REFERENCES "dossier"("id") ON DELETE CASCADE ON UPDATE CASCADE;
