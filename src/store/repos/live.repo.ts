import type { LiveSink } from '../live-publisher.ts';

export const LIVE_CHANNEL = 'dropline_live';

export interface LiveRepo {
  /**
   * Queues a live event on the unit of work: it is sent (NOTIFY, to every server listening on the
   * database) once the transaction commits, and never if it rolls back.
   */
  notify(event: object): Promise<void>;
}

export class KyselyLiveRepo implements LiveRepo {
  constructor(private readonly sink: LiveSink) {}

  async notify(event: object): Promise<void> {
    this.sink([JSON.stringify(event)]);
  }
}
