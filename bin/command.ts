import { parseArgs } from 'node:util';
import { twError } from '../engine/errors/index.ts';

export interface OptionSpec {
  type: 'string' | 'boolean';
  description: string;
  /** Shown in help; the command applies it itself. */
  default?: string | boolean;
  short?: string;
  multiple?: boolean;
  /** Placeholder in help, e.g. `DIR`. */
  arg?: string;
}

export interface CommandIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** A CLI command: its help and its run function. Exit codes: 0 ok, 1 the command's check failed, 2 usage or config. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: Record<string, OptionSpec>;
  positionals?: string;
  examples?: string[];
  run(args: ParsedArgs, io: CommandIO): Promise<number>;
}

export function defineCommand(command: Command): Command {
  return command;
}

export function parseCommandArgs(command: Command, argv: string[]): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries(command.options)) {
    options[name] = { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) };
  }
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: !!command.positionals, strict: true });
    return { values: values as ParsedArgs['values'], positionals };
  } catch (e) {
    const msg = (e as Error).message;
    const option = /'(-{1,2}[^']+)'/.exec(msg)?.[1] ?? msg;
    if ((e as { code?: string }).code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      throw twError('TW_CLI_BAD_OPTION_VALUE', { option: option.replace(/^-+/, '').split(' ')[0], problem: 'is missing its value or has the wrong kind of value', expected: `run \`tickwise ${command.name} --help\`` });
    }
    if ((e as { code?: string }).code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      throw twError('TW_CLI_UNKNOWN_OPTION', { option: option, command: command.name });
    }
    throw twError('TW_CLI_UNKNOWN_OPTION', { option, command: command.name });
  }
}

export function commandHelp(command: Command): string {
  const lines = [`tickwise ${command.name}: ${command.summary}`, '', `Usage: ${command.usage}`, ''];
  if (Object.keys(command.options).length > 0) {
    lines.push('Options:');
    const rows = Object.entries(command.options).map(([name, spec]) => {
      const flag = `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.type === 'string' ? ` ${spec.arg ?? 'VALUE'}` : ''}`;
      const def = spec.default !== undefined ? ` (default: ${String(spec.default)})` : '';
      return [flag, `${spec.description}${def}`];
    });
    rows.push(['-h, --help', 'show this help']);
    const width = Math.max(...rows.map((r) => r[0].length)) + 2;
    for (const [flag, text] of rows) lines.push(`  ${flag.padEnd(width)}${text}`);
    lines.push('');
  }
  if (command.examples?.length) {
    lines.push('Examples:', ...command.examples.map((e) => `  ${e}`), '');
  }
  lines.push('Exit codes: 0 ok, 1 the check failed, 2 usage error or invalid configuration.');
  return lines.join('\n') + '\n';
}

/** Reads a numeric option, with a clear usage error when it is not a number in range. */
export function numberOption(values: ParsedArgs['values'], name: string, fallback: number, range: { min?: number; max?: number; integer?: boolean } = {}): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  const bad = typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(n) || (range.integer && !Number.isInteger(n)) || (range.min !== undefined && n < range.min) || (range.max !== undefined && n > range.max);
  if (bad) {
    const want = [range.integer ? 'a whole number' : 'a number', range.min !== undefined ? `>= ${range.min}` : '', range.max !== undefined ? `<= ${range.max}` : ''].filter(Boolean).join(' ');
    throw twError('TW_CLI_BAD_OPTION_VALUE', { option: name, problem: `must be ${want}, got "${String(raw)}"`, expected: `give --${name} ${want}` });
  }
  return n;
}

/** Reads an option that must be one of a fixed set of choices. */
export function choiceOption<T extends string>(values: ParsedArgs['values'], name: string, choices: readonly T[], fallback: T): T {
  const raw = values[name];
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || !choices.includes(raw as T)) {
    throw twError('TW_CLI_BAD_OPTION_VALUE', { option: name, problem: `must be one of ${choices.join(', ')}, got "${String(raw)}"`, expected: `use one of: ${choices.join(', ')}` });
  }
  return raw as T;
}
