import { rulesSchema } from './schema-rules.ts';
import { strategiesSchema } from './schema-strategies.ts';

type Schema = Record<string, unknown>;

/** Definitions printed as a single row instead of being expanded (recursive or shared shapes). */
const LEAF_REFS: Record<string, string> = {
  condition: 'condition tree',
  paramValue: 'number, text or boolean',
  paramRef: '`{ param: name }`',
};

function typeOf(s: Schema, defs: Schema): string {
  if (typeof s.$ref === 'string') {
    const name = s.$ref.replace('#/$defs/', '');
    if (LEAF_REFS[name]) return LEAF_REFS[name];
    return typeOf(defs[name] as Schema, defs);
  }
  if (Array.isArray(s.enum)) return s.enum.map((v) => `\`${String(v)}\``).join(' \\| ');
  const branches = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  const branchType = (b: Schema) => (typeof b.$ref === 'string' ? LEAF_REFS[b.$ref.replace('#/$defs/', '')] ?? String((defs[b.$ref.replace('#/$defs/', '')] as Schema).type) : String(b.type));
  if (!s.type && branches) return [...new Set(branches.map(branchType))].join(' or ');
  const t = Array.isArray(s.type) ? s.type.join(' or ') : String(s.type ?? 'any');
  if (t === 'array' && s.items) return `list of ${typeOf(s.items as Schema, defs)}`;
  if (t === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object') return `map of name → ${typeOf(s.additionalProperties as Schema, defs)}`;
  if (t === 'object') return 'mapping';
  return t;
}

function rows(s: Schema, path: string, required: boolean, defs: Schema, out: string[], depth = 0): void {
  let node = s;
  if (typeof s.$ref === 'string') {
    const name = s.$ref.replace('#/$defs/', '');
    if (!LEAF_REFS[name]) node = { ...(defs[name] as Schema), description: s.description ?? (defs[name] as Schema).description };
  }
  if (path) {
    const def = node.default !== undefined ? `\`${JSON.stringify(node.default)}\`` : required ? 'required' : '—';
    const desc = String(node.description ?? '').replace(/\|/g, '\\|');
    out.push(`| \`${path}\` | ${typeOf(s, defs)} | ${def} | ${desc} |`);
  }
  if (depth > 6) return;
  const props = node.properties as Record<string, Schema> | undefined;
  const req = new Set((node.required as string[] | undefined) ?? []);
  if (props) for (const [k, v] of Object.entries(props)) rows(v, path ? `${path}.${k}` : k, req.has(k), defs, out, depth + 1);
  const items = node.items as Schema | undefined;
  if (items && typeof items.$ref === 'string' && !LEAF_REFS[items.$ref.replace('#/$defs/', '')]) {
    const def = defs[items.$ref.replace('#/$defs/', '')] as Schema;
    const ireq = new Set((def.required as string[] | undefined) ?? []);
    for (const [k, v] of Object.entries((def.properties as Record<string, Schema>) ?? {})) rows(v, `${path}[].${k}`, ireq.has(k), defs, out, depth + 1);
  } else if (items?.properties) {
    const ireq = new Set((items.required as string[] | undefined) ?? []);
    for (const [k, v] of Object.entries(items.properties as Record<string, Schema>)) rows(v, `${path}[].${k}`, ireq.has(k), defs, out, depth + 1);
  }
  const extra = node.additionalProperties as Schema | undefined;
  if (extra && typeof extra === 'object' && typeof extra.$ref === 'string' && !LEAF_REFS[extra.$ref.replace('#/$defs/', '')]) {
    const def = defs[extra.$ref.replace('#/$defs/', '')] as Schema;
    const ireq = new Set((def.required as string[] | undefined) ?? []);
    for (const [k, v] of Object.entries((def.properties as Record<string, Schema>) ?? {})) rows(v, `${path}.<name>.${k}`, ireq.has(k), defs, out, depth + 1);
  }
}

function table(schema: Schema): string[] {
  const out = ['| key | type | default | meaning |', '|---|---|---|---|'];
  rows(schema, '', true, schema.$defs as Schema, out);
  return out;
}

/** The key reference section of docs/configuration.md, generated from the JSON Schemas (scripts/gen-schemas.ts). */
export function renderKeyReference(): string {
  const defs = rulesSchema().$defs as Schema;
  return [
    '### strategies.yaml',
    '',
    ...table(strategiesSchema()),
    '',
    '### rules/*.yaml',
    '',
    ...table(rulesSchema()),
    '',
    '### Conditions',
    '',
    'Used by `rules[].when` and `strategies[].entry.when`.',
    '',
    ...['allNode', 'anyNode', 'notNode', 'leaf', 'valueRef'].flatMap((name) => {
      const d = defs[name] as Schema;
      return [`**${name}**: ${String(d.description)}`, '', ...table({ ...d, $defs: defs }), ''];
    }),
  ].join('\n');
}
