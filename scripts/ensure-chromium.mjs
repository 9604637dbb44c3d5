#!/usr/bin/env node
// `npm test` runs this first (pretest): the browser tests drive Debian's Chromium, never a
// downloaded browser. On a fresh machine, as root with apt-get, it installs the package;
// otherwise it says exactly what to install and stops before any test runs.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(path)) process.exit(0);

const say = (line) => process.stderr.write(`ensure-chromium: ${line}\n`);
const hasAptGet = () => {
  try {
    execFileSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

if (process.env.CHROMIUM_PATH) {
  say(`CHROMIUM_PATH=${path} does not exist. Point it at a Chromium binary, or unset it to use Debian's /usr/bin/chromium.`);
  process.exit(1);
}
if (process.getuid?.() !== 0 || !hasAptGet()) {
  say("the browser tests need Debian's Chromium at /usr/bin/chromium. Install it with:");
  say('  sudo apt-get install --no-install-recommends chromium');
  say('or set CHROMIUM_PATH to another Chromium binary, then run npm test again.');
  process.exit(1);
}
const apt = (args) => execFileSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
say("installing Debian's chromium for the browser tests (apt-get install chromium) …");
try {
  apt(['install', '-y', '--no-install-recommends', 'chromium']);
} catch {
  // A fresh machine's package lists may be empty or stale.
  apt(['update']);
  apt(['install', '-y', '--no-install-recommends', 'chromium']);
}
if (!existsSync(path)) {
  say(`apt-get finished but ${path} is missing; install chromium by hand.`);
  process.exit(1);
}
say(`installed ${path}`);
