import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { choiceOption, defineCommand } from '../command.ts';

/** `tickwise validate`: checks a config folder and prints every finding at its file:line:col. */
export default defineCommand({
  name: 'validate',
  summary: 'check strategies.yaml and rules/*.yaml and report every mistake at its line and column',
  usage: 'tickwise validate [--config DIR] [--format text|json] [--editor-schemas OUT]',
  options: {
    config: { type: 'string', arg: 'DIR', description: 'folder holding strategies.yaml and rules/', default: '.' },
    format: { type: 'string', arg: 'FORMAT', description: 'text (one line per finding) or json (an array of findings)', default: 'text' },
    'editor-schemas': { type: 'string', arg: 'OUT', description: 'when the config is valid, write editor schemas (rules, strategies, facts) that know its derived facts into OUT (docs/configuration.md § Editor support)' },
  },
  examples: ['tickwise validate', 'tickwise validate --config ./my-config --format json', 'tickwise validate --config ./my-config --editor-schemas ./my-config/.schemas'],
  async run(args, io) {
    const format = choiceOption(args.values, 'format', ['text', 'json'] as const, 'text');
    const dir = resolve(io.cwd, typeof args.values.config === 'string' ? args.values.config : '.');
    const { loadConfigDir, formatFinding, editorSchemas, NO_FEED } = await import('../../engine/config/index.ts');
    // The same validation as `start` and hot reload; without a market feed the underlyings are only named (a warning).
    const { config, findings } = await loadConfigDir(dir, { underlyings: NO_FEED });
    const errors = findings.filter((f) => f.severity === 'error').length;
    const warnings = findings.length - errors;
    if (format === 'json') {
      io.stdout.write(`${JSON.stringify(findings, null, 2)}\n`);
    } else {
      for (const f of findings) io.stdout.write(`${formatFinding(f)}\n`);
      const counts = `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
      io.stdout.write(
        config
          ? `ok: ${config.strategies.length} strategies, ${config.rules.length} rules in ${config.files.length} files (${counts}); config version ${config.version}\n`
          : `invalid: ${counts} in ${dir}\n`,
      );
      for (const d of config?.derivedFacts ?? []) io.stdout.write(`derived fact ${d.name} (${d.unit}, ${d.scope}) = ${d.expr}\n`);
    }
    const out = args.values['editor-schemas'];
    if (typeof out === 'string' && config) {
      const dirOut = resolve(io.cwd, out);
      mkdirSync(dirOut, { recursive: true });
      for (const [name, schema] of Object.entries(editorSchemas(config.derivedFacts ?? []))) writeFileSync(join(dirOut, name), `${JSON.stringify(schema, null, 2)}\n`);
      // stderr: keeps --format json's stdout one JSON document.
      io.stderr.write(`wrote editor schemas to ${dirOut} (rules, strategies, facts; ${(config.derivedFacts ?? []).length} derived facts)\n`);
    }
    // An invalid configuration is exit 2, as for every command (README, docs/errors.md); warnings alone are 0.
    return errors > 0 ? 2 : 0;
  },
});
