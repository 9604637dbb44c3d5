/** `<prefix>_` + the uuid's 16 bytes in URL-safe base64, as Uber tokenizes its ids (reference §6). */
export const tokenize = (prefix: string, uuid: string) => `${prefix}_${Buffer.from(uuid.replaceAll('-', ''), 'hex').toString('base64url')}`;

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/**
 * Uber's `batch_id` (`bat_…`): the deliveries one courier picks up on one run. In Dropline that
 * run is the core route of the pickup stop; a uuid handle is tokenized like the other ids, a
 * caller-chosen handle is carried whole in URL-safe base64.
 */
export const batchIdOf = (routeHandle: string) =>
  UUID.test(routeHandle) ? tokenize('bat', routeHandle) : `bat_${Buffer.from(routeHandle).toString('base64url')}`;
