-- CreateTable
CREATE TABLE "audit_event" (
    "id" BIGSERIAL NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_user_id" INTEGER,
    "actor_name" TEXT NOT NULL,
    "facility_id" INTEGER,
    "team_code" VARCHAR(64),
    "kind" VARCHAR(64) NOT NULL,
    "record_type" VARCHAR(64) NOT NULL,
    "record_id" VARCHAR(64) NOT NULL,
    "summary" TEXT NOT NULL,
    "details" JSONB,

    CONSTRAINT "audit_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "audit_event_occurred_at_idx" ON "audit_event"("occurred_at" DESC);

-- CreateIndex
CREATE INDEX "audit_event_facility_id_occurred_at_idx" ON "audit_event"("facility_id", "occurred_at" DESC);

-- CreateIndex
CREATE INDEX "audit_event_actor_user_id_occurred_at_idx" ON "audit_event"("actor_user_id", "occurred_at" DESC);

-- CreateIndex
CREATE INDEX "audit_event_kind_occurred_at_idx" ON "audit_event"("kind", "occurred_at" DESC);

-- The trail is append-only: the portal inserts, nothing updates or deletes.
-- The migration runner splits statements at every semicolon and knows no
-- dollar quotes, so the body's semicolons are written as the escape \073.
CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql
AS E'BEGIN RAISE EXCEPTION ''audit_event is append-only (% refused)'', TG_OP\073 END\073';

CREATE TRIGGER audit_event_append_only
  BEFORE UPDATE OR DELETE ON "audit_event"
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
