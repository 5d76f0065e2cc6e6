-- CreateTable
CREATE TABLE "stored_file" (
    "id" SERIAL NOT NULL,
    "facility_id" INTEGER NOT NULL,
    "uploaded_by_id" INTEGER NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "media_type" VARCHAR(127) NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "content" BYTEA NOT NULL,
    "claimed_at" TIMESTAMPTZ(3),
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stored_file_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "stored_file_facility_id_uploaded_by_id_claimed_at_idx" ON "stored_file"("facility_id", "uploaded_by_id", "claimed_at");

-- CreateIndex
CREATE INDEX "stored_file_claimed_at_expires_at_idx" ON "stored_file"("claimed_at", "expires_at");

-- CreateIndex
CREATE INDEX "stored_file_uploaded_by_id_idx" ON "stored_file"("uploaded_by_id");

-- AddForeignKey
ALTER TABLE "stored_file" ADD CONSTRAINT "stored_file_facility_id_fkey" FOREIGN KEY ("facility_id") REFERENCES "facility"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stored_file" ADD CONSTRAINT "stored_file_uploaded_by_id_fkey" FOREIGN KEY ("uploaded_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
