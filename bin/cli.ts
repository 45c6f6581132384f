import { COMMANDS } from './commands/index.ts';
import { commandHelp, parseCommandArgs, type CommandIO } from './command.ts';
import { isTickwiseError, twError } from '../engine/errors/index.ts';

function topHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length)) + 2;
  return [
    'tickwise: manage options positions from declarative configuration',
    '',
    'Usage: tickwise <command> [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}${c.summary}`),
    '',
    'Run `tickwise <command> --help` for a command\'s options.',
    'Exit codes: 0 ok, 1 the check failed, 2 usage error or invalid configuration.',
    '',
  ].join('\n');
}

/** The single place where errors become messages and exit codes. Returns the exit code. */
export async function main(argv: string[], io: CommandIO = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env }): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(topHelp());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write('tickwise 0.1.0\n');
    return 0;
  }
  try {
    const entry = COMMANDS[name];
    if (!entry) throw name.startsWith('-') ? twError('TW_CLI_UNKNOWN_TOP_OPTION', { option: name }) : twError('TW_CLI_UNKNOWN_COMMAND', { command: name });
    const command = (await entry.load()).default;
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(commandHelp(command));
      return 0;
    }
    return await command.run(parseCommandArgs(command, rest), io);
  } catch (e) {
    if (isTickwiseError(e)) {
      io.stderr.write(`error ${e.describe()}\n`);
      return e.exit;
    }
    io.stderr.write(`internal error (a bug in tickwise, please report it with this trace):\n${(e as Error)?.stack ?? String(e)}\n`);
    return 1;
  }
}
