-- CreateTable
CREATE TABLE "consumer_price_index" (
    "id" SERIAL NOT NULL,
    "month" DATE NOT NULL,
    "value" DECIMAL(8,2) NOT NULL,
    "demo" BOOLEAN NOT NULL DEFAULT false,
    "added_by_id" INTEGER,
    "added_by_name" TEXT NOT NULL,
    "added_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "consumer_price_index_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "consumer_price_index_month_key" ON "consumer_price_index"("month");
