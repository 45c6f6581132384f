import { describe, expect, it } from 'vitest';
import { isWatchedConfigPath } from '../../engine/reload/index.ts';
import { harness, nextResult, writeByRename, writeInPlace } from '../reload/helpers.ts';

const CHANNELS = 'channels:\n  - name: ops\n    type: slack\n    url: http://127.0.0.1:9/hook\n';

describe('hot reload of alerts.yaml', () => {
  it('watches alerts.yaml: adding it makes a new version with its channels, and a broken edit is refused at file:line:col', async () => {
    expect(isWatchedConfigPath('alerts.yaml')).toBe(true);
    const h = await harness();
    try {
      const before = h.kernel.config.version;
      writeInPlace(h.dir, 'alerts.yaml', CHANNELS);
      const added = await nextResult(h, (r) => r.ok);
      expect(added.version).not.toBe(before);
      await h.kernel.run({ maxTicks: 1 });
      expect(h.kernel.config.alerts?.channels.map((c) => c.name)).toEqual(['ops']);

      writeByRename(h.dir, 'alerts.yaml', `${CHANNELS}    minSeverity: loud\n`);
      const refused = await nextResult(h, (r) => !r.ok);
      expect(refused.errors?.map((f) => `${f.file}:${f.line}:${f.col} ${f.code}`)).toEqual(['alerts.yaml:5:18 TW_CONFIG_BAD_VALUE']);
      await h.kernel.run({ maxTicks: 1 });
      expect(h.kernel.config.version).toBe(added.version);
    } finally {
      await h.close();
    }
  }, 60_000);
});
