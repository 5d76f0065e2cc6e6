-- CreateIndex
CREATE INDEX "dossier_waiting_queue_idx" ON "dossier"("term_ends_on", "submitted_at", "id") WHERE (status IN ('ingediend', 'in_behandeling'));
