/** The strategy's `marks:` key: defaults, what it resolves to, and a refusal at file:line:col with a code. */
import { describe, expect, it } from 'vitest';
import { formatFinding, loadConfigFromFiles } from '../../engine/config/index.ts';
import { baseFiles, insertAfter, withFile } from '../config/helpers.ts';

const S = 'strategies.yaml';

describe('a strategy\'s marks settings', () => {
  it('default to maxAgeSec 300 and onStale hold when the strategy says nothing', () => {
    const { config, findings } = loadConfigFromFiles(baseFiles());
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(config!.strategies.find((s) => s.name === 'ic')!.marks).toEqual({ maxAgeSec: 300, onStale: 'hold' });
  });

  it('resolve what the strategy sets, a missing key taking its default', () => {
    const { config } = loadConfigFromFiles(withFile(baseFiles(), S, insertAfter(19, '    marks: { onStale: model }')));
    expect(config!.strategies.find((s) => s.name === 'ic')!.marks).toEqual({ maxAgeSec: 300, onStale: 'model' });
  });

  it('refuses an unknown onStale and a maxAgeSec that is not above 0, at their line and column', () => {
    const { config, findings } = loadConfigFromFiles(withFile(baseFiles(), S, insertAfter(19, '    marks:\n      maxAgeSec: 0\n      onStale: guess')));
    expect(config).toBeNull();
    const errors = findings.filter((f) => f.severity === 'error').map((f) => `${f.line}:${f.col} ${f.code} ${f.pointer}`);
    expect(errors, findings.map(formatFinding).join('\n')).toEqual([
      expect.stringMatching(/^21:\d+ TW_CONFIG_\w+ \/strategies\/0\/marks\/maxAgeSec$/),
      expect.stringMatching(/^22:\d+ TW_CONFIG_\w+ \/strategies\/0\/marks\/onStale$/),
    ]);
  });
});
