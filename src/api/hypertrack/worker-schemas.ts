import { z } from 'zod';

export const WorkerBody = z.object({
  name: z.string().nullish(),
  profile: z.record(z.string(), z.unknown()).nullish(),
  ops_group_handle: z.string().nullish(),
  device_id: z.string().min(1).max(255).nullish(),
  product_types: z.array(z.string().min(1).max(255)).max(100).nullish(),
});

export const toWorkerInput = (b: z.infer<typeof WorkerBody>) => ({
  name: b.name,
  profile: b.profile,
  opsGroupHandle: b.ops_group_handle,
  deviceId: b.device_id,
  productTypes: b.product_types,
});
