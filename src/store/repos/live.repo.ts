import { type Kysely, sql } from 'kysely';
import type { DB } from '../schema.ts';

export const LIVE_CHANNEL = 'dropline_live';

export interface LiveRepo {
  /**
   * Queues a live event on the transaction: PostgreSQL delivers a NOTIFY only when the
   * transaction commits, to every server listening on the database, so subscribers never see a
   * change that was rolled back.
   */
  notify(event: object): Promise<void>;
}

export class KyselyLiveRepo implements LiveRepo {
  constructor(private readonly db: Kysely<DB>) {}

  async notify(event: object): Promise<void> {
    await sql`select pg_notify(${LIVE_CHANNEL}, ${JSON.stringify(event)})`.execute(this.db);
  }
}
