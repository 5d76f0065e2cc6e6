-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "enterprise" (
    "id" SERIAL NOT NULL,
    "kbo_number" VARCHAR(10) NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "enterprise_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "facility_type" (
    "id" SERIAL NOT NULL,
    "code" VARCHAR(64) NOT NULL,
    "name" TEXT NOT NULL,
    "hoedanigheid" TEXT NOT NULL,

    CONSTRAINT "facility_type_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "facility" (
    "id" SERIAL NOT NULL,
    "hco_number" VARCHAR(20) NOT NULL,
    "name" TEXT NOT NULL,
    "enterprise_id" INTEGER NOT NULL,
    "facility_type_id" INTEGER NOT NULL,
    "street" TEXT NOT NULL,
    "postal_code" VARCHAR(4) NOT NULL,
    "municipality" TEXT NOT NULL,
    "phone" TEXT,
    "email" TEXT,
    "website" TEXT,
    "recognized_capacity" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "facility_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "theme" (
    "id" SERIAL NOT NULL,
    "slug" VARCHAR(64) NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "theme_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "facility_type_theme" (
    "facility_type_id" INTEGER NOT NULL,
    "theme_id" INTEGER NOT NULL,

    CONSTRAINT "facility_type_theme_pkey" PRIMARY KEY ("facility_type_id","theme_id")
);

-- CreateTable
CREATE TABLE "app_user" (
    "id" SERIAL NOT NULL,
    "insz" VARCHAR(11) NOT NULL,
    "given_name" TEXT NOT NULL,
    "surname" TEXT NOT NULL,
    "email" TEXT,
    "last_login_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "app_user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "facility_right" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "facility_id" INTEGER NOT NULL,
    "roles" TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "facility_right_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "team" (
    "id" SERIAL NOT NULL,
    "code" VARCHAR(64) NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,

    CONSTRAINT "team_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staff_member" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "staff_id" VARCHAR(32) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "staff_member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staff_team" (
    "staff_member_id" INTEGER NOT NULL,
    "team_id" INTEGER NOT NULL,

    CONSTRAINT "staff_team_pkey" PRIMARY KEY ("staff_member_id","team_id")
);

-- CreateTable
CREATE TABLE "theme_team" (
    "theme_id" INTEGER NOT NULL,
    "team_id" INTEGER NOT NULL,

    CONSTRAINT "theme_team_pkey" PRIMARY KEY ("theme_id","team_id")
);

-- CreateTable
CREATE TABLE "session" (
    "sid" VARCHAR NOT NULL,
    "sess" JSON NOT NULL,
    "expire" TIMESTAMP(6) NOT NULL,

    CONSTRAINT "session_pkey" PRIMARY KEY ("sid")
);

-- CreateIndex
CREATE UNIQUE INDEX "enterprise_kbo_number_key" ON "enterprise"("kbo_number");

-- CreateIndex
CREATE UNIQUE INDEX "facility_type_code_key" ON "facility_type"("code");

-- CreateIndex
CREATE UNIQUE INDEX "facility_hco_number_key" ON "facility"("hco_number");

-- CreateIndex
CREATE INDEX "facility_enterprise_id_idx" ON "facility"("enterprise_id");

-- CreateIndex
CREATE INDEX "facility_facility_type_id_idx" ON "facility"("facility_type_id");

-- CreateIndex
CREATE UNIQUE INDEX "theme_slug_key" ON "theme"("slug");

-- CreateIndex
CREATE INDEX "facility_type_theme_theme_id_idx" ON "facility_type_theme"("theme_id");

-- CreateIndex
CREATE UNIQUE INDEX "app_user_insz_key" ON "app_user"("insz");

-- CreateIndex
CREATE INDEX "facility_right_facility_id_idx" ON "facility_right"("facility_id");

-- CreateIndex
CREATE UNIQUE INDEX "facility_right_user_id_facility_id_key" ON "facility_right"("user_id", "facility_id");

-- CreateIndex
CREATE UNIQUE INDEX "team_code_key" ON "team"("code");

-- CreateIndex
CREATE UNIQUE INDEX "staff_member_user_id_key" ON "staff_member"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "staff_member_staff_id_key" ON "staff_member"("staff_id");

-- CreateIndex
CREATE INDEX "staff_team_team_id_idx" ON "staff_team"("team_id");

-- CreateIndex
CREATE INDEX "theme_team_team_id_idx" ON "theme_team"("team_id");

-- CreateIndex
CREATE INDEX "IDX_session_expire" ON "session"("expire");

-- AddForeignKey
ALTER TABLE "facility" ADD CONSTRAINT "facility_enterprise_id_fkey" FOREIGN KEY ("enterprise_id") REFERENCES "enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "facility" ADD CONSTRAINT "facility_facility_type_id_fkey" FOREIGN KEY ("facility_type_id") REFERENCES "facility_type"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "facility_type_theme" ADD CONSTRAINT "facility_type_theme_facility_type_id_fkey" FOREIGN KEY ("facility_type_id") REFERENCES "facility_type"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "facility_type_theme" ADD CONSTRAINT "facility_type_theme_theme_id_fkey" FOREIGN KEY ("theme_id") REFERENCES "theme"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "facility_right" ADD CONSTRAINT "facility_right_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "facility_right" ADD CONSTRAINT "facility_right_facility_id_fkey" FOREIGN KEY ("facility_id") REFERENCES "facility"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "staff_member" ADD CONSTRAINT "staff_member_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "staff_team" ADD CONSTRAINT "staff_team_staff_member_id_fkey" FOREIGN KEY ("staff_member_id") REFERENCES "staff_member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "staff_team" ADD CONSTRAINT "staff_team_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "theme_team" ADD CONSTRAINT "theme_team_theme_id_fkey" FOREIGN KEY ("theme_id") REFERENCES "theme"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "theme_team" ADD CONSTRAINT "theme_team_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE CASCADE;
