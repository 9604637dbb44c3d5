import { z } from 'zod';

/**
 * A HyperTrack worker field Dropline does not keep: refused by name rather than dropped unseen
 * (`null`, nothing to set, passes).
 */
const notKept = (why: string) =>
  z
    .unknown()
    .refine((v) => v === null || v === undefined, why)
    .optional();

export const WorkerBody = z.object({
  name: z.string().nullish(),
  profile: z.record(z.string(), z.unknown()).nullish(),
  ops_group_handle: z.string().nullish(),
  device_id: z.string().min(1).max(255).nullish(),
  product_types: z.array(z.string().min(1).max(255)).max(100).nullish(),
  schedule: notKept('Dropline keeps no worker schedules'),
  unavailable_on: notKept('Dropline keeps no worker schedules'),
  home: notKept('Dropline keeps no worker home location'),
});

export const toWorkerInput = (b: z.infer<typeof WorkerBody>) => ({
  name: b.name,
  profile: b.profile,
  opsGroupHandle: b.ops_group_handle,
  deviceId: b.device_id,
  productTypes: b.product_types,
});
