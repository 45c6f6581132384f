import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspClient, serverScript, type Diagnostic } from './lsp-client.ts';
import { REPO } from './helpers.ts';

// Drives the real yaml-language-server (the engine behind the VS Code YAML extension) over stdio against
// schemas/*.schema.json, the way an editor does: the shipped files through their `$schema` modelines, probes
// through the `yaml.schemas` setting mapping the schemas to the shipped file globs.
// Every shipped config file (read from the folder, never listed by hand): rules using derived facts of facts.yaml too.
const SHIPPED = [...readdirSync(join(REPO, 'rules')).filter((f) => f.endsWith('.yaml')).sort().map((f) => `rules/${f}`), 'strategies.yaml', 'facts.yaml'];
const settings = {
  yaml: {
    validate: true,
    completion: true,
    hover: false,
    schemaStore: { enable: false }, // no network: only our schemas
    schemas: {
      [pathToFileURL(join(REPO, 'schemas', 'rules.schema.json')).href]: ['rules/*.yaml'],
      [pathToFileURL(join(REPO, 'schemas', 'strategies.schema.json')).href]: ['strategies.yaml'],
    },
  },
};

let client: LspClient;
let probes = 0;
/** A fresh document URI under rules/ (never written to disk), so each probe gets its own diagnostics. */
const probeUri = () => pathToFileURL(join(REPO, 'rules', `__editor-probe-${++probes}.yaml`)).href;

/** A valid rule whose `when:` (or any later key) the probes fill in. */
const rule = (rest: string) => `rules:
  - name: probe
    description: A probe rule.
    priority: 1
    scope: position
    severity: info
    then: { action: close }
${rest}`;
const LEAF = '{ fact: dte, operator: lessThan, value: 5 }';

const lines = (d: Diagnostic[]) => d.map((x) => `${x.range.start.line + 1}: ${x.message}`);
/** The diagnostics on 1-based line `n` of a probe. */
const on = (d: Diagnostic[], n: number) => d.filter((x) => x.range.start.line === n - 1).map((x) => x.message);

beforeAll(async () => {
  client = new LspClient(serverScript(REPO), settings);
  await client.start(REPO);
});

afterAll(async () => {
  await client?.stop();
});

