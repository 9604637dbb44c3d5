type Task = () => Promise<void> | void;

const tasks = new Set<Task>();

async function runSafely(task: Task): Promise<void> {
  try {
    await task();
  } catch (e) {
    console.error('cleanup failed:', e);
  }
}

/**
 * Registers a teardown step; the returned function runs it now (once). Whatever is still
 * registered runs, newest first, in `runCleanup` — the benchmark's `finally` and on Ctrl-C.
 */
export function onCleanup(task: Task): () => Promise<void> {
  tasks.add(task);
  return async () => {
    if (tasks.delete(task)) await runSafely(task);
  };
}

export async function runCleanup(): Promise<void> {
  for (const task of [...tasks].reverse()) {
    tasks.delete(task);
    await runSafely(task);
  }
}

// A long run interrupted by Ctrl-C must still drop its database and remove its temp dirs.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: cleaning up`);
    void runCleanup().finally(() => process.exit(130));
  });
}
