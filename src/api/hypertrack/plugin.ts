import { registerCreateDriverLink } from './routes/create-driver-link.ts';
import { registerListDriverLinks } from './routes/list-driver-links.ts';
import { registerRevokeDriverLink } from './routes/revoke-driver-link.ts';
import { registerGetDriverAppSettings, registerUpdateDriverAppSettings } from './routes/driver-app-settings.ts';
import { httpError, handleHtError, validationError } from './errors.ts';
import { unknownQueryKeys } from '../shared/strict-query.ts';
import { parseBasicAuth } from '../shared/basic-auth.ts';
import { enforceRateLimit } from '../shared/rate-limit.ts';
import type { HtApp, HtContext } from './context.ts';
import { registerCancelOrder } from './routes/cancel-order.ts';
import { registerCompleteOrder } from './routes/complete-order.ts';
import { registerCompleteRoute } from './routes/complete-route.ts';
import { registerCreateOrders } from './routes/create-orders.ts';
import { registerCreateWorker } from './routes/create-worker.ts';
import { registerDeleteWorker } from './routes/delete-worker.ts';
import { registerDisableOrder } from './routes/disable-order.ts';
import { registerEnableOrder } from './routes/enable-order.ts';
import { registerGetOrder } from './routes/get-order.ts';
import { registerGetRoute } from './routes/get-route.ts';
import { registerGetWorker } from './routes/get-worker.ts';
import { registerListOrders } from './routes/list-orders.ts';
import { registerListWorkers } from './routes/list-workers.ts';
import { DEVICE_LOCATIONS, registerPostDeviceLocations } from './routes/post-device-locations.ts';
import { registerIssueDeviceToken } from './routes/issue-device-token.ts';
import { registerStreamAccount } from './routes/stream-account.ts';
import { registerStreamOrder } from './routes/stream-order.ts';
import { verifyDriverDevice } from '../../services/drivers/driver-links.ts';
import { verifyDeviceToken } from '../../services/tracking/device-access.ts';
import { registerLockOrder, registerUnlockOrder } from './routes/lock-order.ts';
import { registerCreateBringgServiceUrl } from './routes/create-bringg-service-url.ts';
import { registerUberPricing } from './routes/uber-pricing.ts';
import { registerCreateEmbedToken } from './routes/create-embed-token.ts';
import { registerReassignOrder } from './routes/reassign-order.ts';
import { registerReassignRoute } from './routes/reassign-route.ts';
import { registerAddOrdersToRoute } from './routes/add-orders-to-route.ts';
import { registerOptimiseRoute } from './routes/optimise-route.ts';
import { registerRemoveOrdersFromRoute } from './routes/remove-orders-from-route.ts';
import { registerResequenceRoute } from './routes/resequence-route.ts';
import { registerUpdateRoute } from './routes/update-route.ts';
import { registerCreatePlan } from './routes/create-plan.ts';
import { registerGetPlan } from './routes/get-plan.ts';
import { registerRescheduleOrder } from './routes/reschedule-order.ts';
import { registerTrackOrders } from './routes/track-orders.ts';
import { registerSetWorkStatus } from './routes/set-work-status.ts';
import { registerUndeleteWorker } from './routes/undelete-worker.ts';
import { registerUpdateOrder } from './routes/update-order.ts';
import { registerUpdateWorker } from './routes/update-worker.ts';
import { registerCreateWebhook } from './routes/create-webhook.ts';
import { registerListWebhooks } from './routes/list-webhooks.ts';
import { registerGetWebhook } from './routes/get-webhook.ts';
import { registerUpdateWebhook } from './routes/update-webhook.ts';
import { registerDeleteWebhook } from './routes/delete-webhook.ts';
import { registerRotateWebhookSecret } from './routes/rotate-webhook-secret.ts';
import { registerListWebhookDeliveries } from './routes/list-webhook-deliveries.ts';
import { registerRetryWebhookDelivery } from './routes/retry-webhook-delivery.ts';
import { registerGetOrderWebhooks } from './routes/get-order-webhooks.ts';
import { registerCreateOrderTasks } from './routes/create-order-tasks.ts';
import { registerListOrderTasks } from './routes/list-order-tasks.ts';
import { registerUpdateOrderTask } from './routes/update-order-task.ts';
import { registerDeleteOrderTask } from './routes/delete-order-task.ts';
import { registerGetRiskThresholds } from './routes/get-risk-thresholds.ts';
import { registerUpdateRiskThresholds } from './routes/update-risk-thresholds.ts';
import { registerCandidateWorkers } from './routes/candidate-workers.ts';
import { registerEstimateRoute } from './routes/estimate-route.ts';

