-- AlterTable
ALTER TABLE "facility" ADD COLUMN     "contacts_version" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "contact_person" (
    "id" SERIAL NOT NULL,
    "facility_id" INTEGER NOT NULL,
    "surname" TEXT NOT NULL,
    "given_name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "confirmed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "contact_person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contact_person_theme" (
    "contact_person_id" INTEGER NOT NULL,
    "theme_id" INTEGER NOT NULL,

    CONSTRAINT "contact_person_theme_pkey" PRIMARY KEY ("contact_person_id","theme_id")
);

-- CreateTable
CREATE TABLE "contact_confirmation" (
    "id" SERIAL NOT NULL,
    "contact_person_id" INTEGER NOT NULL,
    "token_hash" CHAR(64) NOT NULL,
    "email" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contact_confirmation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "contact_person_facility_id_surname_idx" ON "contact_person"("facility_id", "surname");

-- CreateIndex
CREATE UNIQUE INDEX "contact_person_facility_id_email_key" ON "contact_person"("facility_id", "email");

-- CreateIndex
CREATE INDEX "contact_person_theme_theme_id_idx" ON "contact_person_theme"("theme_id");

-- CreateIndex
CREATE UNIQUE INDEX "contact_confirmation_token_hash_key" ON "contact_confirmation"("token_hash");

-- CreateIndex
CREATE INDEX "contact_confirmation_contact_person_id_idx" ON "contact_confirmation"("contact_person_id");

-- AddForeignKey
ALTER TABLE "contact_person" ADD CONSTRAINT "contact_person_facility_id_fkey" FOREIGN KEY ("facility_id") REFERENCES "facility"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contact_person_theme" ADD CONSTRAINT "contact_person_theme_contact_person_id_fkey" FOREIGN KEY ("contact_person_id") REFERENCES "contact_person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contact_person_theme" ADD CONSTRAINT "contact_person_theme_theme_id_fkey" FOREIGN KEY ("theme_id") REFERENCES "theme"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contact_confirmation" ADD CONSTRAINT "contact_confirmation_contact_person_id_fkey" FOREIGN KEY ("contact_person_id") REFERENCES "contact_person"("id") ON DELETE CASCADE ON UPDATE CASCADE;
