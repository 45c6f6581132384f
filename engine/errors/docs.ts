import { registry } from './registry.ts';

/** docs/errors.md, generated from the registry (`npm run gen:docs`); a test fails when the file drifts. */
export function renderErrorsDoc(): string {
  const lines = [
    '# Error codes',
    '',
    '<!-- Generated from engine/errors/codes/*.ts by `npm run gen:docs`. Do not edit by hand: edit the registry. -->',
    '',
    'Every error tickwise reports carries one of these codes. Codes are never reused; a retired code stays listed.',
    'Exit codes: 1 = a check failed, 2 = usage error or invalid configuration/input.',
    '',
  ];
  const codes = Object.keys(registry).sort();
  const byArea = new Map<string, string[]>();
  for (const code of codes) {
    const area = code.split('_')[1];
    byArea.set(area, [...(byArea.get(area) ?? []), code]);
  }
  for (const [area, list] of byArea) {
    lines.push(`## ${area}`, '');
    for (const code of list) {
      const spec = registry[code as keyof typeof registry];
      lines.push(`### ${code}${spec.retired ? ' (retired)' : ''}`, '');
      lines.push(`- Message: ${spec.message.replace(/\|/g, '\\|')}`);
      lines.push(`- Hint: ${spec.hint}`);
      lines.push(`- Exit code: ${spec.exit}${spec.status ? `; HTTP ${spec.status}` : ''}${spec.retry ? `; ${spec.retry}` : ''}`);
      lines.push('', `How to fix: ${spec.fix}`, '');
    }
  }
  return lines.join('\n');
}
