import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type AccountBranding, brandingRecord } from '../../core/account.ts';
import type { Deps } from '../../services/deps.ts';
import { getBranding, updateBranding } from '../../services/accounts/branding.ts';

const LOGO_MAX = 64 * 1024;

const Body = z.strictObject({
  display_name: z.string().trim().min(1).max(120).nullable().optional(),
  // A data: URL keeps the tracking page free of requests to other origins (CSP img-src 'self' data:).
  logo: z
    .string()
    .max(LOGO_MAX)
    .regex(/^data:image\/(png|jpeg|webp|svg\+xml|gif);base64,[A-Za-z0-9+/=]+$/, 'a data:image/…;base64 URL')
    .nullable()
    .optional(),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #rrggbb')
    .nullable()
    .optional(),
  contact_driver: z.boolean().optional(),
  show_proof_on_tracking_page: z.boolean().optional(),
});
const Reply = z.object({
  display_name: z.string().nullable(),
  logo: z.string().nullable(),
  color: z.string().nullable(),
  contact_driver: z.boolean(),
  show_proof_on_tracking_page: z.boolean(),
});

const render = (b: AccountBranding) => brandingRecord(b);

/** The account's tracking-page branding (docs/web.md "Branding"). */
export function registerBrandingRoutes(app: FastifyInstance, deps: Deps) {
  app.get('/app/api/account/branding', { schema: { hide: true, response: { 200: Reply } } as object }, async (req) =>
    render(await getBranding(deps, req.accountId)),
  );

  app.patch('/app/api/account/branding', { schema: { hide: true, body: Body, response: { 200: Reply } } as object }, async (req) => {
    const b = req.body as z.infer<typeof Body>;
    const patch: Partial<AccountBranding> = {};
    if (b.display_name !== undefined) patch.displayName = b.display_name;
    if (b.logo !== undefined) patch.logo = b.logo;
    if (b.color !== undefined) patch.color = b.color?.toLowerCase() ?? null;
    if (b.contact_driver !== undefined) patch.contactDriver = b.contact_driver;
    if (b.show_proof_on_tracking_page !== undefined) patch.showProof = b.show_proof_on_tracking_page;
    return render(await updateBranding(deps, req.accountId, patch));
  });
}
