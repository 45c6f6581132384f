import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ALERT_KINDS, alertsSchema, checkAlertsFile, formatFinding, readConfigDir, TEMPLATE_FIELDS } from '../../engine/config/index.ts';
import { REPO } from '../config/helpers.ts';

const EXAMPLE = readFileSync(join(REPO, 'examples', 'alerts', 'alerts.yaml'), 'utf8');
const temp = mkdtempSync(join(tmpdir(), 'tickwise-alerts-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
let n = 0;
function folder(alerts?: string): string {
  const dir = join(temp, `c${n++}`);
  cpSync(join(REPO, 'rules'), join(dir, 'rules'), { recursive: true });
  cpSync(join(REPO, 'strategies.yaml'), join(dir, 'strategies.yaml'));
  cpSync(join(REPO, 'facts.yaml'), join(dir, 'facts.yaml'));
  if (alerts !== undefined) writeFileSync(join(dir, 'alerts.yaml'), alerts);
  return dir;
}
const lines = (text: string) => checkAlertsFile('alerts.yaml', text).findings.map(formatFinding);

describe('alerts.yaml', () => {
  it('is optional: a folder without it loads with no alerts', () => {
    const r = readConfigDir(folder());
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(r.config?.alerts).toBeUndefined();
  });

  it('loads the shipped example with every default filled in, and is part of the config version', () => {
    const without = readConfigDir(folder()).config!;
    const withIt = readConfigDir(folder(EXAMPLE)).config!;
    expect(withIt.files).toContain('alerts.yaml');
    expect(withIt.version).not.toBe(without.version);
    const a = withIt.alerts!;
    expect(a.channels.map((c) => [c.name, c.type, c.minSeverity, c.dedupeMinutes, c.enabled])).toEqual([
      ['ops-webhook', 'webhook', 'info', 5, true], ['desk-slack', 'slack', 'warning', 10, true], ['phone', 'telegram', 'critical', 10, true], ['risk-mail', 'email', 'warning', 10, true],
    ]);
    expect(a.channels[0].template).toBe('[{SEVERITY}] {message}');
    expect(a.delivery).toEqual({ maxAttempts: 8, initialBackoffSec: 5, maxBackoffSec: 600, timeoutSec: 10, failureAlertAfter: 3 });
    expect(Object.isFrozen(a.channels[0])).toBe(true);
    const edited = readConfigDir(folder(EXAMPLE.replace('dedupeMinutes: 5', 'dedupeMinutes: 6'))).config!;
    expect(edited.version).not.toBe(withIt.version);
  });

  it('refuses a secret written in the file, an unknown key and a wrong type at their file:line:col', () => {
    const text = 'channels:\n  - name: hook\n    type: webhook\n    url: http://127.0.0.1/\n    secret: hunter2\n    dedupeMinutes: soon\n';
    expect(lines(text)).toEqual([
      expect.stringMatching(/^alerts\.yaml:5:5: error TW_CONFIG_UNKNOWN_KEY .*"secret"/),
      expect.stringMatching(/^alerts\.yaml:6:20: error TW_CONFIG_WRONG_TYPE /),
    ]);
    expect(checkAlertsFile('alerts.yaml', text).alerts).toBeNull();
  });

  it('names the key each channel type needs, a misspelt placeholder, a duplicate name and a bad quiet-hours time', () => {
    const text = [
      'channels:',
      '  - name: chat',
      '    type: telegram',
      '    tokenEnv: TG',
      '    template: "{severty} {message}"',
      '  - name: chat',
      '    type: email',
      '    host: smtp.example.com',
      '    to: [a@b.c]',
      '  - name: night',
      '    type: slack',
      '    url: https://hooks.slack.com/x',
      '    quietHours: { start: "25:00", end: "07:00" }',
      '',
    ].join('\n');
    expect(lines(text)).toEqual([
      expect.stringMatching(/^alerts\.yaml:2:5: error TW_NOTIFY_CHANNEL_KEY channel "chat" \(telegram\) needs "chatId"/),
      expect.stringMatching(/^alerts\.yaml:5:15: error TW_NOTIFY_UNKNOWN_PLACEHOLDER .*"\{severty\}"; did you mean "severity"\?/),
      expect.stringMatching(/^alerts\.yaml:6:5: error TW_NOTIFY_CHANNEL_KEY channel "chat" \(email\) needs "from"/),
      expect.stringMatching(/^alerts\.yaml:6:11: error TW_CONFIG_DUPLICATE_NAME channel "chat" is defined more than once \(first at alerts\.yaml:2\)/),
      expect.stringMatching(/^alerts\.yaml:13:26: error TW_CONFIG_BAD_VALUE .*HH:MM/),
    ]);
  });

  it('makes the whole config invalid when alerts.yaml is, so start and hot reload refuse it', () => {
    const r = readConfigDir(folder('channels:\n  - name: x\n    type: pager\n'));
    expect(r.config).toBeNull();
    expect(r.findings.map(formatFinding)).toContainEqual(expect.stringMatching(/^alerts\.yaml:3:11: error TW_CONFIG_BAD_VALUE .*pager/));
  });
});

describe('docs/alerts.md', () => {
  it('documents every key of alerts.yaml, every alert kind and every template placeholder', () => {
    const doc = readFileSync(join(REPO, 'docs', 'alerts.md'), 'utf8');
    const schema = alertsSchema() as { properties: { delivery: { properties: object } }; $defs: { channel: { properties: Record<string, { properties?: object }> } } };
    const channelKeys = Object.entries(schema.$defs.channel.properties).flatMap(([k, v]) => [k, ...Object.keys(v.properties ?? {})]);
    for (const key of [...channelKeys, ...Object.keys(schema.properties.delivery.properties)]) expect(doc, key).toMatch(new RegExp(`\`[^\`]*\\b${key}\\b[^\`]*\``));
    for (const kind of ALERT_KINDS) expect(doc, kind).toContain(`\`${kind}\``);
    for (const field of TEMPLATE_FIELDS) expect(doc, field).toContain(`\`{${field}}\``);
  });
});
