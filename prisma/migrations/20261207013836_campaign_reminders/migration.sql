-- AlterTable
ALTER TABLE "campaign" ADD COLUMN     "reminder_days" INTEGER[] DEFAULT ARRAY[14, 3]::INTEGER[];

-- CreateTable
CREATE TABLE "campaign_reminder" (
    "id" SERIAL NOT NULL,
    "campaign_id" INTEGER NOT NULL,
    "facility_id" INTEGER NOT NULL,
    "days_before" INTEGER NOT NULL,
    "recipients" INTEGER NOT NULL,
    "sent_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "campaign_reminder_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "campaign_reminder_campaign_id_facility_id_days_before_key" ON "campaign_reminder"("campaign_id", "facility_id", "days_before");

-- AddForeignKey
ALTER TABLE "campaign_reminder" ADD CONSTRAINT "campaign_reminder_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign_reminder" ADD CONSTRAINT "campaign_reminder_facility_id_fkey" FOREIGN KEY ("facility_id") REFERENCES "facility"("id") ON DELETE CASCADE ON UPDATE CASCADE;
