-- CreateIndex
CREATE INDEX "dossier_submitted_queue_idx" ON "dossier"("term_ends_on", "submitted_at", "id", "type_code") WHERE (submitted_at IS NOT NULL);
