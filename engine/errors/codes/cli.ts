import { defineErrors } from '../define.ts';

/** Codes for the command line itself. Owner: bin/. */
export const cliErrors = defineErrors({
  TW_CLI_UNKNOWN_COMMAND: {
    message: 'unknown command "{command}"',
    hint: 'run `tickwise --help` to list the commands',
    fix: 'Check the spelling of the command. `tickwise --help` lists every command; `tickwise <command> --help` lists its options.',
    exit: 2,
  },
  TW_CLI_UNKNOWN_OPTION: {
    message: 'unknown option "{option}" for `tickwise {command}`',
    hint: 'run `tickwise {command} --help` to list its options',
    fix: 'Remove the option or correct its spelling; every command lists its options with `--help`.',
    exit: 2,
  },
  TW_CLI_UNKNOWN_TOP_OPTION: {
    message: 'unknown option "{option}": tickwise takes a command first',
    hint: 'run `tickwise --help` to list the commands, `tickwise <command> --help` for their options',
    fix: 'Only `--help` and `--version` come before the command. Put options after the command they belong to, e.g. `tickwise validate --config DIR`.',
    exit: 2,
  },
  TW_CLI_BAD_OPTION_VALUE: {
    message: 'option --{option} {problem}',
    hint: '{expected}',
    fix: 'Give the option a value of the kind its `--help` line describes (a number, one of the listed choices, a path that exists).',
    exit: 2,
  },
  TW_CLI_MISSING_OPTION: {
    message: '`tickwise {command}` needs --{option}',
    hint: 'run `tickwise {command} --help` for an example',
    fix: 'Add the required option. The command\'s `--help` shows a complete example.',
    exit: 2,
  },
  TW_CLI_PORT_IN_USE: {
    message: 'cannot serve the API on {host}:{port}: {reason}',
    hint: 'pick another port with --port (0 = any free port), or --no-api',
    fix: 'Another program (often another tickwise) already listens on that address. Stop it, choose another --port, or run without the API (--no-api).',
    exit: 2,
  },
});
