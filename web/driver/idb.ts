/** The few IndexedDB calls the app needs, as promises (plain API: no wrapper dependency). */

const DB_NAME = 'dropline-driver';
const VERSION = 1;
export const OUTBOX = 'outbox';
export const KV = 'kv';

let opened: Promise<IDBDatabase> | null = null;

export function openDb(): Promise<IDBDatabase> {
  opened ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      // autoIncrement keys give the replay order: the order the driver acted in.
      if (!db.objectStoreNames.contains(OUTBOX)) db.createObjectStore(OUTBOX, { keyPath: 'seq', autoIncrement: true });
      if (!db.objectStoreNames.contains(KV)) db.createObjectStore(KV);
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  return opened;
}

const done = <T>(req: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });

/** Runs `fn` in one transaction and resolves when it has committed, not merely when the request succeeded. */
export async function tx<T>(store: string, mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  const t = db.transaction(store, mode);
  const result = done(fn(t.objectStore(store)));
  await new Promise<void>((resolve, reject) => {
    t.oncomplete = () => resolve();
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error ?? new Error('transaction aborted'));
  });
  return result;
}

export const kvGet = <T>(key: string) => tx<T | undefined>(KV, 'readonly', (s) => s.get(key) as IDBRequest<T | undefined>);
export const kvSet = (key: string, value: unknown) => tx(KV, 'readwrite', (s) => s.put(value, key));
export const kvDelete = (key: string) => tx(KV, 'readwrite', (s) => s.delete(key));
