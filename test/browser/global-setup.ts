import { ensureWebBuild } from '../../src/cli/build-web.ts';

/** One Vite build per test run (none at all when dist/web is newer than web/). */
export default async function setup() {
  await ensureWebBuild();
}
