import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROUTE_STATUSES } from '../../src/core/route.ts';
import { ORDER_STATUSES } from '../../src/core/order/types.ts';

/*
 * Status decisions go through the named predicates of core/order/statuses.ts (issue 19): outside
 * core/order no code compares an order status with a literal, and no SQL text spells an order
 * status list (store/status-sql.ts renders them from the same sets). The check reads types, so a
 * route's 'completed' or a vendor enum is not an order status.
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SRC = join(ROOT, 'src');
const FIXTURE = join(ROOT, 'test', 'architecture', 'fixtures', 'raw-order-status.ts');

const ORDER = new Set<string>(ORDER_STATUSES);
// Literals a route status shares: in an untyped place (SQL text, a Kysely column name) they may be a route's.
const ORDER_ONLY = new Set<string>(ORDER_STATUSES.filter((s) => !(ROUTE_STATUSES as readonly string[]).includes(s)));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const exempt = (file: string) => relative(SRC, file).startsWith(join('core', 'order'));

function scan(roots: string[]): Map<string, string[]> {
  const program = ts.createProgram(roots, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    allowImportingTsExtensions: true,
    noEmit: true,
    strict: true,
    skipLibCheck: true,
    types: [],
  });
  const checker = program.getTypeChecker();

  /** The declared (not narrowed) type of an expression: for `o.status`, the property's type. */
  const declaredType = (e: ts.Expression): ts.Type => {
    const sym = ts.isPropertyAccessExpression(e) || ts.isIdentifier(e) ? checker.getSymbolAtLocation(e) : undefined;
    return sym && !(sym.flags & ts.SymbolFlags.Alias) ? checker.getTypeOfSymbol(sym) : checker.getTypeAtLocation(e);
  };
  /** A union of order status literals (null aside): OrderStatus, not RouteStatus or a vendor enum. */
  const isOrderStatusType = (t: ts.Type): boolean => {
    const parts = (t.isUnion() ? t.types : [t]).filter((p) => !(p.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)));
    return parts.length >= 2 && parts.every((p) => p.isStringLiteral() && ORDER.has(p.value));
  };
  const isStatusLiteral = (e: ts.Node): e is ts.StringLiteral => ts.isStringLiteral(e) && ORDER.has(e.text);
  const elementType = (t: ts.Type): ts.Type | undefined => checker.getIndexTypeOfType(checker.getApparentType(t), ts.IndexKind.Number);
  const literalsOf = (e: ts.Expression): string[] =>
    ts.isArrayLiteralExpression(e) ? e.elements.filter(ts.isStringLiteral).map((x) => x.text) : ts.isStringLiteral(e) ? [e.text] : [];

  const found = new Map<string, string[]>();
  for (const sf of program.getSourceFiles()) {
    if (!roots.includes(sf.fileName) || exempt(sf.fileName)) continue;
    const hits: string[] = [];
    const hit = (n: ts.Node) => hits.push(`${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}: ${n.getText().slice(0, 100)}`);
    const visit = (n: ts.Node) => {
      if (ts.isBinaryExpression(n)) {
        const op = n.operatorToken.kind;
        const eq = [
          ts.SyntaxKind.EqualsEqualsEqualsToken,
          ts.SyntaxKind.ExclamationEqualsEqualsToken,
          ts.SyntaxKind.EqualsEqualsToken,
          ts.SyntaxKind.ExclamationEqualsToken,
        ];
        if (eq.includes(op)) {
          const [lit, other] = isStatusLiteral(n.left) ? [n.left, n.right] : isStatusLiteral(n.right) ? [n.right, n.left] : [null, null];
          if (lit && other && isOrderStatusType(declaredType(other))) hit(n);
        }
      } else if (ts.isCaseClause(n) && isStatusLiteral(n.expression) && isOrderStatusType(declaredType(n.parent.parent.expression))) {
        hit(n);
      } else if (ts.isCallExpression(n)) {
        const callee = n.expression;
        const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
        const [arg0, , arg2] = n.arguments;
        // Kysely: where('o.status', 'in', ['ongoing', …]); the column's type is a plain string there.
        if (name.startsWith('where') && arg0 && ts.isStringLiteral(arg0) && /(^|\.)status$/.test(arg0.text) && arg2) {
          const lits = literalsOf(arg2);
          if (lits.some((s) => ORDER_ONLY.has(s)) || lits.filter((s) => ORDER.has(s)).length >= 2) hit(n);
        }
        if ((name === 'includes' || name === 'indexOf') && arg0 && ts.isPropertyAccessExpression(callee)) {
          const receiver = callee.expression;
          const el = elementType(checker.getTypeAtLocation(receiver));
          if (isStatusLiteral(arg0) && el && isOrderStatusType(el)) hit(n);
          else if (isOrderStatusType(declaredType(arg0)) && literalsOf(receiver).some((s) => ORDER.has(s))) hit(n);
        }
      } else if (ts.isArrayLiteralExpression(n) && n.elements.some(isStatusLiteral)) {
        // A status set of its own (`const FROZEN: OrderStatus[] = [...]`) instead of a named one.
        const ctx = checker.getContextualType(n);
        const el = ctx && elementType(ctx);
        if (el && isOrderStatusType(el)) hit(n);
      } else if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n)) {
        // SQL text: `status = 'ongoing'`, `o.status not in ('completed', 'cancelled')`.
        for (const m of n.text.matchAll(/\bstatus\s*(?:=|<>|!=|\bnot\s+in\b|\bin\b)\s*\(?\s*((?:'[a-z_]+'\s*,?\s*)+)/g)) {
          const lits = [...m[1]!.matchAll(/'([a-z_]+)'/g)].map((x) => x[1]!);
          if (lits.some((s) => ORDER_ONLY.has(s))) hit(n);
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
    if (hits.length) found.set(relative(ROOT, sf.fileName), hits);
  }
  return found;
}

describe('order status decisions go through core/order/statuses.ts', () => {
  const found = scan([...files(SRC), FIXTURE]);

  it('the scan finds every raw decision of the fixture and none of its route statuses', () => {
    const hits = found.get(relative(ROOT, FIXTURE)) ?? [];
    const marked = readFileSync(FIXTURE, 'utf8')
      .split('\n')
      .flatMap((l, i) => (l.includes('// raw') ? [i + 1] : []));
    expect(hits.map((h) => Number(h.split(':')[0]))).toEqual(marked);
  });

  it('no raw order status comparison or SQL status list outside src/core/order', () => {
    const outside = Object.fromEntries([...found].filter(([f]) => f.startsWith('src/')));
    expect(outside).toEqual({});
  });
});
