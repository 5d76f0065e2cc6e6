-- CreateEnum
CREATE TYPE "price_entry_kind" AS ENUM ('kamertype', 'supplement');

-- CreateEnum
CREATE TYPE "price_unit" AS ENUM ('dag', 'uur', 'maand', 'prestatie');

-- CreateTable
CREATE TABLE "price_entry" (
    "id" SERIAL NOT NULL,
    "facility_id" INTEGER NOT NULL,
    "kind" "price_entry_kind" NOT NULL,
    "item_key" VARCHAR(600) NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "description" VARCHAR(400) NOT NULL DEFAULT '',
    "unit" "price_unit" NOT NULL,
    "capacity" INTEGER,
    "price_cents" INTEGER,
    "valid_from" DATE NOT NULL,
    "removed" BOOLEAN NOT NULL DEFAULT false,
    "dossier_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "price_entry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "price_entry_facility_id_kind_item_key_valid_from_id_idx" ON "price_entry"("facility_id", "kind", "item_key", "valid_from" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "price_entry_facility_id_valid_from_id_idx" ON "price_entry"("facility_id", "valid_from" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "price_entry_dossier_id_idx" ON "price_entry"("dossier_id");

-- AddForeignKey
ALTER TABLE "price_entry" ADD CONSTRAINT "price_entry_facility_id_fkey" FOREIGN KEY ("facility_id") REFERENCES "facility"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "price_entry" ADD CONSTRAINT "price_entry_dossier_id_fkey" FOREIGN KEY ("dossier_id") REFERENCES "dossier"("id") ON DELETE SET NULL ON UPDATE CASCADE;