const ROUTES = [
  registerTrackOrders,
  registerCreateOrders,
  registerListOrders,
  registerEstimateRoute,
  registerGetOrder,
  registerCandidateWorkers,
  registerUpdateOrder,
  registerCancelOrder,
  registerCompleteOrder,
  registerDisableOrder,
  registerEnableOrder,
  registerLockOrder,
  registerUnlockOrder,
  registerReassignOrder,
  registerRescheduleOrder,
  registerCreateOrderTasks,
  registerListOrderTasks,
  registerUpdateOrderTask,
  registerDeleteOrderTask,
  registerGetRoute,
  registerUpdateRoute,
  registerReassignRoute,
  registerCompleteRoute,
  registerOptimiseRoute,
  registerResequenceRoute,
  registerAddOrdersToRoute,
  registerRemoveOrdersFromRoute,
  registerCreatePlan,
  registerGetPlan,
  registerCreateWorker,
  registerListWorkers,
  registerGetWorker,
  registerUpdateWorker,
  registerDeleteWorker,
  registerUndeleteWorker,
  registerSetWorkStatus,
  registerPostDeviceLocations,
  registerIssueDeviceToken,
  registerStreamOrder,
  registerStreamAccount,
  registerCreateBringgServiceUrl,
  registerUberPricing,
  registerCreateEmbedToken,
  registerCreateWebhook,
  registerListWebhooks,
  registerGetWebhook,
  registerUpdateWebhook,
  registerDeleteWebhook,
  registerRotateWebhookSecret,
  registerListWebhookDeliveries,
  registerRetryWebhookDelivery,
  registerGetOrderWebhooks,
  registerGetRiskThresholds,
  registerUpdateRiskThresholds,
  registerCreateDriverLink,
  registerListDriverLinks,
  registerRevokeDriverLink,
  registerGetDriverAppSettings,
  registerUpdateDriverAppSettings,
];

/** The native (HyperTrack Orders) dialect: Basic auth, its error bodies, its routes. */
export async function hypertrackPlugin(app: HtApp, ctx: HtContext): Promise<void> {
  app.setErrorHandler(handleHtError);
  app.decorateRequest('accountId', '');
  app.addHook('onRequest', async (req, reply) => {
    // A phone may send its locations with its own token instead of the account's secret.
    if (req.routeOptions.url === DEVICE_LOCATIONS && /^bearer /i.test(req.headers.authorization ?? '')) {
      const { device_id } = req.params as { device_id: string };
      const token = req.headers.authorization!.slice(7).trim();
      const device = (await verifyDeviceToken(ctx.deps, device_id, token)) ?? (await verifyDriverDevice(ctx.deps, device_id, token));
      if (device) {
        req.accountId = device.accountId;
        enforceRateLimit(ctx.deps, reply, device.accountId);
        return;
      }
      const out = httpError(401, 'Invalid device token');
      return reply.status(out.status).send(out.body);
    }
    const creds = parseBasicAuth(req.headers.authorization);
    const account = creds ? await ctx.auth.verify(creds.user, creds.password) : null;
    if (!account) {
      const out = httpError(401, creds ? 'Invalid credentials' : 'Missing credentials: use HTTP Basic with account_id:secret_key');
      return reply.status(out.status).header('www-authenticate', 'Basic realm="dropline"').send(out.body);
    }
    req.accountId = account.accountId;
    enforceRateLimit(ctx.deps, reply, account.accountId);
  });
  // After auth, before the body and query are validated: an unknown key is marshmallow's
  // "Unknown field." (reference §9), never dropped by the schema.
  app.addHook('preValidation', async (req, reply) => {
    const unknown = unknownQueryKeys(req);
    if (unknown.length === 0) return;
    const out = validationError({ query: Object.fromEntries(unknown.map((k) => [k, ['Unknown field.']])) });
    return reply.status(out.status).send(out.body);
  });
  for (const register of ROUTES) register(app, ctx);
}
