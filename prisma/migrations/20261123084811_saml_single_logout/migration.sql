-- AlterTable
ALTER TABLE "session" ADD COLUMN     "saml_name_id" VARCHAR(256),
ADD COLUMN     "saml_session_index" VARCHAR(256);

-- CreateTable
CREATE TABLE "dev_idp_session" (
    "id" VARCHAR(64) NOT NULL,
    "person_id" INTEGER NOT NULL,
    "name_id" VARCHAR(256) NOT NULL,
    "session_index" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ended_at" TIMESTAMPTZ(3),
    "logout_request_id" VARCHAR(64),

    CONSTRAINT "dev_idp_session_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "dev_idp_session_session_index_key" ON "dev_idp_session"("session_index");

-- CreateIndex
CREATE UNIQUE INDEX "dev_idp_session_logout_request_id_key" ON "dev_idp_session"("logout_request_id");

-- CreateIndex
CREATE INDEX "session_saml_name_id_saml_session_index_idx" ON "session"("saml_name_id", "saml_session_index");

-- AddForeignKey
ALTER TABLE "dev_idp_session" ADD CONSTRAINT "dev_idp_session_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "dev_idp_person"("id") ON DELETE CASCADE ON UPDATE CASCADE;
