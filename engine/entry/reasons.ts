import { formatTemplate, registry, type ErrorCode } from '../errors/index.ts';
import type { EntryReason, Rejected } from './types.ts';

/** A skip / reject reason from the error registry, as plain data (never thrown on the hot path). */
export function reason(code: ErrorCode, params: Record<string, unknown>): EntryReason {
  const spec = registry[code];
  return { code, message: formatTemplate(spec.message, params), hint: formatTemplate(spec.hint, params), params };
}

export function rejected(code: ErrorCode, params: Record<string, unknown>): Rejected {
  return { rejected: reason(code, params) };
}

export function isRejected<T extends object>(x: T | Rejected): x is Rejected {
  return 'rejected' in x;
}
