import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../services/deps.ts';
import { hasProofRefs, signProofRefs } from '../../services/drivers/proof-urls.ts';
import { readSignedProof } from '../../services/drivers/proof-files.ts';
import { driverError } from '../driver/errors.ts';

const Params = z.object({ proof_id: z.string().min(1).max(100) });
const Query = z.object({ exp: z.string().regex(/^\d{1,12}$/), sig: z.string().min(1).max(100) });

/**
 * GET /proofs/{id}?exp&sig: a proof image behind a signed, expiring URL (docs/driver-app.md §4).
 * No cookie: an <img> on the dashboard and a vendor's server fetch it alike; the signature is the
 * credential, so a wrong one and an unknown id answer the same 404.
 */
export function registerProofFiles(app: FastifyInstance, deps: Deps) {
  app.get('/proofs/:proof_id', { schema: { hide: true } }, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    const params = Params.safeParse(req.params);
    const query = Query.safeParse(req.query);
    const found = params.success && query.success ? await readSignedProof(deps, params.data.proof_id, Number(query.data.exp), query.data.sig) : null;
    if (!found || found.check === 'bad') {
      const out = driverError(404, 'proof_not_found', 'No such proof, or the link is not valid');
      return reply.status(out.status).send(out.body);
    }
    if (found.check === 'expired') {
      const out = driverError(403, 'url_expired', 'This proof link has expired; reload the page it came from');
      return reply.status(out.status).send(out.body);
    }
    const left = Math.max(0, Number(query.data!.exp) - Math.floor(deps.clock.now().getTime() / 1000));
    return reply
      .status(200)
      .header('content-type', found.file.contentType)
      .header('cache-control', `private, max-age=${left}`)
      .header('x-content-type-options', 'nosniff')
      .send(Buffer.from(found.file.data));
  });
}

/**
 * Every JSON answer of every dialect mints fresh signed URLs for the proof markers it carries
 * (proof-urls.ts), so stored documents never hold a URL that expires.
 */
export function signProofUrlsOnSend(app: FastifyInstance, deps: Deps, publicUrl: string) {
  app.addHook('onSend', async (req, _reply, payload) => {
    if (typeof payload !== 'string' || !hasProofRefs(payload)) return payload;
    // Only the answering account's own markers: a caller could store another account's marker in its metadata.
    return signProofRefs(deps, payload, publicUrl, req.accountId || null);
  });
}
