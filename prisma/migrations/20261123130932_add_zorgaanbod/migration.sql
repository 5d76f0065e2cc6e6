-- CreateEnum
CREATE TYPE "zorgaanbod_status" AS ENUM ('open', 'ingediend');

-- CreateTable
CREATE TABLE "zorgaanbod_campaign" (
    "id" SERIAL NOT NULL,
    "year" INTEGER NOT NULL,
    "opening_date" DATE NOT NULL,
    "closing_date" DATE,
    "updated_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "zorgaanbod_campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "zorgaanbod_list" (
    "id" SERIAL NOT NULL,
    "facility_id" INTEGER NOT NULL,
    "campaign_id" INTEGER NOT NULL,
    "status" "zorgaanbod_status" NOT NULL DEFAULT 'open',
    "submitted_at" TIMESTAMPTZ(3),
    "submitted_by_id" INTEGER,
    "submitted_by" TEXT,
    "reopened_at" TIMESTAMPTZ(3),
    "reopened_by" TEXT,
    "reopen_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "zorgaanbod_list_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "zorgaanbod_upload" (
    "id" SERIAL NOT NULL,
    "list_id" INTEGER NOT NULL,
    "facility_id" INTEGER NOT NULL,
    "stored_file_id" INTEGER NOT NULL,
    "line_count" INTEGER NOT NULL,
    "error_count" INTEGER NOT NULL,
    "lines" JSONB NOT NULL,
    "uploaded_by_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "zorgaanbod_upload_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "zorgaanbod_row" (
    "id" SERIAL NOT NULL,
    "list_id" INTEGER NOT NULL,
    "excel_row" INTEGER NOT NULL,
    "riziv" VARCHAR(11) NOT NULL,
    "naam" TEXT NOT NULL,
    "voornaam" TEXT NOT NULL,
    "postcode" VARCHAR(4) NOT NULL,
    "gemeente" TEXT NOT NULL,
    "praktijkvorm" VARCHAR(32) NOT NULL,
    "halve_dagen" SMALLINT NOT NULL,
    "nieuwe_patienten" BOOLEAN NOT NULL,

    CONSTRAINT "zorgaanbod_row_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "zorgaanbod_campaign_year_key" ON "zorgaanbod_campaign"("year");

-- CreateIndex
CREATE INDEX "zorgaanbod_list_campaign_id_status_idx" ON "zorgaanbod_list"("campaign_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "zorgaanbod_list_facility_id_campaign_id_key" ON "zorgaanbod_list"("facility_id", "campaign_id");

-- CreateIndex
CREATE UNIQUE INDEX "zorgaanbod_upload_stored_file_id_key" ON "zorgaanbod_upload"("stored_file_id");

-- CreateIndex
CREATE INDEX "zorgaanbod_upload_list_id_id_idx" ON "zorgaanbod_upload"("list_id", "id");

-- CreateIndex
CREATE INDEX "zorgaanbod_upload_facility_id_idx" ON "zorgaanbod_upload"("facility_id");

-- CreateIndex
CREATE INDEX "zorgaanbod_row_list_id_excel_row_idx" ON "zorgaanbod_row"("list_id", "excel_row");

-- AddForeignKey
ALTER TABLE "zorgaanbod_list" ADD CONSTRAINT "zorgaanbod_list_facility_id_fkey" FOREIGN KEY ("facility_id") REFERENCES "facility"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "zorgaanbod_list" ADD CONSTRAINT "zorgaanbod_list_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "zorgaanbod_campaign"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "zorgaanbod_upload" ADD CONSTRAINT "zorgaanbod_upload_list_id_fkey" FOREIGN KEY ("list_id") REFERENCES "zorgaanbod_list"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "zorgaanbod_upload" ADD CONSTRAINT "zorgaanbod_upload_stored_file_id_fkey" FOREIGN KEY ("stored_file_id") REFERENCES "stored_file"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "zorgaanbod_row" ADD CONSTRAINT "zorgaanbod_row_list_id_fkey" FOREIGN KEY ("list_id") REFERENCES "zorgaanbod_list"("id") ON DELETE CASCADE ON UPDATE CASCADE;
