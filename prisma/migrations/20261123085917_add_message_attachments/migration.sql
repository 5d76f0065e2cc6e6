-- CreateTable
CREATE TABLE "message_attachment" (
    "message_id" INTEGER NOT NULL,
    "stored_file_id" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "message_attachment_pkey" PRIMARY KEY ("message_id","stored_file_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "message_attachment_stored_file_id_key" ON "message_attachment"("stored_file_id");

-- AddForeignKey
ALTER TABLE "message_attachment" ADD CONSTRAINT "message_attachment_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "message"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "message_attachment" ADD CONSTRAINT "message_attachment_stored_file_id_fkey" FOREIGN KEY ("stored_file_id") REFERENCES "stored_file"("id") ON DELETE CASCADE ON UPDATE CASCADE;
