/**
 * A broker connection down for `seconds` or longer (exchange time, from the ticks' summaries) raises one critical
 * alert of kind `broker-down`, besides the kernel's own `broker` alert at the moment it dropped. A channel that wants
 * only lasting outages routes `kinds: [broker-down]` and leaves `broker` out.
 */
import type { TickSummary } from '../../engine/kernel/index.ts';
import type { AlertRow } from '../../engine/store/index.ts';

export const BROKER_DOWN_SECONDS = 60;

export function createBrokerDown(raise: (a: AlertRow) => void, seconds = BROKER_DOWN_SECONDS): (s: TickSummary) => void {
  let downSince: number | null = null;
  let alerted = false;
  return (s) => {
    if (s.brokerStatus === 'connected') {
      downSince = null;
      alerted = false;
      return;
    }
    downSince ??= s.time;
    if (alerted || s.time - downSince < seconds * 1000) return;
    alerted = true;
    raise({ time: s.time, severity: 'critical', source: 'broker-down', positionId: null, message: `broker ${s.brokerStatus} for ${Math.round((s.time - downSince) / 1000)} s; orders wait until it is back` });
  };
}
