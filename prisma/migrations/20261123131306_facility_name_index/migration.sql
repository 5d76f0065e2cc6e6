-- CreateIndex
CREATE INDEX "facility_name_id_idx" ON "facility"("name", "id");
