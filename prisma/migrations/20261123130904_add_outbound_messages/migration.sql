-- AlterTable
ALTER TABLE "thread" ADD COLUMN     "dossier_id" INTEGER;

-- CreateTable
CREATE TABLE "bulk_send" (
    "id" SERIAL NOT NULL,
    "staff_member_id" INTEGER NOT NULL,
    "team_id" INTEGER NOT NULL,
    "theme_id" INTEGER NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "body" TEXT NOT NULL,
    "selection" JSONB NOT NULL,
    "total" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "bulk_send_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bulk_send_target" (
    "id" SERIAL NOT NULL,
    "bulk_send_id" INTEGER NOT NULL,
    "facility_id" INTEGER NOT NULL,
    "thread_id" INTEGER,
    "done_at" TIMESTAMPTZ(3),

    CONSTRAINT "bulk_send_target_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "bulk_send_finished_at_idx" ON "bulk_send"("finished_at");

-- CreateIndex
CREATE INDEX "bulk_send_target_done_at_id_idx" ON "bulk_send_target"("done_at", "id");

-- CreateIndex
CREATE INDEX "bulk_send_target_bulk_send_id_done_at_idx" ON "bulk_send_target"("bulk_send_id", "done_at");

-- CreateIndex
CREATE INDEX "bulk_send_target_thread_id_idx" ON "bulk_send_target"("thread_id");

-- CreateIndex
CREATE UNIQUE INDEX "bulk_send_target_bulk_send_id_facility_id_key" ON "bulk_send_target"("bulk_send_id", "facility_id");

-- CreateIndex
CREATE INDEX "thread_dossier_id_idx" ON "thread"("dossier_id");

-- AddForeignKey
ALTER TABLE "thread" ADD CONSTRAINT "thread_dossier_id_fkey" FOREIGN KEY ("dossier_id") REFERENCES "dossier"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bulk_send_target" ADD CONSTRAINT "bulk_send_target_bulk_send_id_fkey" FOREIGN KEY ("bulk_send_id") REFERENCES "bulk_send"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bulk_send_target" ADD CONSTRAINT "bulk_send_target_thread_id_fkey" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE SET NULL ON UPDATE CASCADE;
