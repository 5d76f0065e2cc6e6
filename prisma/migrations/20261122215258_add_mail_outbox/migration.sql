-- CreateEnum
CREATE TYPE "outbox_mail_status" AS ENUM ('queued', 'sending', 'sent', 'failed');

-- CreateTable
CREATE TABLE "outbox_mail" (
    "id" SERIAL NOT NULL,
    "message_id" VARCHAR(255) NOT NULL,
    "recipients" TEXT[],
    "subject" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "template" VARCHAR(100) NOT NULL,
    "status" "outbox_mail_status" NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "locked_by" VARCHAR(200),
    "lease_until" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "facility_id" INTEGER,
    "cause_type" VARCHAR(64),
    "cause_id" VARCHAR(64),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbox_mail_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "outbox_mail_message_id_key" ON "outbox_mail"("message_id");

-- CreateIndex
CREATE INDEX "outbox_mail_status_next_attempt_at_idx" ON "outbox_mail"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "outbox_mail_status_lease_until_idx" ON "outbox_mail"("status", "lease_until");

-- CreateIndex
CREATE INDEX "outbox_mail_facility_id_idx" ON "outbox_mail"("facility_id");

-- CreateIndex
CREATE INDEX "outbox_mail_cause_type_cause_id_idx" ON "outbox_mail"("cause_type", "cause_id");

-- CreateIndex
CREATE INDEX "outbox_mail_created_at_idx" ON "outbox_mail"("created_at");

-- AddForeignKey
ALTER TABLE "outbox_mail" ADD CONSTRAINT "outbox_mail_facility_id_fkey" FOREIGN KEY ("facility_id") REFERENCES "facility"("id") ON DELETE SET NULL ON UPDATE CASCADE;
