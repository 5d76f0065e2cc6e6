-- DropIndex
DROP INDEX "outbox_mail_facility_id_idx";

-- AlterTable
ALTER TABLE "outbox_mail" ADD COLUMN     "caused_by_user_id" INTEGER;

-- CreateIndex
CREATE INDEX "outbox_mail_facility_id_created_at_idx" ON "outbox_mail"("facility_id", "created_at");

-- CreateIndex
CREATE INDEX "outbox_mail_caused_by_user_id_created_at_idx" ON "outbox_mail"("caused_by_user_id", "created_at");

-- AddForeignKey
ALTER TABLE "outbox_mail" ADD CONSTRAINT "outbox_mail_caused_by_user_id_fkey" FOREIGN KEY ("caused_by_user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
