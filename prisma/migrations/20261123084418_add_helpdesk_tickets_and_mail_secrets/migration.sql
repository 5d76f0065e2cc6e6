-- CreateEnum
CREATE TYPE "helpdesk_ticket_status" AS ENUM ('open', 'closed');

-- AlterTable
ALTER TABLE "outbox_mail" ADD COLUMN     "body_purged_at" TIMESTAMPTZ(3),
ADD COLUMN     "secrets" JSONB;

-- CreateTable
CREATE TABLE "helpdesk_ticket" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "user_id" INTEGER,
    "facility_id" INTEGER,
    "page" VARCHAR(500),
    "status" "helpdesk_ticket_status" NOT NULL DEFAULT 'open',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_at" TIMESTAMPTZ(3),

    CONSTRAINT "helpdesk_ticket_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "helpdesk_ticket_status_created_at_idx" ON "helpdesk_ticket"("status", "created_at");

-- CreateIndex
CREATE INDEX "helpdesk_ticket_facility_id_idx" ON "helpdesk_ticket"("facility_id");

-- CreateIndex
CREATE INDEX "helpdesk_ticket_user_id_idx" ON "helpdesk_ticket"("user_id");

-- CreateIndex
CREATE INDEX "outbox_mail_body_retention_idx" ON "outbox_mail"("body_purged_at", "sent_at");

-- AddForeignKey
ALTER TABLE "helpdesk_ticket" ADD CONSTRAINT "helpdesk_ticket_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "helpdesk_ticket" ADD CONSTRAINT "helpdesk_ticket_facility_id_fkey" FOREIGN KEY ("facility_id") REFERENCES "facility"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Sent e-mails queued before secret links existed still hold live
-- confirmation tokens in their bodies: mask them.
UPDATE "outbox_mail"
   SET "html" = regexp_replace("html", '/bevestigen/[A-Za-z0-9_-]+', '/bevestigen/••••', 'g'),
       "text" = regexp_replace("text", '/bevestigen/[A-Za-z0-9_-]+', '/bevestigen/••••', 'g')
 WHERE "status" = 'sent';
