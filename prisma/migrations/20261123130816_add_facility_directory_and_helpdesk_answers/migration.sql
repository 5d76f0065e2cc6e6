-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateTable
CREATE TABLE "helpdesk_answer" (
    "id" SERIAL NOT NULL,
    "ticket_id" INTEGER NOT NULL,
    "author_user_id" INTEGER,
    "author_name" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "sent_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "helpdesk_answer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "helpdesk_answer_ticket_id_sent_at_idx" ON "helpdesk_answer"("ticket_id", "sent_at");

-- CreateIndex
CREATE INDEX "facility_name_id_idx" ON "facility"("name", "id");

-- CreateIndex
CREATE INDEX "facility_name_trgm_idx" ON "facility" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "facility_municipality_trgm_idx" ON "facility" USING GIN ("municipality" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "facility_postal_code_idx" ON "facility"("postal_code");

-- AddForeignKey
ALTER TABLE "helpdesk_answer" ADD CONSTRAINT "helpdesk_answer_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "helpdesk_ticket"("id") ON DELETE CASCADE ON UPDATE CASCADE;
