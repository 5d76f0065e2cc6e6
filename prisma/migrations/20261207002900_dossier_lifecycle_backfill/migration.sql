-- The lifecycle's history for the dossiers that existed before it (M31): a
-- dossier the department had reopened and that is still a draft is heropend;
-- each dossier gets the events its columns tell (created, submitted, reopened).
-- A separate migration: PostgreSQL uses a new enum value only after the
-- transaction that added it has committed.
UPDATE "dossier" SET "status" = 'heropend' WHERE "status" = 'opmaak' AND "reopened_at" IS NOT NULL;

INSERT INTO "dossier_event" ("dossier_id", "facility_id", "from_status", "to_status", "actor_user_id", "actor_name", "at")
SELECT e.dossier_id, e.facility_id, e.from_status::"dossier_status", e.to_status::"dossier_status", e.user_id, coalesce(u.given_name || ' ' || u.surname, 'onbekend'), e.at
FROM (
  SELECT d.id AS dossier_id, d.facility_id, NULL AS from_status, 'opmaak' AS to_status, NULL::text AS reason, d.created_by_id AS user_id, d.created_at AS at, 1 AS step FROM "dossier" d
  UNION ALL
  SELECT d.id, d.facility_id, 'opmaak', 'ingediend', NULL, d.submitted_by_id, d.submitted_at, 2 FROM "dossier" d WHERE d.submitted_at IS NOT NULL
  UNION ALL
  SELECT d.id, d.facility_id, 'ingediend', 'heropend', d.reopen_reason, d.reopened_by_id, d.reopened_at, 3 FROM "dossier" d WHERE d.reopened_at IS NOT NULL
) e
LEFT JOIN "app_user" u ON u.id = e.user_id
ORDER BY e.at, e.step;

UPDATE "dossier_event" ev SET "reason" = d."reopen_reason"
FROM "dossier" d WHERE ev."dossier_id" = d."id" AND ev."to_status" = 'heropend' AND ev."reason" IS NULL;
