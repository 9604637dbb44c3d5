import { isCompleted, isOpen } from '../../core/order/statuses.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { customerOf } from '../../core/order/customer.ts';
import { trackedDuration } from '../../core/order/measures.ts';
import type { Deps } from '../../services/deps.ts';
import { proofIdOfRef, proofRef, signProofRefs } from '../../services/drivers/proof-urls.ts';
import type { Topic } from '../../services/live/live-hub.ts';
import { verifyOrderEmbedToken } from '../../services/orders/embed-tokens.ts';
import { newSharedOrderCache, readSharedOrder, type SharedOrder } from '../../services/orders/read-shared-order.ts';
import { shareUrl } from '../hypertrack/map.ts';
import { openEventStream, resender } from '../shared/sse.ts';
import { prefersHtml } from '../web/negotiate.ts';
import type { SharePages } from '../web/share-pages.ts';

const PUBLIC_EVENTS = new Set(['order_created', 'order_assigned', 'order_started', 'order_geofence_entered', 'order_completed', 'order_cancelled']);

const Params = z.object({ code: z.string().min(1).max(64) });

export interface ShareViewOptions {
  publicUrl: string;
  /** Hours a share link keeps working after the order completed or was cancelled. */
  expiryHours: number;
  /** The HTML tracking page for browsers; JSON clients never see it. */
  pages?: SharePages;
}

/**
 * What the public may see of an order behind its share code: the code is the only credential,
 * so metadata (but the delivery instructions), handles of other records and device ids stay out.
 * The order's own handle is its order number, which the customer may need to quote. The driver
 * appears by first name and photo; their phone only where the account turned contact on.
 */
function renderPublicOrder({ view, driver, branding, expiresAt }: SharedOrder, now: Date, publicUrl: string) {
  const { order: o, timeline, polyline } = view;
  const estimate = o.tracking.estimate;
  const open = isOpen(o.status);
  return {
    share_url: shareUrl(publicUrl, o.shareCode),
    order_number: o.orderHandle,
    status: o.status,
    type: o.type,
    destination: { geometry: o.destination.geometry, address: o.destination.address ?? null, radius: o.destination.radius ?? null },
    scheduled_at: o.scheduledAt?.toISOString() ?? null,
    // The promised window: from scheduled_after (when given) to scheduled_at.
    window: o.scheduledAt ? { from: o.scheduledAfter?.toISOString() ?? null, to: o.scheduledAt.toISOString() } : null,
    instructions: customerOf(o.metadata).instructions,
    last_fix_at: o.tracking.lastFixAt?.toISOString() ?? null,
    account: { name: branding.displayName, logo: branding.logo, color: branding.color },
    started_at: o.startedAt?.toISOString() ?? null,
    arrived_at: o.tracking.arrivedAt?.toISOString() ?? null,
    completed_at: o.completedAt?.toISOString() ?? null,
    cancelled_at: o.cancelledAt?.toISOString() ?? null,
    distance: Math.round(o.tracking.distance),
    duration: trackedDuration(o, now),
    end_location: o.tracking.endLocation,
    eta:
      open && estimate
        ? { arrive_at: estimate.arriveAt, remaining_distance: Math.round(estimate.distance), remaining_duration: Math.round(estimate.duration) }
        : null,
    driver: driver?.firstName ? { first_name: driver.firstName, photo: driver.photo, phone: driver.phone } : null,
    path: polyline.map(([lng, lat]) => [lng, lat]),
    expires_at: expiresAt?.toISOString() ?? null,
    proof: proofOf(o, branding.showProof),
    timeline: timeline.filter((e) => PUBLIC_EVENTS.has(e.type)).map((e) => ({ type: e.type, recorded_at: e.recordedAt.toISOString() })),
  };
}

/**
 * The driver app's proof once delivered, where the account shows it: the photo and signature as
 * proof markers (signed into expiring URLs by publicOrder) and the completion time. Only markers
 * of the order's own account count, since metadata is the caller's to write.
 */
function proofOf(o: SharedOrder['view']['order'], show: boolean) {
  if (!show || !isCompleted(o.status)) return null;
  const p = o.metadata.proof_of_delivery;
  if (!p || typeof p !== 'object' || Array.isArray(p)) return null;
  const own = (v: unknown) => (typeof v === 'string' && proofIdOfRef(v) && v === proofRef(o.accountId, proofIdOfRef(v)!) ? v : null);
  const rec = p as Record<string, unknown>;
  const photo = own(rec.photo_url);
  const signature = own(rec.signature_url);
  if (!photo && !signature) return null;
  return { photo_url: photo, signature_url: signature, completed_at: o.completedAt?.toISOString() ?? null };
}

