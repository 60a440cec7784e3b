/**
 * GitHub Actions expressions (`${{ … }}` and `if:`), the subset a workflow test needs: literals,
 * context properties (`steps.plan.outputs.exit-code`), `== != && || !`, parentheses, and the
 * functions success(), failure(), always(), cancelled(), contains(), startsWith(). Anything else
 * throws, so that a workflow using more than this fails its test rather than passing untested.
 *
 * Semantics follow GitHub's documentation: missing properties are null; strings compare without
 * regard to case; values of different types compare as numbers; '' / 0 / null / false are falsy.
 */
export type Value = string | number | boolean | null | { readonly [key: string]: Value } | readonly Value[];

export interface ExpressionContext {
  readonly contexts: Readonly<Record<string, Value>>;
  /** Whether a step before this one failed (for success() and failure()). */
  readonly failed: boolean;
}

type Token = { kind: 'op'; value: string } | { kind: 'string'; value: string } | { kind: 'number'; value: number } | { kind: 'ident'; value: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const rest = source.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const op = /^(==|!=|&&|\|\||!|\(|\)|\.|,|\[|\])/.exec(rest);
    if (op) {
      tokens.push({ kind: 'op', value: op[0] });
      i += op[0].length;
      continue;
    }
    const string = /^'((?:[^']|'')*)'/.exec(rest);
    if (string) {
      tokens.push({ kind: 'string', value: string[1]!.replace(/''/g, "'") });
      i += string[0].length;
      continue;
    }
    const number = /^-?\d+(\.\d+)?/.exec(rest);
    if (number) {
      tokens.push({ kind: 'number', value: Number(number[0]) });
      i += number[0].length;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(rest);
    if (ident) {
      tokens.push({ kind: 'ident', value: ident[0] });
      i += ident[0].length;
      continue;
    }
    throw new Error(`unsupported expression syntax at "${rest}" in: ${source}`);
  }
  return tokens;
}

function truthy(value: Value): boolean {
  return !(value === null || value === false || value === '' || value === 0 || (typeof value === 'number' && Number.isNaN(value)));
}

function asNumber(value: Value): number {
  if (value === null) return 0;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return value.trim() === '' ? 0 : Number(value);
  return Number.NaN;
}

function equal(a: Value, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (typeof a === typeof b && (a === null || typeof a !== 'object')) return a === b;
  return asNumber(a) === asNumber(b);
}

export function toText(value: Value): string {
  if (value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function evaluate(source: string, context: ExpressionContext): Value {
  const tokens = tokenize(source);
  let at = 0;
  const peek = () => tokens[at];
  const take = (value?: string): Token => {
    const token = tokens[at++];
    if (!token || (value !== undefined && token.value !== value)) throw new Error(`expected ${value ?? 'more'} in: ${source}`);
    return token;
  };
  const isOp = (value: string) => peek()?.kind === 'op' && peek()?.value === value;

  const call = (name: string, args: Value[]): Value => {
    switch (name) {
      case 'success':
        return !context.failed;
      case 'failure':
        return context.failed;
      case 'always':
        return true;
      case 'cancelled':
        return false;
      case 'contains':
        return toText(args[0] ?? null).toLowerCase().includes(toText(args[1] ?? null).toLowerCase());
      case 'startsWith':
        return toText(args[0] ?? null).toLowerCase().startsWith(toText(args[1] ?? null).toLowerCase());
      default:
        throw new Error(`unsupported function ${name}() in: ${source}`);
    }
  };

  const primary = (): Value => {
    const token = take();
    if (token.kind === 'op' && token.value === '(') {
      const value = or();
      take(')');
      return value;
    }
    if (token.kind === 'string' || token.kind === 'number') return token.value;
    if (token.kind !== 'ident') throw new Error(`unexpected "${token.value}" in: ${source}`);
    if (token.value === 'true' || token.value === 'false') return token.value === 'true';
    if (token.value === 'null') return null;
    if (isOp('(')) {
      take('(');
      const args: Value[] = [];
      while (!isOp(')')) {
        args.push(or());
        if (isOp(',')) take(',');
      }
      take(')');
      return call(token.value, args);
    }
    if (!(token.value in context.contexts)) throw new Error(`unknown context "${token.value}" in: ${source}`);
    let value: Value = context.contexts[token.value] ?? null;
    for (;;) {
      let key: string;
      if (isOp('.')) {
        take('.');
        key = take().value as string;
      } else if (isOp('[')) {
        take('[');
        key = toText(or());
        take(']');
      } else break;
      value = value !== null && typeof value === 'object' && !Array.isArray(value) ? ((value as Record<string, Value>)[key] ?? null) : null;
    }
    return value;
  };
  const unary = (): Value => {
    if (isOp('!')) {
      take('!');
      return !truthy(unary());
    }
    return comparison();
  };
  const comparison = (): Value => {
    const left = primary();
    if (isOp('==') || isOp('!=')) {
      const op = take().value;
      const right = primary();
      return op === '==' ? equal(left, right) : !equal(left, right);
    }
    return left;
  };
  const and = (): Value => {
    let value = unary();
    while (isOp('&&')) {
      take('&&');
      const right = unary();
      value = truthy(value) ? right : value;
    }
    return value;
  };
  const or = (): Value => {
    let value = and();
    while (isOp('||')) {
      take('||');
      const right = and();
      value = truthy(value) ? value : right;
    }
    return value;
  };
  const result = or();
  if (at !== tokens.length) throw new Error(`unexpected "${String(peek()?.value)}" in: ${source}`);
  return result;
}

/** An `if:` condition: implicitly `success() && (…)` unless it calls a status function itself. */
export function condition(source: string | boolean | undefined, context: ExpressionContext): boolean {
  if (source === undefined) return !context.failed;
  const text = String(source).trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1');
  const value = evaluate(text, context);
  return /\b(success|failure|always|cancelled)\(/.test(text) ? truthy(value) : !context.failed && truthy(value);
}

/** A string with `${{ … }}` replaced by their values. */
export function interpolate(text: string, context: ExpressionContext): string {
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expression: string) => toText(evaluate(expression, context)));
}
