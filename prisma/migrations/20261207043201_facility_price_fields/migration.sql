-- AlterTable
ALTER TABLE "facility" ADD COLUMN     "new_recognition_date" DATE,
ADD COLUMN     "new_recognition_number" VARCHAR(30),
ADD COLUMN     "receives_infrastructure_forfait" BOOLEAN NOT NULL DEFAULT false;
