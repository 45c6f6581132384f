import { defineErrors } from '../define.ts';

/** Codes for the tick kernel and the start command (engine/kernel, bin/commands/start). Prefix: TW_KERNEL_. */
export const kernelErrors = defineErrors({
  TW_KERNEL_INVALID_CONFIG: {
    message: 'the configuration in {dir} has {errors} error(s); nothing was started',
    hint: 'fix the findings printed above, or run `tickwise validate --config {dir}`',
    fix: 'tickwise refuses to trade on a configuration with errors. Run `tickwise validate` to list every problem with its file, line and column, fix them, and start again.',
    exit: 2,
  },
});
