import { formatTemplate } from './define.ts';
import { registry, type ErrorCode } from './registry.ts';

/** Where in a user's file a problem sits (1-based line and column). */
export interface SourceLocation {
  file: string;
  line: number;
  col: number;
  /** JSON pointer of the offending node, when known. */
  pointer?: string;
}

/**
 * The one error type tickwise throws for anything a user, a broker or the environment caused. It carries a code from
 * the registry, a filled-in message, a hint, and the exit code / HTTP status the CLI and API use.
 * Programming errors stay plain `Error`s (and print a stack trace, because they are bugs).
 */
export class TickwiseError extends Error {
  readonly code: ErrorCode;
  readonly hint: string;
  readonly exit: 1 | 2;
  readonly status: number;
  readonly params: Record<string, unknown>;
  readonly location?: SourceLocation;

  constructor(code: ErrorCode, params: Record<string, unknown> = {}, options: { cause?: unknown; location?: SourceLocation } = {}) {
    const spec = registry[code];
    super(formatTemplate(spec.message, params), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TickwiseError';
    this.code = code;
    this.hint = formatTemplate(spec.hint, params);
    this.exit = spec.exit;
    this.status = spec.status ?? (spec.exit === 2 ? 400 : 500);
    this.params = params;
    this.location = options.location;
  }

  /** `FILE:LINE:COL: CODE message (hint)`, or without the location when there is none. */
  describe(): string {
    const where = this.location ? `${this.location.file}:${this.location.line}:${this.location.col}: ` : '';
    return `${where}${this.code} ${this.message} (${this.hint})`;
  }
}

export function twError(code: ErrorCode, params?: Record<string, unknown>, options?: { cause?: unknown; location?: SourceLocation }): TickwiseError {
  return new TickwiseError(code, params, options);
}

export function isTickwiseError(e: unknown): e is TickwiseError {
  return e instanceof TickwiseError;
}
