-- The validation report of an upload moves from one JSON column (which a
-- small hostile file could blow up to 150 MB, read whole on every page) to a
-- table of lines read a page at a time, with every stored text capped as the
-- service caps it (src/modules/zorgaanbod/service.ts: 200 characters per
-- cell, 300 per error, the last one an ellipsis).

-- CreateTable
CREATE TABLE "zorgaanbod_report_line" (
    "upload_id" INTEGER NOT NULL,
    "excel_row" INTEGER NOT NULL,
    "values" JSONB NOT NULL,
    "errors" TEXT[],
    "has_errors" BOOLEAN NOT NULL,

    CONSTRAINT "zorgaanbod_report_line_pkey" PRIMARY KEY ("upload_id","excel_row")
);

-- AlterTable
ALTER TABLE "zorgaanbod_upload" ADD COLUMN     "lines_with_errors" INTEGER NOT NULL DEFAULT 0;

-- Move the existing reports (a line seen twice under one row keeps the first).
INSERT INTO "zorgaanbod_report_line" ("upload_id", "excel_row", "values", "errors", "has_errors")
SELECT u."id",
       (line->>'row')::int,
       coalesce((SELECT jsonb_object_agg(v.key, CASE WHEN length(v.value) > 200 THEN left(v.value, 199) || '…' ELSE v.value END)
                 FROM jsonb_each_text(CASE WHEN jsonb_typeof(line->'values') = 'object' THEN line->'values' ELSE '{}'::jsonb END) AS v), '{}'::jsonb),
       coalesce(ARRAY(SELECT CASE WHEN length(e) > 300 THEN left(e, 299) || '…' ELSE e END
                      FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(line->'errors') = 'array' THEN line->'errors' ELSE '[]'::jsonb END) WITH ORDINALITY AS x(e, n)
                      ORDER BY n), '{}'),
       jsonb_typeof(line->'errors') = 'array' AND jsonb_array_length(line->'errors') > 0
FROM "zorgaanbod_upload" u
CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(u."lines") = 'array' THEN u."lines" ELSE '[]'::jsonb END) AS l(line)
WHERE jsonb_typeof(line->'row') = 'number'
ON CONFLICT ("upload_id", "excel_row") DO NOTHING;

UPDATE "zorgaanbod_upload" u
SET "lines_with_errors" = (SELECT count(*) FROM "zorgaanbod_report_line" r WHERE r."upload_id" = u."id" AND r."has_errors");

ALTER TABLE "zorgaanbod_upload" DROP COLUMN "lines";

-- CreateIndex
CREATE INDEX "zorgaanbod_report_line_upload_id_has_errors_excel_row_idx" ON "zorgaanbod_report_line"("upload_id", "has_errors", "excel_row");

-- AddForeignKey
ALTER TABLE "zorgaanbod_report_line" ADD CONSTRAINT "zorgaanbod_report_line_upload_id_fkey" FOREIGN KEY ("upload_id") REFERENCES "zorgaanbod_upload"("id") ON DELETE CASCADE ON UPDATE CASCADE;
