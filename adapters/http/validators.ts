/**
 * Request validation with two ajv instances: bodies are validated strictly (`{"force":"true"}` is a 400, not a
 * forced reload), while path parameters, query strings and headers, which are text by nature, are coerced to their
 * declared types (`?limit=10` is the integer 10). Fastify's single default ajv coerces every part, bodies included.
 */
import type { FastifyInstance, FastifySchema } from 'fastify';
import { Ajv, type Options } from 'ajv';

/** The options fastify's own compiler uses, minus what we change (unknown fields are errors, not dropped). */
const common: Options = { useDefaults: true, removeAdditional: false, allErrors: false, addUsedSchema: false };

export function requestValidators() {
  const strict = new Ajv({ ...common, coerceTypes: false });
  const coercing = new Ajv({ ...common, coerceTypes: 'array' });
  return {
    /** The ajv that validates `httpPart` (`body`, `params`, `querystring`, `headers`). */
    forPart: (httpPart: string | undefined) => (httpPart === 'body' ? strict : coercing),
  };
}

export function installValidators(app: FastifyInstance): void {
  const v = requestValidators();
  app.setValidatorCompiler(({ schema, httpPart }) => v.forPart(httpPart).compile(schema as FastifySchema & object));
}
