-- CreateIndex
CREATE INDEX "price_entry_kamertype_current_idx" ON "price_entry"("facility_id", "item_key", "valid_from" DESC, "id" DESC, "unit", "capacity", "price_cents", "removed") WHERE (kind = 'kamertype');
