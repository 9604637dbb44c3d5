import { z } from 'zod';

/** Uber: "URLs and the following characters are not allowed: / \ : % < > # =" (names of organizations and users). */
const plainName = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .refine((v) => !/[/\\:%<>#=]/.test(v) && !/\bwww\.|\.[a-z]{2,}\//i.test(v));

const PhoneDetails = z.strictObject({
  phone_number: z
    .string()
    .regex(/^\d{4,20}$/)
    .optional(),
  country_code: z
    .string()
    .regex(/^\d{1,4}$/)
    .optional(),
  subscriber_number: z
    .string()
    .regex(/^\d{3,16}$/)
    .optional(),
});
const email = z
  .string()
  .trim()
  .max(255)
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/);

export const CreateOrgBody = z.strictObject({
  info: z.strictObject({
    name: plainName,
    billing_type: z.enum(['BILLING_TYPE_CENTRALIZED', 'BILLING_TYPE_DECENTRALIZED']),
    merchant_type: z
      .enum([
        'MERCHANT_TYPE_RESTAURANT',
        'MERCHANT_TYPE_GROCERY',
        'MERCHANT_TYPE_LIQUOR',
        'MERCHANT_TYPE_RETAIL',
        'MERCHANT_TYPE_ESSENTIALS',
        'MERCHANT_TYPE_PHARMACY',
        'MERCHANT_TYPE_SPECIALTY_FOOD',
        'MERCHANT_TYPE_FLOWER',
        'MERCHANT_TYPE_PET_SUPPLY',
      ])
      .optional(),
    point_of_contact: z.strictObject({ email: email.optional(), phone_details: PhoneDetails.optional() }).optional(),
    contract_type: z.enum(['CONTRACT_TYPE_PARENT', 'CONTRACT_TYPE_CUSTOM']).optional(),
    address: z
      .strictObject({
        street1: z.string().max(255).optional(),
        street2: z.string().max(255).optional(),
        city: z.string().max(255).optional(),
        state: z.string().max(255).optional(),
        zipcode: z.string().max(32).optional(),
        country_iso2: z
          .string()
          .regex(/^[A-Z]{2}$/)
          .optional(),
      })
      .optional(),
  }),
  hierarchy_info: z.strictObject({ parent_organization_id: z.string().min(1).max(255) }),
  // ONBOARDING_INVITE_TYPE_EMAIL would e-mail a billing webform; Dropline sends no e-mail, so only the reserved value is taken.
  options: z.strictObject({ onboarding_invite_type: z.enum(['ONBOARDING_INVITE_TYPE_INVALID']).optional() }).optional(),
});

export const InviteBody = z.strictObject({
  user_details: z.strictObject({ email, first_name: plainName, last_name: plainName, phone_details: PhoneDetails.optional() }),
  roles: z.array(z.enum(['ROLE_ADMIN', 'ROLE_EMPLOYEE'])).min(1),
});

/**
 * An organizations body's refusal as Uber words it: the leaf field in a one-line message
 * (`billing_type is invalid`, spec examples); unknown fields are named too, never dropped.
 */
export function orgIssueMessage(e: z.ZodError): string {
  const i = e.issues[0]!;
  if (i.code === 'unrecognized_keys') return `${[...i.path, i.keys[0]].join('.')} is not a known field`;
  // An array element is named by its array (`roles is invalid`).
  const field = String(i.path.filter((k) => typeof k === 'string').at(-1) ?? 'body');
  const missing = i.code === 'invalid_type' && (i as { input?: unknown }).input === undefined;
  return `${field} is ${missing ? 'required' : 'invalid'}`;
}