describe('the schemas in a real YAML language server', () => {
  for (const file of SHIPPED) {
    it(`reports no diagnostics on the shipped ${file}`, async () => {
      const d = await client.diagnose(pathToFileURL(join(REPO, file)).href, readFileSync(join(REPO, file), 'utf8'));
      expect(lines(d)).toEqual([]);
    });
  }

  it('reports no diagnostics on a valid probe, so the failures below are the mistakes', async () => {
    expect(lines(await client.diagnose(probeUri(), rule(`    when:\n      any:\n        - ${LEAF}\n        - not: ${LEAF}\n`)))).toEqual([]);
  });

  it('offers all, any, not and the leaf keys at a new item under any:', async () => {
    const labels = await client.complete(probeUri(), rule(`    when:\n      any:\n        - ${LEAF}\n        - |\n`));
    expect(labels).toEqual(expect.arrayContaining(['all', 'any', 'not', 'fact', 'operator', 'value']));
  });

  it('offers all, any, not and the leaf keys under an empty when:', async () => {
    const labels = await client.complete(probeUri(), rule('    when:\n      |\n'));
    expect(labels).toEqual(expect.arrayContaining(['all', 'any', 'not', 'fact', 'operator', 'value']));
  });

  it('offers every key of a flow-style leaf, not only the first branch', async () => {
    const labels = await client.complete(probeUri(), rule('    when:\n      all:\n        - { | }\n'));
    expect(labels).toEqual(expect.arrayContaining(['all', 'any', 'not', 'fact', 'operator', 'value']));
  });

  it('offers fact and param inside a flow-style value: { }', async () => {
    const labels = await client.complete(probeUri(), rule('    when:\n      all:\n        - { fact: pnlPct, operator: greaterThan, value: { f| } }\n'));
    expect(labels).toEqual(expect.arrayContaining(['fact', 'param']));
  });

  it('offers the catalogue facts after a flow-style value: {fact: }', async () => {
    const labels = await client.complete(probeUri(), rule('    when:\n      all:\n        - { fact: pnlPct, operator: greaterThan, value: {fact: |} }\n'));
    expect(labels).toEqual(expect.arrayContaining(['pnlPct', 'peakPnlPct', 'dte']));
  });

  it('flags a misspelled operator on its line, listing the operators', async () => {
    const d = await client.diagnose(probeUri(), rule('    when:\n      all:\n        - { fact: dte, operator: lessThn, value: 5 }\n'));
    expect(lines(d)).toHaveLength(1);
    expect(on(d, 10)[0]).toContain('"lessThan"');
  });

  it('flags an unknown key inside a condition', async () => {
    const d = await client.diagnose(probeUri(), rule('    when:\n      all:\n        - { fact: dte, operator: lessThan, value: 5, colour: red }\n'));
    expect(lines(d)).toEqual(['10: Property colour is not allowed.']);
  });

  it('flags a wrong type', async () => {
    const d = await client.diagnose(probeUri(), rule(`    when: ${LEAF}\n`).replace('priority: 1', 'priority: high'));
    expect(on(d, 4).join(' ')).toMatch(/Incorrect type\. Expected "integer"/);
  });

  it('flags a wrong enum value', async () => {
    const d = await client.diagnose(probeUri(), rule(`    when: ${LEAF}\n`).replace('severity: info', 'severity: loud'));
    expect(on(d, 6).join(' ')).toMatch(/Value is not accepted\. Valid values: "info", "warning", "critical"/);
  });

  it('flags takeProfitPct: 50 as a fraction default, as validate does (TW_CONFIG_PERCENT_SLIP)', async () => {
    const d = await client.diagnose(probeUri(), rule(`    params:\n      takeProfitPct: { default: 50, unit: fraction, description: Target. }\n    when: { fact: pnlPct, operator: greaterThan, value: { param: takeProfitPct } }\n`));
    expect(lines(d)).toEqual(['9: Value is above the maximum of 10.']);
    const ok = await client.diagnose(probeUri(), rule(`    params:\n      takeProfitPct: { default: 0.5, unit: fraction, description: Target. }\n      maxRolls: { default: 50, unit: count, description: Rolls. }\n    when: { fact: pnlPct, operator: greaterThan, value: { param: takeProfitPct } }\n`));
    expect(lines(ok)).toEqual([]);
  });

  it('flags a percent compared with a fraction fact: above 1 for most, above 10 for pnlPct and its kin', async () => {
    const d = await client.diagnose(probeUri(), rule('    when:\n      all:\n        - { fact: ivChangePct, operator: lessThan, value: -30 }\n        - { fact: pnlPct, operator: greaterThan, value: 3 }\n        - { fact: peakPnlPct, operator: between, value: [0.5, 40] }\n        - { fact: dte, operator: lessThan, value: 30 }\n'));
    expect(lines(d)).toEqual(['10: Value is below the minimum of -1.', '12: Value is above the maximum of 10.']);
  });

  it('flags percents in a strategy where fractions go', async () => {
    const text = readFileSync(join(REPO, 'strategies.yaml'), 'utf8').replace(/maxRiskFraction: [0-9.]+/, 'maxRiskFraction: 2').replace(/targetDelta: [0-9.]+/, 'targetDelta: 16');
    const d = await client.diagnose(pathToFileURL(join(REPO, '__editor-probe-strategies.yaml')).href, `# yaml-language-server: $schema=./schemas/strategies.schema.json\n${text}`);
    expect(d.map((x) => x.message).sort()).toEqual(expect.arrayContaining(['Value is above the maximum of 1.', 'Value is above the exclusive maximum of 1.']));
  });
});
