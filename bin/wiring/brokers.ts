/**
 * The broker registry behind `tickwise start --broker NAME`. Each broker registers itself in its own
 * `bin/wiring/broker-<name>.ts` (default export: `defineBroker({...})`), wrapping its adapter folder's wiring. The
 * `--broker` choices, its help, the options `start` accepts, docs/cli.md and the option tables in the adapter docs are
 * all read from here, so a new broker is one adapter folder plus one registration file.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type pino from 'pino';
import type { OptionSpec, ParsedArgs } from '../command.ts';
import type { ResolvedConfig } from '../../engine/config/index.ts';
import type { Broker, MarketFeed } from '../../engine/ports/index.ts';
import type { Store } from '../../engine/store/index.ts';

/** What a broker's factory is handed once the config is valid and the store is open. */
export interface BrokerContext {
  config: ResolvedConfig;
  store: Store;
  log: pino.Logger;
}

/** What the kernel runs on: the market feed and the broker port, and how the start banner names them. */
export interface BrokerSetup {
  feed: MarketFeed;
  broker: Broker;
  /** E.g. "simulated market + paper broker", "IB 127.0.0.1:7497 client 1". */
  label: string;
}

export interface BrokerRegistration {
  /** The `--broker` value: lower-case letters, digits and dashes. */
  name: string;
  /** One line for `--broker`'s help and the docs. */
  description: string;
  /** The adapter's page in docs/ (e.g. `docs/ib.md`): its option table is generated from `options`. */
  doc?: string;
  /** The `start` options only this broker reads. Their names must not clash with `start`'s or another broker's. */
  options: Record<string, OptionSpec>;
  /**
   * Reads and checks this broker's options before anything starts (a bad value is a usage error, exit 2), and returns
   * the factory `start` calls once the config is valid and the store is open.
   */
  prepare(values: ParsedArgs['values']): (ctx: BrokerContext) => BrokerSetup;
}

export function defineBroker(registration: BrokerRegistration): BrokerRegistration {
  return registration;
}

const REGISTRY = new Map<string, BrokerRegistration>();

/** Adds a broker (the shipped ones are registered from their files by `loadBrokers`; tests add scratch ones). */
export function registerBroker(registration: BrokerRegistration): BrokerRegistration {
  if (!/^[a-z][a-z0-9-]*$/.test(registration.name)) throw new Error(`broker name "${registration.name}" must be lower-case letters, digits and dashes`);
  const known = REGISTRY.get(registration.name);
  if (known && known !== registration) throw new Error(`broker "${registration.name}" is registered twice`);
  for (const other of REGISTRY.values()) {
    if (other === registration) continue;
    for (const option of Object.keys(registration.options)) {
      if (option in other.options) throw new Error(`broker "${registration.name}": option --${option} is already broker "${other.name}"'s`);
    }
  }
  REGISTRY.set(registration.name, registration);
  return registration;
}

/** Removes a broker registered by a test. */
export function unregisterBroker(name: string): void {
  REGISTRY.delete(name);
}

/** The registered brokers, the default (`sim`) first, then by name. */
export function registeredBrokers(): BrokerRegistration[] {
  return [...REGISTRY.values()].sort((a, b) => (a.name === DEFAULT_BROKER ? -1 : b.name === DEFAULT_BROKER ? 1 : a.name.localeCompare(b.name)));
}

export const DEFAULT_BROKER = 'sim';

/** The registration files next to this one: `broker-<name>.ts`. */
export function brokerFiles(): string[] {
  const dir = fileURLToPath(new URL('.', import.meta.url));
  return readdirSync(dir).filter((f) => /^broker-[a-z0-9-]+\.ts$/.test(f)).sort();
}

let loading: Promise<BrokerRegistration[]> | null = null;

/** Imports every `broker-<name>.ts` and registers its default export. Idempotent. */
export function loadBrokers(): Promise<BrokerRegistration[]> {
  loading ??= (async () => {
    for (const file of brokerFiles()) {
      const mod = (await import(new URL(file, import.meta.url).href)) as { default?: BrokerRegistration };
      if (!mod.default?.name || typeof mod.default.prepare !== 'function') throw new Error(`bin/wiring/${file} must default-export defineBroker({...})`);
      registerBroker(mod.default);
    }
    return registeredBrokers();
  })();
  return loading;
}
