-- AlterTable
ALTER TABLE "dossier" ALTER COLUMN "campaign_id" DROP NOT NULL;
