import { defineErrors } from '../define.ts';

/** Codes for hot reload (engine/reload, bin/wiring/reload). Prefix: TW_RELOAD_. */
export const reloadErrors = defineErrors({
  TW_RELOAD_INVALID_CONFIG: {
    message: 'the edited configuration has {errors} error(s); version {version} stays in force',
    hint: 'fix the findings logged with this reload (file:line:col), then save again',
    fix: 'A reload runs the full validation of `tickwise validate`. When any file has an error, nothing of the edit is used: the running config version keeps trading, the findings are logged at error level, recorded in the `reloads` table and shown in status. Fix the file and save it (or send SIGHUP): the next attempt reloads normally.',
    exit: 2,
    status: 422,
  },
  TW_RELOAD_TOO_MANY_CLOSES: {
    message: 'the new config version would close {closes} position(s) at once, more than settings.reload.maxClosesWithoutForce ({limit}); version {version} stays in force',
    hint: 'check the shadow evaluation logged with this reload; force it (POST /api/config/reload with force) if it is intended',
    fix: 'Before a swap, tickwise evaluates the new version on the last tick\'s facts. When it would close more open positions than `settings.reload.maxClosesWithoutForce` allows (the smaller of the running and the new version\'s values), the reload is refused so that a mistyped threshold cannot liquidate the book. Review the change; if the closes are intended, force the reload, or raise the limit in a separate reload first.',
    exit: 1,
    status: 409,
  },
  TW_RELOAD_READ_FAILED: {
    message: 'the configuration could not be read: {reason}',
    hint: 'check that the config folder and its files exist and are readable',
    fix: 'The reloader reads `strategies.yaml` and `rules/*.yaml` from the folder tickwise was started with. If the folder was moved or its permissions changed, restore it; the running config version stays in force meanwhile.',
    exit: 2,
  },
});
