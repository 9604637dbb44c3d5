import { z } from 'zod';
import { DomainError } from '../../../core/errors.ts';
import type { Deps } from '../../../services/deps.ts';
import { MAX_PROOF_BYTES, putProof } from '../../../services/drivers/proof-files.ts';
import type { DriverApp } from '../context.ts';
import { ErrorBody, errors, ProofFileOut } from '../schemas.ts';

/** The types a client may label the bytes with; the bytes decide (magic numbers). */
export const PROOF_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/octet-stream'];

export function registerPutProof(app: DriverApp, deps: Deps) {
  app.addContentTypeParser(PROOF_CONTENT_TYPES, { parseAs: 'buffer', bodyLimit: MAX_PROOF_BYTES }, (_req, body, done) => done(null, body));
  app.put(
    '/driver/api/stops/:stop_id/proofs/:kind',
    {
      bodyLimit: MAX_PROOF_BYTES,
      schema: {
        tags: ['Driver app'],
        summary: "Upload the stop's photo or signature (raw image bytes, at most 2 MiB)",
        params: z.object({ stop_id: z.string().min(1).max(100), kind: z.enum(['photo', 'signature']) }),
        response: { 200: z.object({ proof_file: ProofFileOut }), 413: ErrorBody, 415: ErrorBody, ...errors },
      },
    },
    async (req) => {
      // A JSON or text body was parsed as such: it is not image bytes whatever it holds.
      if (!Buffer.isBuffer(req.body)) throw new DomainError('invalid_request', 'The file is not a JPEG, PNG or WebP image', { rule: 'proof_not_image' });
      const body = req.body;
      return { proof_file: await putProof(deps, req.driver.worker, req.params.stop_id, req.params.kind, body) };
    },
  );
}
