import type { ValidateFunction } from 'ajv/dist/2020.js';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { openApiAjv } from '../../src/api/shared/response-check.ts';

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
}

interface PathTemplate {
  path: string;
  segments: string[];
  statics: number;
}

const pointer = (s: string) => s.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * Holds HTTP answers to the server's own /openapi.json: an answer of a documented operation must
 * have its status documented and, when it is JSON, match that status's schema. Routes the
 * document hides (web pages, probes, streams) are not operations and are not checked.
 */
export class OpenApiContract {
  private readonly ajv = openApiAjv({ allErrors: true });
  private readonly templates: PathTemplate[];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(readonly doc: OpenApiDocument) {
    this.ajv.addSchema({ $id: 'openapi', ...doc } as object);
    this.templates = Object.keys(doc.paths).map((path) => {
      const segments = path.split('/').filter(Boolean);
      return { path, segments, statics: segments.filter((s) => !s.startsWith('{')).length };
    });
  }

  /** The documented path a request path falls on: a static segment beats a parameter, as in the router. */
  pathOf(url: string): string | null {
    const segments = url.split('?')[0]!.split('/').filter(Boolean);
    let best: PathTemplate | null = null;
    for (const t of this.templates) {
      if (t.segments.length !== segments.length) continue;
      if (!t.segments.every((s, i) => s.startsWith('{') || s === segments[i])) continue;
      if (!best || t.statics > best.statics) best = t;
    }
    return best?.path ?? null;
  }

  /** What is wrong with this answer against the document; empty when it holds (or is no operation's). */
  problems(method: string, url: string, res: { statusCode: number; headers: Record<string, unknown>; body: string }): string[] {
    const path = this.pathOf(url);
    const m = method.toLowerCase();
    const op = path ? this.doc.paths[path]?.[m] : undefined;
    // 414: the router refused a path parameter over maxParamLength before routing (unrouted.ts); no operation answered.
    if (!path || !op || res.statusCode === 414) return [];
    const where = `${method} ${path} → ${res.statusCode}`;
    const documented = op.responses?.[String(res.statusCode)];
    if (!documented) return [`${where}: the status is not documented`];
    const type = String(res.headers['content-type'] ?? '');
    if (!type.includes('application/json') || res.body === '') return [];
    if (!documented.content?.['application/json']?.schema) return [`${where}: a JSON body where the document declares none`];
    const validate = this.validatorOf(path, m, res.statusCode);
    const body: unknown = JSON.parse(res.body);
    if (validate(body)) return [];
    return [`${where}: ${this.ajv.errorsText(validate.errors)} in ${res.body.slice(0, 300)}`];
  }

  /** What is wrong with a request body against the operation's documented body schema. */
  bodyProblems(method: string, path: string, body: unknown): string[] {
    const validate = this.validatorAt(`openapi#/paths/${pointer(path)}/${method.toLowerCase()}/requestBody/content/application~1json/schema`);
    return validate(body) ? [] : [`${method} ${path} body: ${this.ajv.errorsText(validate.errors)}`];
  }

  private validatorOf(path: string, method: string, status: number): ValidateFunction {
    return this.validatorAt(`openapi#/paths/${pointer(path)}/${method}/responses/${status}/content/application~1json/schema`);
  }

  private validatorAt(ref: string): ValidateFunction {
    let v = this.validators.get(ref);
    if (!v) {
      v = this.ajv.getSchema(ref);
      if (!v) throw new Error(`no schema at ${ref}`);
      this.validators.set(ref, v);
    }
    return v;
  }
}

/**
 * Makes every `app.inject` of a test server hold its answer to the server's /openapi.json, so each
 * API test is also a contract test: a mismatch fails the test that produced the answer.
 */
export function enforceOpenApiContract(app: FastifyInstance): void {
  let contract: OpenApiContract | null = null;
  const original = app.inject.bind(app) as (...args: unknown[]) => unknown;
  const inject = original as (opts: InjectOptions | string) => Promise<LightMyRequestResponse>;
  const checked = async (opts: InjectOptions | string): Promise<LightMyRequestResponse> => {
    const res = await inject(opts);
    contract ??= new OpenApiContract(app.swagger() as unknown as OpenApiDocument);
    const o = typeof opts === 'string' ? { url: opts, method: 'GET' } : opts;
    const url = typeof o.url === 'string' ? o.url : String(o.path ?? '');
    const problems = contract.problems(String(o.method ?? 'GET'), url, { statusCode: res.statusCode, headers: res.headers, body: res.body });
    if (problems.length) throw new Error(`OpenAPI contract: ${problems.join('\n')}`);
    return res;
  };
  // The chained form (app.inject() without options) is left as it is: no test of ours uses it.
  (app as { inject: unknown }).inject = (opts?: InjectOptions | string, cb?: unknown) =>
    opts === undefined || cb !== undefined ? original(opts, cb) : checked(opts);
}
