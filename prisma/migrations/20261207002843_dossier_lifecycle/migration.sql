-- CreateEnum
CREATE TYPE "dossier_outcome" AS ENUM ('aanvaard', 'geweigerd');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "dossier_status" ADD VALUE 'in_behandeling';
ALTER TYPE "dossier_status" ADD VALUE 'afgehandeld';
ALTER TYPE "dossier_status" ADD VALUE 'heropend';

-- AlterTable
ALTER TABLE "dossier" ADD COLUMN     "decided_at" TIMESTAMPTZ(3),
ADD COLUMN     "handler_id" INTEGER,
ADD COLUMN     "motivation" TEXT,
ADD COLUMN     "outcome" "dossier_outcome",
ADD COLUMN     "term_ends_on" DATE,
ADD COLUMN     "type_code" VARCHAR(64) NOT NULL DEFAULT 'meting-dagprijzen';

-- CreateTable
CREATE TABLE "dossier_event" (
    "id" SERIAL NOT NULL,
    "dossier_id" INTEGER NOT NULL,
    "facility_id" INTEGER NOT NULL,
    "from_status" "dossier_status",
    "to_status" "dossier_status" NOT NULL,
    "outcome" "dossier_outcome",
    "reason" TEXT,
    "actor_user_id" INTEGER,
    "actor_name" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dossier_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "dossier_event_dossier_id_id_idx" ON "dossier_event"("dossier_id", "id");

-- CreateIndex
CREATE INDEX "dossier_event_facility_id_idx" ON "dossier_event"("facility_id");

-- CreateIndex
CREATE INDEX "dossier_status_type_code_idx" ON "dossier"("status", "type_code");

-- CreateIndex
CREATE INDEX "dossier_handler_id_idx" ON "dossier"("handler_id");

-- CreateIndex
CREATE INDEX "dossier_term_ends_on_idx" ON "dossier"("term_ends_on");

-- AddForeignKey
ALTER TABLE "dossier" ADD CONSTRAINT "dossier_handler_id_fkey" FOREIGN KEY ("handler_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dossier_event" ADD CONSTRAINT "dossier_event_dossier_id_fkey" FOREIGN KEY ("dossier_id") REFERENCES "dossier"("id") ON DELETE CASCADE ON UPDATE CASCADE;
