/** Operator commands (CLI, API) queued between ticks and applied at the start of the next one. */
import { rollLegs, setTradingState } from './decisions.ts';
import { sendToPosition } from './intents.ts';
import type { KernelState } from './state.ts';
import type { TickWork } from './tick-work.ts';
import type { ControlCommand } from './types.ts';

export function applyControls(k: KernelState, w: TickWork): void {
  const commands = k.controls.splice(0);
  for (const c of commands) apply(k, w, c);
}

function apply(k: KernelState, w: TickWork, c: ControlCommand): void {
  const version = k.current.config.version;
  switch (c.type) {
    case 'set-trading-state':
      setTradingState(k, w, c.state, c.reason);
      return;
    case 'kill': {
      setTradingState(k, w, 'HALTED', `kill switch: ${c.reason}`);
      w.alert('critical', 'kill-switch', null, `kill switch${c.flatten ? ' with flatten' : ''}: ${c.reason}`);
      for (const e of k.book.live()) {
        sendToPosition(k, w, e, { type: 'TICK', now: w.time, marks: w.marks });
        sendToPosition(k, w, e, { type: 'KILL', flatten: c.flatten });
      }
      return;
    }
    case 'hold':
    case 'release': {
      const e = k.book.get(c.positionId);
      if (!e) return;
      e.hold = c.type === 'hold';
      e.dirty = true;
      w.alert('info', 'operator', c.positionId, c.type === 'hold' ? 'manual hold: rules stop acting on this position' : 'released: rules act on this position again');
      return;
    }
    case 'close': {
      const e = k.book.get(c.positionId);
      if (!e) return;
      sendToPosition(k, w, e, { type: 'TICK', now: w.time, marks: w.marks });
      sendToPosition(k, w, e, { type: 'MANUAL', action: 'close', configVersion: e.pinnedVersion ?? version });
      return;
    }
    case 'roll': {
      const e = k.book.get(c.positionId);
      if (!e) return;
      const newLegs = rollLegs(k, w, e, undefined);
      if (!newLegs) return;
      sendToPosition(k, w, e, { type: 'TICK', now: w.time, marks: w.marks });
      sendToPosition(k, w, e, { type: 'MANUAL', action: 'roll', newLegs, configVersion: e.pinnedVersion ?? version });
      return;
    }
    default: {
      const unhandled: never = c;
      throw new Error(`unknown operator command ${JSON.stringify(unhandled)}`);
    }
  }
}
