-- AlterTable
ALTER TABLE "thread_contact" ADD COLUMN     "added_by_user_id" INTEGER;

-- AlterTable
ALTER TABLE "bulk_send" ADD COLUMN     "confirm_key" VARCHAR(64);

-- CreateIndex
CREATE INDEX "thread_contact_added_by_user_id_created_at_idx" ON "thread_contact"("added_by_user_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "bulk_send_staff_member_id_confirm_key_key" ON "bulk_send"("staff_member_id", "confirm_key");
