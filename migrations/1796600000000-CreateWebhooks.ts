import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Incoming webhooks into rooms, outgoing subscriptions to events, and each outgoing delivery. */
export class CreateWebhooks1796600000000 implements MigrationInterface {
  name = 'CreateWebhooks1796600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE webhooks (
        id uuid NOT NULL,
        room_id uuid NOT NULL,
        name varchar(100) NOT NULL,
        bot_user_id uuid NOT NULL,
        secret_sealed text NOT NULL,
        created_by uuid NOT NULL,
        disabled_at timestamptz,
        last_used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_webhooks PRIMARY KEY (id),
        CONSTRAINT fk_webhooks_room FOREIGN KEY (room_id) REFERENCES rooms (id) ON DELETE CASCADE,
        CONSTRAINT fk_webhooks_bot_user FOREIGN KEY (bot_user_id) REFERENCES users (id),
        CONSTRAINT fk_webhooks_created_by FOREIGN KEY (created_by) REFERENCES users (id)
      )`);
    await db.query(`CREATE INDEX ix_webhooks_room ON webhooks (room_id)`);

    await db.query(`
      CREATE TABLE webhook_subscriptions (
        id uuid NOT NULL,
        name varchar(100) NOT NULL,
        url varchar(2000) NOT NULL,
        events varchar(40)[] NOT NULL,
        room_id uuid,
        secret_sealed text NOT NULL,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_webhook_subscriptions PRIMARY KEY (id),
        CONSTRAINT fk_webhook_subscriptions_room FOREIGN KEY (room_id) REFERENCES rooms (id) ON DELETE CASCADE,
        CONSTRAINT fk_webhook_subscriptions_created_by FOREIGN KEY (created_by) REFERENCES users (id)
      )`);
    await db.query(
      `CREATE INDEX ix_webhook_subscriptions_room ON webhook_subscriptions (room_id) WHERE room_id IS NOT NULL`,
    );

    await db.query(`
      CREATE TABLE webhook_deliveries (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        subscription_id uuid NOT NULL,
        source_event_id bigint NOT NULL,
        event varchar(40) NOT NULL,
        payload text NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        last_status_code integer,
        last_error varchar(500),
        last_attempt_at timestamptz,
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_webhook_deliveries PRIMARY KEY (id),
        CONSTRAINT fk_webhook_deliveries_subscription FOREIGN KEY (subscription_id) REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
        CONSTRAINT ck_webhook_deliveries_status CHECK (status IN ('pending','delivered','failed','refused'))
      )`);
    await db.query(
      `CREATE UNIQUE INDEX uq_webhook_deliveries_source ON webhook_deliveries (subscription_id, source_event_id)`,
    );
    await db.query(
      `CREATE INDEX ix_webhook_deliveries_subscription ON webhook_deliveries (subscription_id, created_at)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE webhook_deliveries`);
    await db.query(`DROP TABLE webhook_subscriptions`);
    await db.query(`DROP TABLE webhooks`);
  }
}
