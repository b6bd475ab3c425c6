import type { JsonValue } from './types';
import { NUL_MESSAGE, hasNul } from './limits';

/** Why a value at `path` cannot be stored or queued as JSON. */
export interface JsonIssue {
  path: (string | number)[];
  message: string;
}

const ONLY = 'only plain objects, lists, strings, finite numbers, booleans and null';

const describeType = (value: object): string => {
  if (Buffer.isBuffer(value)) return 'a Buffer';
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name ? `a ${name}` : 'an object with a prototype';
};

const isPlainObject = (value: object): boolean => {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
};

/**
 * Copies `value` as the JSON it will be stored and queued as, or answers the first path where it is
 * not JSON. A `Date` becomes its ISO string (what JSON.stringify makes of it); an object key whose
 * value is `undefined` is dropped (as JSON drops it). Refused, where JSON would throw or change the
 * value quietly: a cycle, a BigInt, a function, a symbol, `undefined` in a list, NaN and Infinity,
 * an invalid Date, and any object that is not plain (Map, Set, Buffer, class instances); and a NUL
 * character in a string or key, which databases refuse.
 */
export const toJsonInput = (value: unknown, path: (string | number)[]): { value: JsonValue } | { issue: JsonIssue } => {
  const ancestors = new Set<object>();
  let issue: JsonIssue | undefined;
  const fail = (at: (string | number)[], message: string): undefined => {
    issue ??= { path: at, message };
    return undefined;
  };

  const walk = (current: unknown, at: (string | number)[]): JsonValue | undefined => {
    if (typeof current === 'string') return hasNul(current) ? fail(at, NUL_MESSAGE) : current;
    if (current === null || typeof current === 'boolean') return current;
    if (typeof current === 'number') return Number.isFinite(current) ? current : fail(at, `is ${current}: numbers must be finite`);
    if (typeof current === 'bigint') return fail(at, 'is a BigInt: JSON has no BigInt, pass it as a string or a number');
    if (typeof current === 'function') return fail(at, `is a function: ${ONLY}`);
    if (typeof current === 'symbol') return fail(at, `is a symbol: ${ONLY}`);
    if (current === undefined) return fail(at, 'is undefined: a list may not hold undefined (use null)');
    if (current instanceof Date) {
      return Number.isNaN(current.getTime()) ? fail(at, 'is an invalid Date') : current.toISOString();
    }
    if (ancestors.has(current)) return fail(at, 'is circular: it refers back to an object that contains it');
    if (!Array.isArray(current) && !isPlainObject(current)) return fail(at, `is ${describeType(current)}: ${ONLY}`);
    ancestors.add(current);
    try {
      if (Array.isArray(current)) {
        const list: JsonValue[] = [];
        for (let i = 0; i < current.length && !issue; i += 1) list.push(walk(current[i], [...at, i]) as JsonValue);
        return list;
      }
      const copy: { [key: string]: JsonValue } = {};
      for (const [key, item] of Object.entries(current)) {
        if (issue) break;
        if (item === undefined) continue;
        if (hasNul(key)) return fail(at, `has a key that ${NUL_MESSAGE}`);
        copy[key] = walk(item, [...at, key]) as JsonValue;
      }
      return copy;
    } finally {
      ancestors.delete(current);
    }
  };

  const result = walk(value, path);
  return issue ? { issue } : { value: result as JsonValue };
};
