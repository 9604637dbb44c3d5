import { buildPgliteTemplate, buildPostgresTemplate } from './store-templates.ts';
import { PG_ADMIN_URL } from './stores.ts';

/** Global setup: the migrated template stores every test file clones (see store-templates.ts). */
export default async function setup() {
  await Promise.all([buildPgliteTemplate(), buildPostgresTemplate(PG_ADMIN_URL)]);
}
