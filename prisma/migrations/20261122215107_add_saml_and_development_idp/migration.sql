-- CreateTable
CREATE TABLE "saml_request" (
    "id" VARCHAR(128) NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "saml_request_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "saml_assertion_use" (
    "id" VARCHAR(128) NOT NULL,
    "used_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "saml_assertion_use_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dev_idp_enterprise" (
    "id" SERIAL NOT NULL,
    "kbo_number" VARCHAR(10) NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "dev_idp_enterprise_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dev_idp_hoedanigheid" (
    "id" SERIAL NOT NULL,
    "enterprise_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "dev_idp_hoedanigheid_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dev_idp_subafdeling" (
    "id" SERIAL NOT NULL,
    "hoedanigheid_id" INTEGER NOT NULL,
    "hco_number" VARCHAR(20) NOT NULL,
    "name" TEXT NOT NULL,
    "facility_type" TEXT NOT NULL,

    CONSTRAINT "dev_idp_subafdeling_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dev_idp_person" (
    "id" SERIAL NOT NULL,
    "insz" VARCHAR(11) NOT NULL,
    "given_name" TEXT NOT NULL,
    "surname" TEXT NOT NULL,
    "email" TEXT NOT NULL,

    CONSTRAINT "dev_idp_person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dev_idp_access" (
    "id" SERIAL NOT NULL,
    "person_id" INTEGER NOT NULL,
    "subafdeling_id" INTEGER NOT NULL,
    "eloket_right" BOOLEAN NOT NULL,
    "roles" TEXT[],

    CONSTRAINT "dev_idp_access_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dev_idp_staff" (
    "id" SERIAL NOT NULL,
    "person_id" INTEGER NOT NULL,
    "staff_id" VARCHAR(32) NOT NULL,
    "teams" TEXT[],

    CONSTRAINT "dev_idp_staff_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "saml_request_expires_at_idx" ON "saml_request"("expires_at");

-- CreateIndex
CREATE INDEX "saml_assertion_use_expires_at_idx" ON "saml_assertion_use"("expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "dev_idp_enterprise_kbo_number_key" ON "dev_idp_enterprise"("kbo_number");

-- CreateIndex
CREATE UNIQUE INDEX "dev_idp_hoedanigheid_enterprise_id_name_key" ON "dev_idp_hoedanigheid"("enterprise_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "dev_idp_subafdeling_hco_number_key" ON "dev_idp_subafdeling"("hco_number");

-- CreateIndex
CREATE UNIQUE INDEX "dev_idp_person_insz_key" ON "dev_idp_person"("insz");

-- CreateIndex
CREATE INDEX "dev_idp_access_subafdeling_id_idx" ON "dev_idp_access"("subafdeling_id");

-- CreateIndex
CREATE UNIQUE INDEX "dev_idp_access_person_id_subafdeling_id_key" ON "dev_idp_access"("person_id", "subafdeling_id");

-- CreateIndex
CREATE UNIQUE INDEX "dev_idp_staff_person_id_key" ON "dev_idp_staff"("person_id");

-- CreateIndex
CREATE UNIQUE INDEX "dev_idp_staff_staff_id_key" ON "dev_idp_staff"("staff_id");

-- AddForeignKey
ALTER TABLE "dev_idp_hoedanigheid" ADD CONSTRAINT "dev_idp_hoedanigheid_enterprise_id_fkey" FOREIGN KEY ("enterprise_id") REFERENCES "dev_idp_enterprise"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dev_idp_subafdeling" ADD CONSTRAINT "dev_idp_subafdeling_hoedanigheid_id_fkey" FOREIGN KEY ("hoedanigheid_id") REFERENCES "dev_idp_hoedanigheid"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dev_idp_access" ADD CONSTRAINT "dev_idp_access_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "dev_idp_person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dev_idp_access" ADD CONSTRAINT "dev_idp_access_subafdeling_id_fkey" FOREIGN KEY ("subafdeling_id") REFERENCES "dev_idp_subafdeling"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dev_idp_staff" ADD CONSTRAINT "dev_idp_staff_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "dev_idp_person"("id") ON DELETE CASCADE ON UPDATE CASCADE;
