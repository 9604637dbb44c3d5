import { z } from 'zod';
import { createTaggedServiceUrl } from '../../../services/bringg/bringg-credentials.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { commonErrors } from '../schemas.ts';
import { int4 } from '../../shared/storable.ts';

export const registerCreateBringgServiceUrl = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'POST',
    url: '/bringg/service-urls',
    schema: {
      tags: ['Bringg'],
      summary: 'Create a further Bringg service URL bound to a tag (Dropline extension; the UUID pair is shown once)',
      description:
        'Tasks created through the URL get its `tag_id` unless the body names another. POST ' +
        '`/services/{actionCode}/{service_uuid_1}/{service_uuid_2}/` as with the account’s first URL.',
      body: z.object({ tag_id: int4().min(1) }),
      response: {
        201: z.object({ service_uuid_1: z.string(), service_uuid_2: z.string(), tag_id: int4() }),
        ...commonErrors,
      },
    },
    handler: async (req, reply) => {
      reply.status(201);
      return createTaggedServiceUrl(ctx.deps, req.accountId, req.body.tag_id);
    },
  });
