import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** What the holder of an embedded data directory publishes for other processes. */
export interface LockInfo {
  pid: number;
  /** Set by a running server so CLI commands can go through it instead of opening the store. */
  admin?: { url: string; token: string };
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockInfo,
  ) {
    super(
      `The data directory ${dataDir} is in use by another Dropline process (pid ${holder.pid}). ` + 'Stop it, or point DROPLINE_DATA_DIR at another directory.',
    );
    this.name = 'DataDirLockedError';
  }
}

const lockPath = (dataDir: string) => join(resolve(dataDir), 'dropline.lock');

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The live holder of the directory's lock, if any; a lock left by a dead process is ignored. */
export function readLock(dataDir: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(lockPath(dataDir), 'utf8')) as LockInfo;
    return isAlive(info.pid) ? info : null;
  } catch {
    return null;
  }
}

export interface DataDirLock {
  publish(info: Omit<LockInfo, 'pid'>): void;
  release(): void;
}

/**
 * Takes the exclusive lock on an embedded data directory. PGlite has no locking of its own, and
 * two processes writing one data directory corrupt it, so a second process must fail here.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = lockPath(dataDir);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeFileSync(fd, JSON.stringify({ pid: process.pid }));
      closeSync(fd);
      let held = true;
      const release = () => {
        if (!held) return;
        held = false;
        // A process that opens and closes stores in turn (tests, a CLI) would otherwise collect one listener per store.
        process.off('exit', release);
        rmSync(path, { force: true });
      };
      process.once('exit', release);
      return {
        publish: (info) => writeFileSync(path, JSON.stringify({ pid: process.pid, ...info }), { mode: 0o600 }),
        release,
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = readLock(dataDir);
      if (holder) throw new DataDirLockedError(resolve(dataDir), holder);
      // The previous holder died without cleaning up (e.g. SIGKILL): the lock is stale.
      rmSync(path, { force: true });
    }
  }
  throw new Error(`Could not lock the data directory ${resolve(dataDir)}`);
}
