-- CreateTable
CREATE TABLE "dossier_letter" (
    "id" SERIAL NOT NULL,
    "dossier_id" INTEGER NOT NULL,
    "facility_id" INTEGER NOT NULL,
    "content" BYTEA NOT NULL,
    "size" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dossier_letter_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "dossier_letter_dossier_id_id_idx" ON "dossier_letter"("dossier_id", "id");

-- CreateIndex
CREATE INDEX "dossier_letter_facility_id_idx" ON "dossier_letter"("facility_id");

-- AddForeignKey
ALTER TABLE "dossier_letter" ADD CONSTRAINT "dossier_letter_dossier_id_fkey" FOREIGN KEY ("dossier_id") REFERENCES "dossier"("id") ON DELETE CASCADE ON UPDATE CASCADE;
