-- CreateTable
CREATE TABLE "form_rescue" (
    "id" SERIAL NOT NULL,
    "browser_key" CHAR(64) NOT NULL,
    "user_id" INTEGER NOT NULL,
    "facility_id" INTEGER,
    "form_path" VARCHAR(1000) NOT NULL,
    "fields" JSONB NOT NULL,
    "had_files" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "form_rescue_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "form_rescue_user_id_idx" ON "form_rescue"("user_id");

-- CreateIndex
CREATE INDEX "form_rescue_expires_at_idx" ON "form_rescue"("expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "form_rescue_browser_key_form_path_key" ON "form_rescue"("browser_key", "form_path");
