import type { Command } from '../command.ts';

/** Every command: a one-line summary for `tickwise --help`, and a lazy loader so a command imports only what it uses. */
export const COMMANDS: Record<string, { summary: string; load: () => Promise<{ default: Command }> }> = {};
