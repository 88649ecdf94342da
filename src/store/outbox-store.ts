// A node's outbox: events written in the same transaction as the change they announce, published after commit.
import type { Json } from '../bus/port.ts';
import type { Db, Queryable } from './db.ts';
import { inSchema } from './migrate.ts';
import { nodeSchema } from './schemas.ts';

export interface OutboxEvent {
  readonly seq: number;
  readonly event_id: string;
  readonly subject: string;
  readonly data: Json;
}

export interface OutboxBacklog {
  readonly pending: number;
  readonly oldest_age_s: number;
}

export class OutboxStore {
  private readonly schema: string;

  constructor(
    private readonly db: Db,
    province: string,
  ) {
    this.schema = nodeSchema(province);
  }

  /** Adds an event inside the caller's transaction; the same id twice is one event (a retried change). */
  async append(tx: Queryable, eventId: string, subject: string, data: Json): Promise<void> {
    await tx.query(
      inSchema(
        this.schema,
        `INSERT INTO {s}.outbox (event_id, subject, data) VALUES ($1, $2, $3::jsonb) ON CONFLICT (event_id) DO NOTHING`,
      ),
      [eventId, subject, JSON.stringify(data)],
    );
  }

  /** The oldest events not yet published, in the order they were written. */
  pending(limit: number): Promise<OutboxEvent[]> {
    return this.db.query<OutboxEvent & Record<string, unknown>>(
      inSchema(
        this.schema,
        'SELECT seq, event_id, subject, data FROM {s}.outbox WHERE published_at IS NULL ORDER BY seq LIMIT $1',
      ),
      [limit],
    );
  }

  async markPublished(seqs: readonly number[]): Promise<void> {
    await this.db.query(
      inSchema(this.schema, 'UPDATE {s}.outbox SET published_at = now() WHERE seq = ANY($1)'),
      [seqs],
    );
  }

  /** Events written but not yet on the bus (outbox lag). */
  async lag(): Promise<number> {
    const [row] = await this.db.query<{ n: number }>(
      inSchema(this.schema, 'SELECT count(*)::int AS n FROM {s}.outbox WHERE published_at IS NULL'),
    );
    return row!.n;
  }

  /** Outbox lag for metrics: events not yet on the bus, and how long the oldest of them has waited (0 when none). */
  async backlog(): Promise<OutboxBacklog> {
    const [row] = await this.db.query<OutboxBacklog & Record<string, unknown>>(
      inSchema(
        this.schema,
        `SELECT count(*)::int AS pending,
                COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS oldest_age_s
           FROM {s}.outbox WHERE published_at IS NULL`,
      ),
    );
    return row!;
  }
}
