import { COMMANDS } from './commands/index.ts';
import { commandHelp } from './command.ts';
import { renderBrokersSection } from './wiring/brokers-doc.ts';

/** docs/cli.md, rendered from the commands' own definitions (`npm run gen:docs`); a test fails when it drifts. */
export async function renderCliDoc(): Promise<string> {
  const parts = [
    '# The tickwise CLI',
    '',
    '<!-- Generated from bin/commands/*.ts by `npm run gen:docs`. Do not edit by hand. -->',
    '',
    'Run it as `npx tickwise <command>` in a clone after `npm install` (`npm start` is `tickwise start` with the defaults).',
    'Every command answers `--help`. Exit codes: 0 ok, 1 the command\'s check failed, 2 usage error or invalid',
    'configuration. Errors print as `error CODE message (hint)`; codes are listed in [errors.md](errors.md).',
    '',
    '| command | what it does |',
    '|---|---|',
    ...Object.entries(COMMANDS).map(([name, c]) => `| [\`${name}\`](#tickwise-${name}) | ${c.summary} |`),
    '',
  ];
  for (const [name, entry] of Object.entries(COMMANDS)) {
    const command = (await entry.load()).default;
    parts.push(`## tickwise ${name}`, '', '```text', commandHelp(command).trimEnd(), '```', '');
  }
  parts.push(...(await renderBrokersSection()));
  return parts.join('\n');
}
