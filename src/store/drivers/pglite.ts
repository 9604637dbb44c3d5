import type { PGlite } from '@electric-sql/pglite';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type Kysely,
  type TransactionSettings,
} from 'kysely';
import { Mutex } from './mutex.ts';
import { ReadCache } from './read-cache.ts';
import { hasMark, MARKS } from './statement-marks.ts';

class PGliteConnection implements DatabaseConnection {
  private readonly cache = new ReadCache();

  constructor(private readonly pg: PGlite) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (!hasMark(query.sql, MARKS.cacheable)) {
      if (!hasMark(query.sql, MARKS.readonly)) this.cache.clear();
      return this.run<R>(query);
    }
    const key = `${query.sql}\u0000${JSON.stringify(query.parameters)}`;
    const hit = this.cache.get(key);
    if (hit) return { rows: hit as R[] };
    const res = await this.run<R>(query);
    this.cache.set(key, res.rows);
    return res;
  }

  private async run<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    // Without parameters the simple protocol runs multi-statement scripts (migrations) too.
    const res =
      query.parameters.length === 0
        ? ((await this.pg.exec(query.sql)).at(-1) ?? { rows: [], fields: [] })
        : await this.pg.query<R>(query.sql, query.parameters as unknown[]);
    const affected = res.affectedRows !== undefined ? BigInt(res.affectedRows) : undefined;
    return { rows: res.rows as R[], numAffectedRows: affected };
  }

  // biome-ignore lint/correctness/useYield: streaming is not offered on the embedded store
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not supported on PGlite');
  }
}

class PGliteDriver implements Driver {
  private readonly mutex = new Mutex();
  private readonly releases = new WeakMap<DatabaseConnection, () => void>();
  private readonly connection: PGliteConnection;

  constructor(private readonly pg: PGlite) {
    this.connection = new PGliteConnection(pg);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.mutex.lock();
    this.releases.set(this.connection, release);
    return this.connection;
  }

  async beginTransaction(conn: DatabaseConnection, _settings: TransactionSettings): Promise<void> {
    await conn.executeQuery({ sql: 'begin', parameters: [] } as unknown as CompiledQuery);
  }

  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery({ sql: 'commit', parameters: [] } as unknown as CompiledQuery);
  }

  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery({ sql: 'rollback', parameters: [] } as unknown as CompiledQuery);
  }

  async releaseConnection(conn: DatabaseConnection): Promise<void> {
    const release = this.releases.get(conn);
    this.releases.delete(conn);
    release?.();
  }

  async destroy(): Promise<void> {
    await this.pg.close();
  }
}

export class PGliteDialect implements Dialect {
  constructor(private readonly pg: PGlite) {}
  createDriver = (): Driver => new PGliteDriver(this.pg);
  createQueryCompiler = () => new PostgresQueryCompiler();
  createAdapter = () => new PostgresAdapter();
  createIntrospector = (db: Kysely<unknown>) => new PostgresIntrospector(db);
}
