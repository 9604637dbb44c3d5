import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Authenticator } from '../../services/accounts/authenticate.ts';
import type { Deps } from '../../services/deps.ts';
import { findDevice, verifyDeviceToken } from '../../services/tracking/device-access.ts';
import { parseBasicAuth } from '../shared/basic-auth.ts';
import { enforceRateLimit } from '../shared/rate-limit.ts';
import { decodeOwnTracks } from './owntracks-decoder.ts';
import { unstorableText } from '../shared/storable.ts';
import { acceptRawBodies, rawBody, rawQuery } from './raw-body.ts';
import { recordFixes } from './record-fixes.ts';
import { DECODE_STATUS, ingestErrorHandler, sendText } from './text-replies.ts';

export interface OwnTracksRoutesOptions {
  deps: Deps;
  auth: Authenticator;
}

/** One message per request; `card` messages carry a base64 face image, so leave room. */
export const OWNTRACKS_BODY_LIMIT = 512 * 1024;

const first = (h: string | string[] | undefined) => (Array.isArray(h) ? h[0] : h);

const unauthorised = (reply: FastifyReply, text: string) => sendText(reply.header('www-authenticate', 'Basic realm="dropline"'), 401, text);

/**
 * OwnTracks HTTP mode (reference §3): Basic auth with user = account_id and password = the
 * account's secret_key or the device's own token; the device is X-Limit-D, then `?d=`, then the
 * message's `tid`. Delivered = any 2xx; the reply is the JSON array of messages for the phone,
 * always `[]` here.
 */
export async function owntracksRoutes(app: FastifyInstance, { deps, auth }: OwnTracksRoutesOptions): Promise<void> {
  acceptRawBodies(app, OWNTRACKS_BODY_LIMIT);
  app.setErrorHandler(ingestErrorHandler);
  app.post('/owntracks', { schema: { hide: true } }, async (req: FastifyRequest, reply: FastifyReply) => {
    const creds = parseBasicAuth(req.headers.authorization);
    if (!creds) return unauthorised(reply, 'Missing credentials: use HTTP Basic with account_id and secret_key or device token');
    const limitDevice = first(req.headers['x-limit-d']);
    const queryDevice = new URLSearchParams(rawQuery(req.url)).get('d') ?? undefined;
    const decoded = decodeOwnTracks({ body: rawBody(req.body), limitDevice, queryDevice });
    // Credentials before the body: a stranger learns nothing about what the body should be.
    const account = await auth.verify(creds.user, creds.password);
    if (!account) {
      // Not the account's secret: it may be the device's own token, which names one device only.
      const tokenDevice = decoded.ok ? decoded.value.deviceId : (limitDevice ?? queryDevice);
      const storable = tokenDevice && !unstorableText(tokenDevice);
      const device = storable ? await verifyDeviceToken(deps, tokenDevice, creds.password) : null;
      if (!device || device.accountId !== creds.user) return unauthorised(reply, 'Invalid credentials');
    }
    if (!decoded.ok) return sendText(reply, DECODE_STATUS[decoded.error.kind], decoded.error.message);
    const { deviceId, fixes } = decoded.value;
    const bad = deviceId ? unstorableText(deviceId) : null;
    if (bad) return sendText(reply, 400, `device id: ${bad}`);
    enforceRateLimit(deps, reply, creds.user);
    if (!deviceId) {
      if (fixes.length > 0) return sendText(reply, 400, 'No device id: set the Device ID in OwnTracks (sent as X-Limit-D)');
      return sendEmptyList(reply);
    }
    const device = await findDevice(deps, deviceId);
    const recorded = device?.accountId === creds.user && (await recordFixes(deps, req.log, 'owntracks', device, fixes));
    if (!recorded) {
      if (!device || device.accountId !== creds.user) deps.metrics.observeIngest('owntracks', 0, { unknown_device: fixes.length });
      req.log.warn({ deviceId, accountId: creds.user }, 'owntracks: unknown device id; register it as a worker device');
      return sendText(reply, 404, 'Unknown device');
    }
    return sendEmptyList(reply);
  });
}

const sendEmptyList = (reply: FastifyReply) => reply.status(200).type('application/json; charset=utf-8').send('[]');
