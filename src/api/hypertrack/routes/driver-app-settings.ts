import { z } from 'zod';
import { getDriverSettings, updateDriverSettings } from '../../../services/drivers/driver-settings.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { commonErrors } from '../schemas.ts';

const Proofs = z.object({ photo: z.boolean(), signature: z.boolean(), pin: z.boolean() });
const Settings = z.object({ required_proofs: Proofs });

export const registerGetDriverAppSettings = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'GET',
    url: '/settings/driver-app',
    schema: {
      tags: ['Driver app'],
      summary: 'The proofs a stop needs when its order names none (docs/driver-app.md)',
      response: { 200: Settings, ...commonErrors },
    },
    handler: async (req) => ({ required_proofs: await getDriverSettings(ctx.deps, req.accountId) }),
  });

export const registerUpdateDriverAppSettings = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'PATCH',
    url: '/settings/driver-app',
    schema: {
      tags: ['Driver app'],
      summary: 'Change the proofs a stop needs when its order names none',
      body: z.strictObject({ required_proofs: Proofs.partial().strict() }),
      response: { 200: Settings, ...commonErrors },
    },
    handler: async (req) => ({ required_proofs: await updateDriverSettings(ctx.deps, req.accountId, req.body.required_proofs) }),
  });
