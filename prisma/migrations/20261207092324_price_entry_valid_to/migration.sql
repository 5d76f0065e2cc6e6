-- DropIndex
DROP INDEX "price_entry_kamertype_current_idx";

-- AlterTable
ALTER TABLE "price_entry" ADD COLUMN     "valid_to" DATE;

-- Fill valid_to of the existing rows: the valid_from of the item's next row in
-- (valid_from, id) order, as closeRegisterRows (src/modules/prices/data.ts) keeps it
-- from now on. Before the index, so that the index is built once on the filled column.
UPDATE "price_entry" e SET "valid_to" = n.next
FROM (
  SELECT id, lead(valid_from) OVER (PARTITION BY facility_id, kind, item_key ORDER BY valid_from, id) AS next
  FROM "price_entry"
) n
WHERE e.id = n.id AND n.next IS NOT NULL;

-- CreateIndex
CREATE INDEX "price_entry_kamertype_current_idx" ON "price_entry"("valid_to", "valid_from", "facility_id", "unit", "capacity", "price_cents", "removed") WHERE (kind = 'kamertype');

-- The planner reads the current rows from the new index only once it knows valid_to.
ANALYZE "price_entry";
