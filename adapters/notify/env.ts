/** Secrets from the environment: the variable names a channel reads, and reading one (missing: TW_NOTIFY_ENV_MISSING). */
import { twError } from '../../engine/errors/index.ts';
import type { ResolvedChannel } from '../../engine/config/index.ts';
import type { Env } from './types.ts';

/** The value of `cfg[key]`'s variable, or a TW_NOTIFY_ENV_MISSING error. */
export function fromEnv(cfg: ResolvedChannel, env: Env, name: string | undefined, what: string): string {
  const value = name ? env[name] : undefined;
  if (!name || value === undefined || value === '') throw twError('TW_NOTIFY_ENV_MISSING', { name: cfg.name, env: name ?? '(none)', what });
  return value;
}

/** The variables a channel reads, with what each holds (checked at start: a warning per missing one). */
export function channelEnvNames(cfg: ResolvedChannel): { env: string; what: string }[] {
  const out: { env: string; what: string }[] = [];
  if (cfg.urlEnv && !cfg.url) out.push({ env: cfg.urlEnv, what: 'the URL' });
  if (cfg.secretEnv) out.push({ env: cfg.secretEnv, what: 'the signing secret' });
  if (cfg.tokenEnv) out.push({ env: cfg.tokenEnv, what: 'the bot token' });
  if (cfg.userEnv) out.push({ env: cfg.userEnv, what: 'the SMTP user' });
  if (cfg.passwordEnv) out.push({ env: cfg.passwordEnv, what: 'the SMTP password' });
  return out;
}

