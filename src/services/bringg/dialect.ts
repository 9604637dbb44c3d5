import { bringgAlongside } from '../../store/repos/bringg-alongside.ts';
import type { DialectServices } from '../dialects/dialect.ts';
import { createBringgCredentials } from './bringg-credentials.ts';
import { bringgDriverStops } from './driver-stops.ts';
import { bringgGeofence } from './geofence-visits.ts';
import { bringgWebhookFormat } from './webhook-format.ts';

/** Bringg below HTTP: its webhooks, its credentials, and its way points checked in and out by geofence. */
export const bringgServices = {
  name: 'bringg',
  webhookFormat: bringgWebhookFormat,
  provisionAccount: createBringgCredentials,
  onGeofence: bringgGeofence,
  alongside: bringgAlongside,
  driverStops: bringgDriverStops,
} satisfies DialectServices;
