-- CreateIndex
CREATE INDEX "dossier_submitted_type_idx" ON "dossier"("type_code") WHERE (submitted_at IS NOT NULL);
