-- CreateEnum
CREATE TYPE "dossier_status" AS ENUM ('opmaak', 'ingediend');

-- CreateTable
CREATE TABLE "campaign" (
    "id" SERIAL NOT NULL,
    "year" INTEGER NOT NULL,
    "opening_date" DATE NOT NULL,
    "deadline" DATE NOT NULL,
    "korting_cents" INTEGER NOT NULL,
    "facility_type_codes" TEXT[],
    "updated_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "campaign_capacity" (
    "campaign_id" INTEGER NOT NULL,
    "facility_id" INTEGER NOT NULL,
    "recognized_capacity" INTEGER NOT NULL,

    CONSTRAINT "campaign_capacity_pkey" PRIMARY KEY ("campaign_id","facility_id")
);

-- CreateTable
CREATE TABLE "dossier" (
    "id" SERIAL NOT NULL,
    "facility_id" INTEGER NOT NULL,
    "campaign_id" INTEGER NOT NULL,
    "status" "dossier_status" NOT NULL DEFAULT 'opmaak',
    "version" INTEGER NOT NULL DEFAULT 0,
    "reference" VARCHAR(32) NOT NULL,
    "created_by_id" INTEGER,
    "updated_by_id" INTEGER,
    "submitted_at" TIMESTAMPTZ(3),
    "submitted_by_id" INTEGER,
    "reopened_at" TIMESTAMPTZ(3),
    "reopened_by_id" INTEGER,
    "reopen_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "dossier_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dagprijzen_line" (
    "id" SERIAL NOT NULL,
    "dossier_id" INTEGER NOT NULL,
    "luik" SMALLINT NOT NULL,
    "position" SMALLINT NOT NULL,
    "kamertype" VARCHAR(64) NOT NULL,
    "beschrijving" TEXT NOT NULL DEFAULT '',
    "capaciteit" INTEGER,
    "price_cents" INTEGER,

    CONSTRAINT "dagprijzen_line_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "campaign_year_key" ON "campaign"("year");

-- CreateIndex
CREATE INDEX "campaign_capacity_facility_id_idx" ON "campaign_capacity"("facility_id");

-- CreateIndex
CREATE UNIQUE INDEX "dossier_reference_key" ON "dossier"("reference");

-- CreateIndex
CREATE INDEX "dossier_campaign_id_status_idx" ON "dossier"("campaign_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "dossier_facility_id_campaign_id_key" ON "dossier"("facility_id", "campaign_id");

-- CreateIndex
CREATE INDEX "dagprijzen_line_dossier_id_luik_position_idx" ON "dagprijzen_line"("dossier_id", "luik", "position");

-- AddForeignKey
ALTER TABLE "campaign" ADD CONSTRAINT "campaign_updated_by_id_fkey" FOREIGN KEY ("updated_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign_capacity" ADD CONSTRAINT "campaign_capacity_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign_capacity" ADD CONSTRAINT "campaign_capacity_facility_id_fkey" FOREIGN KEY ("facility_id") REFERENCES "facility"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dossier" ADD CONSTRAINT "dossier_facility_id_fkey" FOREIGN KEY ("facility_id") REFERENCES "facility"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dossier" ADD CONSTRAINT "dossier_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dossier" ADD CONSTRAINT "dossier_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dossier" ADD CONSTRAINT "dossier_updated_by_id_fkey" FOREIGN KEY ("updated_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dossier" ADD CONSTRAINT "dossier_submitted_by_id_fkey" FOREIGN KEY ("submitted_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dossier" ADD CONSTRAINT "dossier_reopened_by_id_fkey" FOREIGN KEY ("reopened_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dagprijzen_line" ADD CONSTRAINT "dagprijzen_line_dossier_id_fkey" FOREIGN KEY ("dossier_id") REFERENCES "dossier"("id") ON DELETE CASCADE ON UPDATE CASCADE;
