import { DomainError } from '../../core/errors.ts';
import { WEBHOOK_FORMATS, type WebhookEndpoint, type WebhookFormat } from '../../core/webhook.ts';
import type { Repos } from '../../store/store.ts';
import { webhookFormatOf } from '../dialects/dialect.ts';
import type { Deps } from '../deps.ts';
import { endpointsChanged } from './location-subscriptions.ts';
import { webhookUrlProblem } from './url-safety.ts';

export interface WebhookSettings {
  /** DROPLINE_WEBHOOKS_ALLOW_PRIVATE: accept loopback/private/link-local URLs. */
  allowPrivateUrls: boolean;
}

export interface NewEndpointInput {
  url: string;
  format: WebhookFormat;
  events?: string[] | null;
  /** Chosen by Dropline when absent. */
  secret?: string;
  authHeaderName?: string | null;
  description?: string | null;
  enabled?: boolean;
}

export type EndpointPatch = Partial<Omit<NewEndpointInput, 'format' | 'secret'>>;

export const DEFAULT_ROTATION_GRACE_SECONDS = 24 * 3600;

const invalid = (field: string, message: string) => new DomainError('invalid_request', message, { location: 'json', field });

export const webhookNotFound = (id: string) => new DomainError('webhook_not_found', `Webhook not found for id ${id}`);

async function checkUrl(url: string, settings: WebhookSettings): Promise<void> {
  const problem = await webhookUrlProblem(url, settings.allowPrivateUrls);
  if (problem) throw invalid('url', problem);
}

function checkFormat(deps: Deps, format: WebhookFormat): void {
  if (!WEBHOOK_FORMATS.includes(format)) throw invalid('format', `Unknown format ${format}`);
  // No invented payloads: a format is offered once its dialect renders real ones.
  if (!webhookFormatOf(deps.dialects, format)) {
    throw invalid('format', `The ${format} webhook format is not available yet; use hypertrack`);
  }
}

function checkEvents(deps: Deps, format: WebhookFormat, events: string[] | null | undefined): void {
  if (!events) return;
  const known = webhookFormatOf(deps.dialects, format)!.renderer.eventNames;
  const unknown = events.filter((e) => !known.includes(e));
  if (unknown.length) throw invalid('events', `Unknown ${format} event(s): ${unknown.join(', ')}`);
}

export async function createEndpoint(deps: Deps, accountId: string, input: NewEndpointInput, settings: WebhookSettings): Promise<WebhookEndpoint> {
  checkFormat(deps, input.format);
  checkEvents(deps, input.format, input.events);
  await checkUrl(input.url, settings);
  const now = deps.clock.now();
  const endpoint: WebhookEndpoint = {
    id: deps.ids.uuid(),
    accountId,
    url: input.url,
    format: input.format,
    events: input.events ? [...new Set(input.events)] : null,
    secret: input.secret ?? `whsec_${deps.ids.secret()}`,
    previousSecret: null,
    previousSecretExpiresAt: null,
    authHeaderName: input.authHeaderName ?? null,
    description: input.description ?? null,
    enabled: input.enabled ?? true,
    createdAt: now,
    updatedAt: now,
  };
  await deps.store.transaction(async (repos) => {
    await repos.webhookEndpoints.insert(endpoint);
    await endpointsChanged(repos, accountId);
  });
  deps.locationSubscriptions.invalidate(accountId);
  return endpoint;
}

export const listEndpoints = (deps: Deps, accountId: string) => deps.store.repos.webhookEndpoints.list(accountId);

export async function loadEndpoint(repos: Repos, accountId: string, id: string, forUpdate = false): Promise<WebhookEndpoint> {
  const found = isUuid(id) ? await repos.webhookEndpoints.find(accountId, id, { forUpdate }) : null;
  if (!found) throw webhookNotFound(id);
  return found;
}

export const getEndpoint = (deps: Deps, accountId: string, id: string) => loadEndpoint(deps.store.repos, accountId, id);

export async function updateEndpoint(deps: Deps, accountId: string, id: string, patch: EndpointPatch, settings: WebhookSettings): Promise<WebhookEndpoint> {
  if (patch.url !== undefined) await checkUrl(patch.url, settings);
  const updated = await deps.store.transaction(async (repos) => {
    const current = await loadEndpoint(repos, accountId, id, true);
    checkEvents(deps, current.format, patch.events);
    const next: WebhookEndpoint = {
      ...current,
      ...(patch.url !== undefined ? { url: patch.url } : {}),
      ...(patch.events !== undefined ? { events: patch.events ? [...new Set(patch.events)] : null } : {}),
      ...(patch.authHeaderName !== undefined ? { authHeaderName: patch.authHeaderName } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
      updatedAt: deps.clock.now(),
    };
    await repos.webhookEndpoints.update(next);
    await endpointsChanged(repos, accountId);
    return next;
  });
  deps.locationSubscriptions.invalidate(accountId);
  return updated;
}

/** Deleting an endpoint drops its queued deliveries with it. */
export async function deleteEndpoint(deps: Deps, accountId: string, id: string): Promise<void> {
  const deleted =
    isUuid(id) &&
    (await deps.store.transaction(async (repos) => {
      const gone = await repos.webhookEndpoints.delete(accountId, id);
      if (gone) await endpointsChanged(repos, accountId);
      return gone;
    }));
  if (!deleted) throw webhookNotFound(id);
  deps.locationSubscriptions.invalidate(accountId);
}

/**
 * A new secret signs from now on; the old one keeps signing `x-dropline-previous-signature`
 * for the grace period so receivers can switch without dropping deliveries.
 */
export async function rotateSecret(
  deps: Deps,
  accountId: string,
  id: string,
  opts: { secret?: string; gracePeriodSeconds?: number },
): Promise<WebhookEndpoint> {
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    const current = await loadEndpoint(repos, accountId, id, true);
    const grace = opts.gracePeriodSeconds ?? DEFAULT_ROTATION_GRACE_SECONDS;
    const next: WebhookEndpoint = {
      ...current,
      secret: opts.secret ?? `whsec_${deps.ids.secret()}`,
      previousSecret: grace > 0 ? current.secret : null,
      previousSecretExpiresAt: grace > 0 ? new Date(now.getTime() + grace * 1000) : null,
      updatedAt: now,
    };
    await repos.webhookEndpoints.update(next);
    return next;
  });
}

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
