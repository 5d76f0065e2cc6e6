-- DropIndex
DROP INDEX "thread_staff_member_id_idx";

-- DropIndex
DROP INDEX "thread_theme_id_idx";

-- AlterTable
ALTER TABLE "stored_file" ALTER COLUMN "facility_id" DROP NOT NULL;

-- CreateTable
CREATE TABLE "reply_draft" (
    "id" SERIAL NOT NULL,
    "thread_id" INTEGER NOT NULL,
    "staff_member_id" INTEGER NOT NULL,
    "body" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "reply_draft_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "reply_draft_staff_member_id_idx" ON "reply_draft"("staff_member_id");

-- CreateIndex
CREATE UNIQUE INDEX "reply_draft_thread_id_staff_member_id_key" ON "reply_draft"("thread_id", "staff_member_id");

-- CreateIndex
CREATE INDEX "thread_theme_id_last_activity_at_id_department_read_at_idx" ON "thread"("theme_id", "last_activity_at" DESC, "id" DESC, "department_read_at");

-- CreateIndex
CREATE INDEX "thread_staff_member_id_last_activity_at_id_idx" ON "thread"("staff_member_id", "last_activity_at" DESC, "id" DESC);

-- AddForeignKey
ALTER TABLE "reply_draft" ADD CONSTRAINT "reply_draft_thread_id_fkey" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reply_draft" ADD CONSTRAINT "reply_draft_staff_member_id_fkey" FOREIGN KEY ("staff_member_id") REFERENCES "staff_member"("id") ON DELETE CASCADE ON UPDATE CASCADE;
