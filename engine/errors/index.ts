export { defineErrors, formatTemplate, type ErrorSpec } from './define.ts';
export { registry, type ErrorCode } from './registry.ts';
export { TickwiseError, twError, isTickwiseError, type SourceLocation } from './tickwise-error.ts';
export { renderErrorsDoc } from './docs.ts';