/** The public order with its proof markers signed: the stream's events pass no onSend hook. */
async function publicOrder(deps: Deps, shared: SharedOrder, publicUrl: string) {
  const body = renderPublicOrder(shared, deps.clock.now(), publicUrl);
  if (!body.proof) return body;
  return JSON.parse(await signProofRefs(deps, JSON.stringify(body), publicUrl, shared.view.order.accountId)) as typeof body;
}

const NOT_FOUND = 'This tracking link does not exist or has expired.';
const BAD_TOKEN = 'This secure embed link has expired or is not valid.';

/** `?embed=1` (the page's own links) or `?embed=true` (the embed_url the native API returns). */
const wantsEmbed = (req: FastifyRequest) => ['1', 'true'].includes((req.query as { embed?: string }).embed ?? '');

/**
 * A secure embed link (POST /oauth/embed-token) carries `token`: it must be unexpired, untampered
 * and minted for this very order, or nothing of the order is shown. Without a token the share
 * code alone opens the view, as it always has.
 */
async function tokenRefused(deps: Deps, req: FastifyRequest): Promise<boolean> {
  const { token } = req.query as { token?: unknown };
  if (token === undefined) return false;
  return typeof token !== 'string' || !(await verifyOrderEmbedToken(deps, token, (req.params as { code: string }).code));
}

/**
 * GET /t/{code}: the public, read-only view behind a share URL (JSON for API clients, the live
 * tracking page for browsers), and its live stream.
 */
export function registerShareView(app: FastifyInstance, deps: Deps, opts: ShareViewOptions): void {
  const { publicUrl, expiryHours, pages } = opts;
  const page = async (req: FastifyRequest, reply: FastifyReply, embed: boolean) => {
    const { code } = req.params as { code: string };
    if (await tokenRefused(deps, req)) return pages ? pages.refused(req, reply, embed) : reply.status(401).send({ message: BAD_TOKEN });
    const shared = await readSharedOrder(deps, code, expiryHours);
    if (!pages) return reply.status(shared ? 503 : 404).send({ message: shared ? 'Web pages are not available' : NOT_FOUND });
    const { token } = req.query as { token?: string };
    return shared ? pages.track(req, reply, code, embed, token) : pages.notFound(req, reply, embed);
  };

  app.get('/t/:code', { schema: { hide: true, params: Params } as object }, async (req, reply) => {
    if (prefersHtml(req)) return page(req, reply, wantsEmbed(req));
    if (await tokenRefused(deps, req)) return reply.status(401).send({ message: BAD_TOKEN });
    const shared = await readSharedOrder(deps, (req.params as { code: string }).code, expiryHours);
    if (!shared) return reply.status(404).send({ message: NOT_FOUND });
    return publicOrder(deps, shared, publicUrl);
  });

  app.get('/t/:code/embed', { schema: { hide: true, params: Params } as object }, async (req, reply) => page(req, reply, true));

  app.get('/t/:code/stream', { schema: { hide: true, params: Params } as object }, async (req, reply) => {
    const { code } = req.params as { code: string };
    if (await tokenRefused(deps, req)) return reply.status(401).send({ message: BAD_TOKEN });
    const cache = newSharedOrderCache();
    const first = await readSharedOrder(deps, code, expiryHours, cache);
    if (!first) return reply.status(404).send({ message: NOT_FOUND });
    // Signed before subscribing, so no later change can be sent ahead of it.
    const firstBody = await publicOrder(deps, first, publicUrl);
    const topics: Topic[] = [`order:${first.view.order.id}`];
    if (first.view.order.deviceId) topics.push(`device:${first.view.order.deviceId}`);
    const stream = openEventStream(req, reply);
    const changed = resender({
      read: async () => {
        const shared = await readSharedOrder(deps, code, expiryHours, cache);
        return shared ? { version: shared.view.version, body: await publicOrder(deps, shared, publicUrl) } : null;
      },
      versionOf: (v) => v.version,
      send: (v) => stream.send('order', v.body),
      sent: first.view.version,
    });
    const unsubscribe = await deps.live.subscribe(topics, (e) => {
      if (e.type === 'location') {
        const { lng, lat, recorded_at, bearing, speed } = e.location;
        stream.send('location', { lng, lat, recorded_at, bearing, speed });
      } else {
        changed();
      }
    });
    stream.onClose(unsubscribe);
    stream.send('order', firstBody);
  });
}
