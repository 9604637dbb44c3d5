import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../services/deps.ts';
import { findDevice } from '../../services/tracking/device-access.ts';
import { decodeOsmand, type OsmandFormat } from './osmand-decoder.ts';
import { unstorableText } from '../shared/storable.ts';
import { acceptRawBodies, rawBody, rawQuery } from './raw-body.ts';
import { recordFixes } from './record-fixes.ts';
import { DECODE_STATUS, ingestErrorHandler, sendText } from './text-replies.ts';

export interface OsmandRoutesOptions {
  deps: Deps;
  /** `/osmand` on the main server; `*` on the dedicated port, where apps post to `/` or any path. */
  path: string;
}

/** A JSON array of 1,000 flat fixes is ~200 KB; a single app request is a few hundred bytes. */
export const OSMAND_BODY_LIMIT = 1024 * 1024;

/** Traccar answers an unknown device with 400 on key/value requests and 404 on JSON (reference §1.2, §1.3). */
const UNKNOWN_DEVICE_STATUS: Record<OsmandFormat, number> = { key_value: 400, json: 404 };

/**
 * The OsmAnd/Traccar protocol (reference §1): any method, the device id is the credential, and
 * success is 200 with an empty body — Traccar Client 9 deletes a buffered fix only on 200/201/204,
 * the legacy client only when the body could be read.
 */
export async function osmandRoutes(app: FastifyInstance, { deps, path }: OsmandRoutesOptions): Promise<void> {
  acceptRawBodies(app, OSMAND_BODY_LIMIT);
  app.setErrorHandler(ingestErrorHandler);
  app.all(path, { schema: { hide: true } }, async (req: FastifyRequest, reply: FastifyReply) => {
    const { format, result } = decodeOsmand({
      query: rawQuery(req.url),
      contentType: req.headers['content-type'],
      body: rawBody(req.body),
      now: deps.clock.now(),
    });
    if (!result.ok) return sendText(reply, DECODE_STATUS[result.error.kind], result.error.message);
    const { deviceId, fixes } = result.value;
    // The id is looked up as text: NUL or a lone surrogate (a JSON escape) cannot be one.
    const bad = unstorableText(deviceId);
    if (bad) return sendText(reply, 400, `id: ${bad}`);
    const device = await findDevice(deps, deviceId);
    const recorded = device && (await recordFixes(deps, req.log, 'osmand', device, fixes));
    if (!recorded) {
      if (!device) deps.metrics.observeIngest('osmand', 0, { unknown_device: fixes.length });
      // The app retries this forever (reference §5.6): make it visible to whoever runs the server.
      req.log.warn({ deviceId }, 'osmand: unknown device id; register it as a worker device');
      return sendText(reply, UNKNOWN_DEVICE_STATUS[format], 'Unknown device');
    }
    return reply.status(200).send();
  });
}
