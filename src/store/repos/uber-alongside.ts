import type { AlongsidePart } from '../alongside.ts';
import { deliveryRecord, UBER_DELIVERY_COLUMNS, type UberDelivery } from './uber.repo.ts';

declare module '../alongside.ts' {
  interface AlongsideRows {
    /** An Uber delivery beside its two new stops (one statement instead of a transaction). */
    uberDeliveries?: UberDelivery[];
  }
}

const list = UBER_DELIVERY_COLUMNS.join(', ');

/** Uber's rows in the order-change statement: a new delivery beside its stops. */
export const uberAlongside: AlongsidePart = {
  name: 'uber',
  inputs: [{ key: 'uberDeliveries', json: (rows) => JSON.stringify((rows as UberDelivery[]).map(deliveryRecord)) }],
  ctes: (param) => `ud as (
  insert into uber_deliveries (${list})
  select ${list} from json_populate_recordset(null::uber_deliveries, ${param('uberDeliveries')}::json)
)`,
};
