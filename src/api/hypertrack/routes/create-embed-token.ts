import { dottedPath } from '../../shared/validation.ts';
import { z } from 'zod';
import { EMBED_TOKEN_TTL_SECONDS, mintOrderEmbedToken, mintRouteEmbedToken } from '../../../services/orders/embed-tokens.ts';
import type { HtApp, HtContext } from '../context.ts';
import { validationError } from '../errors.ts';
import { commonErrors, ValidationErrorResponse } from '../schemas.ts';

const Body = z.strictObject({
  embed_url: z.string().min(1).max(2048),
  grant_type: z.enum(['client_credentials']),
});

/** HyperTrack documents 400 for this operation's invalid parameters, where its other routes answer 422. */
const invalid = (field: string, message: string) => ({ status: 400 as const, body: validationError({ json: { [field]: [message] } }).body });

type Target = { kind: 'order'; shareCode: string } | { kind: 'route'; routeHandle: string } | { kind: 'foreign' };

/** What an embed_url names, if it is one this server issued (map.ts renders both kinds). */
function targetOf(publicUrl: string, raw: string): Target {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { kind: 'foreign' };
  }
  const base = new URL(publicUrl);
  const prefix = base.pathname.replace(/\/$/, '');
  if (url.origin !== base.origin || !url.pathname.startsWith(`${prefix}/`)) return { kind: 'foreign' };
  const path = url.pathname.slice(prefix.length);
  const order = /^\/t\/([^/]{1,64})(?:\/embed)?$/.exec(path);
  if (order) return { kind: 'order', shareCode: decodeURIComponent(order[1]!) };
  const route = /^\/app\/routes\/([^/]{1,512})$/.exec(path);
  if (route) return { kind: 'route', routeHandle: decodeURIComponent(route[1]!) };
  return { kind: 'foreign' };
}

// HyperTrack Secure Embed View (reference §12; POST /oauth/embed-token in HyperTrack's OpenAPI).
export const registerCreateEmbedToken = (app: HtApp, ctx: HtContext) =>
  app.post(
    '/oauth/embed-token',
    {
      attachValidation: true,
      schema: {
        tags: ['Orders'],
        summary: 'Secure embed view: a time-limited secure_embed_url for one of the account’s order or route embed_urls',
        description:
          'Send an order’s or a route’s `embed_url` (as Dropline returned it) and `grant_type: client_credentials`. The ' +
          'answer’s `secure_embed_url` is the embed_url with a signed `token` appended that opens that one order’s tracking ' +
          `view, or that route’s view (its stops and driver), for ${EMBED_TOKEN_TTL_SECONDS} seconds.`,
        body: Body,
        response: {
          200: z.object({
            access_token: z.string(),
            token_type: z.literal('Bearer'),
            expires_in: z.number().int(),
            embed_url: z.string(),
            secure_embed_url: z.string(),
          }),
          ...commonErrors,
          // The vendor's embed endpoint answers its refusals as a 400 ValidationError.
          400: z.union([ValidationErrorResponse, commonErrors[400]]),
        },
      },
    },
    async (req, reply) => {
      if (req.validationError) {
        const v = req.validationError.validation?.[0];
        const field = (v && dottedPath(v.instancePath)) || '_schema';
        const out = invalid(field, v?.message ?? 'Invalid value');
        return reply.status(out.status).send(out.body);
      }
      const { embed_url } = req.body;
      const target = targetOf(ctx.publicUrl, embed_url);
      if (target.kind === 'foreign') {
        const out = invalid('embed_url', 'Not an order or route embed_url of this server');
        return reply.status(out.status).send(out.body);
      }
      // Nothing accepted and ignored: the view takes `embed` and nothing else.
      const extra = [...new URL(embed_url).searchParams.entries()].find(([k, v]) => k !== 'embed' || (v !== 'true' && v !== '1'));
      if (extra) {
        const out = invalid('embed_url', `Unknown embed view parameter ${extra[0]}`);
        return reply.status(out.status).send(out.body);
      }
      if (target.kind === 'route') {
        const minted = await mintRouteEmbedToken(ctx.deps, req.accountId, target.routeHandle);
        const canonical = `${ctx.publicUrl}/app/routes/${encodeURIComponent(target.routeHandle)}`;
        return {
          access_token: minted.token,
          token_type: 'Bearer' as const,
          expires_in: EMBED_TOKEN_TTL_SECONDS,
          embed_url,
          secure_embed_url: `${canonical}?token=${encodeURIComponent(minted.token)}`,
        };
      }
      const minted = await mintOrderEmbedToken(ctx.deps, req.accountId, target.shareCode);
      const canonical = `${ctx.publicUrl}/t/${encodeURIComponent(target.shareCode)}?embed=true`;
      return {
        access_token: minted.token,
        token_type: 'Bearer' as const,
        expires_in: EMBED_TOKEN_TTL_SECONDS,
        embed_url,
        secure_embed_url: `${canonical}&token=${encodeURIComponent(minted.token)}`,
      };
    },
  );
