-- The digits of the referentienummer (DZ-<year>-<6 digits>): unique across years, refused past 999999
-- rather than reused or truncated.
CREATE SEQUENCE "thread_reference_seq" AS INTEGER MINVALUE 1 MAXVALUE 999999 NO CYCLE;

-- CreateEnum
CREATE TYPE "message_direction" AS ENUM ('incoming', 'outgoing');

-- CreateTable
CREATE TABLE "thread" (
    "id" SERIAL NOT NULL,
    "reference" VARCHAR(20) NOT NULL,
    "facility_id" INTEGER NOT NULL,
    "theme_id" INTEGER NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "team_id" INTEGER NOT NULL,
    "staff_member_id" INTEGER,
    "last_activity_at" TIMESTAMPTZ(3) NOT NULL,
    "department_read_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "thread_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "message" (
    "id" SERIAL NOT NULL,
    "thread_id" INTEGER NOT NULL,
    "facility_id" INTEGER NOT NULL,
    "theme_id" INTEGER NOT NULL,
    "direction" "message_direction" NOT NULL,
    "author_name" TEXT NOT NULL,
    "author_user_id" INTEGER,
    "author_staff_member_id" INTEGER,
    "counterpart" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "sent_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "thread_contact" (
    "id" SERIAL NOT NULL,
    "thread_id" INTEGER NOT NULL,
    "contact_person_id" INTEGER,
    "surname" TEXT NOT NULL,
    "given_name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "thread_contact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "thread_muted_contact" (
    "thread_id" INTEGER NOT NULL,
    "contact_person_id" INTEGER NOT NULL,

    CONSTRAINT "thread_muted_contact_pkey" PRIMARY KEY ("thread_id","contact_person_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "thread_reference_key" ON "thread"("reference");

-- CreateIndex
CREATE INDEX "thread_facility_id_last_activity_at_idx" ON "thread"("facility_id", "last_activity_at" DESC);

-- CreateIndex
CREATE INDEX "thread_team_id_last_activity_at_idx" ON "thread"("team_id", "last_activity_at" DESC);

-- CreateIndex
CREATE INDEX "thread_staff_member_id_idx" ON "thread"("staff_member_id");

-- CreateIndex
CREATE INDEX "thread_theme_id_idx" ON "thread"("theme_id");

-- CreateIndex
CREATE INDEX "message_facility_id_direction_sent_at_id_idx" ON "message"("facility_id", "direction", "sent_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "message_facility_id_theme_id_sent_at_id_idx" ON "message"("facility_id", "theme_id", "sent_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "message_thread_id_sent_at_idx" ON "message"("thread_id", "sent_at");

-- CreateIndex
CREATE INDEX "message_author_user_id_idx" ON "message"("author_user_id");

-- CreateIndex
CREATE INDEX "message_author_staff_member_id_idx" ON "message"("author_staff_member_id");

-- CreateIndex
CREATE INDEX "thread_contact_contact_person_id_idx" ON "thread_contact"("contact_person_id");

-- CreateIndex
CREATE UNIQUE INDEX "thread_contact_thread_id_email_key" ON "thread_contact"("thread_id", "email");

-- CreateIndex
CREATE INDEX "thread_muted_contact_contact_person_id_idx" ON "thread_muted_contact"("contact_person_id");

-- AddForeignKey
ALTER TABLE "thread" ADD CONSTRAINT "thread_facility_id_fkey" FOREIGN KEY ("facility_id") REFERENCES "facility"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "thread" ADD CONSTRAINT "thread_theme_id_fkey" FOREIGN KEY ("theme_id") REFERENCES "theme"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "thread" ADD CONSTRAINT "thread_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "thread" ADD CONSTRAINT "thread_staff_member_id_fkey" FOREIGN KEY ("staff_member_id") REFERENCES "staff_member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "message" ADD CONSTRAINT "message_thread_id_fkey" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "message" ADD CONSTRAINT "message_facility_id_fkey" FOREIGN KEY ("facility_id") REFERENCES "facility"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "message" ADD CONSTRAINT "message_theme_id_fkey" FOREIGN KEY ("theme_id") REFERENCES "theme"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "message" ADD CONSTRAINT "message_author_user_id_fkey" FOREIGN KEY ("author_user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "message" ADD CONSTRAINT "message_author_staff_member_id_fkey" FOREIGN KEY ("author_staff_member_id") REFERENCES "staff_member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "thread_contact" ADD CONSTRAINT "thread_contact_thread_id_fkey" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "thread_contact" ADD CONSTRAINT "thread_contact_contact_person_id_fkey" FOREIGN KEY ("contact_person_id") REFERENCES "contact_person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "thread_muted_contact" ADD CONSTRAINT "thread_muted_contact_thread_id_fkey" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "thread_muted_contact" ADD CONSTRAINT "thread_muted_contact_contact_person_id_fkey" FOREIGN KEY ("contact_person_id") REFERENCES "contact_person"("id") ON DELETE CASCADE ON UPDATE CASCADE;
