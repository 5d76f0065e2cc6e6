-- AlterTable
ALTER TABLE "staff_member" ADD COLUMN     "notify_new_messages" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "thread" ADD COLUMN     "handled_at" TIMESTAMPTZ(3);
