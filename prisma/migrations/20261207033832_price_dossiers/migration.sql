-- CreateTable
CREATE TABLE "price_dossier" (
    "dossier_id" INTEGER NOT NULL,
    "facility_id" INTEGER NOT NULL,
    "valid_from" DATE,
    "start_month" DATE,
    "start_index" DECIMAL(8,2),
    "last_month" DATE,
    "last_index" DECIMAL(8,2),
    "percentage" DECIMAL(7,2),
    "motivation" TEXT NOT NULL DEFAULT '',
    "approval_date" DATE,
    "approval_reference" VARCHAR(100) NOT NULL DEFAULT '',
    "approval_file_id" INTEGER,

    CONSTRAINT "price_dossier_pkey" PRIMARY KEY ("dossier_id")
);

-- CreateTable
CREATE TABLE "price_dossier_line" (
    "id" SERIAL NOT NULL,
    "dossier_id" INTEGER NOT NULL,
    "facility_id" INTEGER NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "position" SMALLINT NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "unit" VARCHAR(16) NOT NULL,
    "current_capacity" INTEGER,
    "current_price_cents" INTEGER,
    "capacity" INTEGER,
    "price_cents" INTEGER,
    "removed" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "price_dossier_line_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "price_dossier_facility_id_idx" ON "price_dossier"("facility_id");

-- CreateIndex
CREATE INDEX "price_dossier_line_dossier_id_kind_position_idx" ON "price_dossier_line"("dossier_id", "kind", "position");

-- CreateIndex
CREATE INDEX "price_dossier_line_facility_id_idx" ON "price_dossier_line"("facility_id");

-- AddForeignKey
ALTER TABLE "price_dossier" ADD CONSTRAINT "price_dossier_dossier_id_fkey" FOREIGN KEY ("dossier_id") REFERENCES "dossier"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "price_dossier" ADD CONSTRAINT "price_dossier_approval_file_id_fkey" FOREIGN KEY ("approval_file_id") REFERENCES "stored_file"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "price_dossier_line" ADD CONSTRAINT "price_dossier_line_dossier_id_fkey" FOREIGN KEY ("dossier_id") REFERENCES "dossier"("id") ON DELETE CASCADE ON UPDATE CASCADE;
