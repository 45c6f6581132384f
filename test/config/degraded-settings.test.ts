import { describe, expect, it } from 'vitest';
import { DEGRADED_DEFAULTS, formatFinding, loadConfigFromFiles } from '../../engine/config/index.ts';
import { shippedFiles, withFile } from './helpers.ts';

const S = 'strategies.yaml';
const withDegraded = (yaml: string) => withFile(shippedFiles(), S, (t) => t.replace(/^settings:\n/m, `settings:\n  degraded:\n${yaml}`));

describe('settings.degraded', () => {
  it('fills every threshold the file leaves out with its default', () => {
    const { config, findings } = loadConfigFromFiles(withDegraded('    staleShare: 0.5\n    silentFeedSec: 120\n'));
    expect(findings.filter((f) => f.severity === 'error').map(formatFinding)).toEqual([]);
    expect(config!.settings.degraded).toEqual({ ...DEGRADED_DEFAULTS, staleShare: 0.5, silentFeedSec: 120 });
  });

  it('refuses a share above 1 and an unknown key at file:line:col with a code', () => {
    const { config, findings } = loadConfigFromFiles(withDegraded('    staleShare: 1.5\n    maxMarkAge: 30\n'));
    expect(config).toBeNull();
    const errors = findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => [f.file, f.line, f.code])).toEqual(expect.arrayContaining([[S, 9, expect.stringMatching(/^TW_CONFIG_/)], [S, 10, expect.stringMatching(/^TW_CONFIG_/)]]));
    expect(errors.every((f) => f.col > 0 && !/\n\s+at /.test(f.message))).toBe(true);
  });
});
