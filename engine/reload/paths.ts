/**
 * Which file-system events concern the config. Editors save in many ways: in place, or by writing a temporary file
 * (`.exits.yaml.swp`, `exits.yaml~`, `exits.yaml.tmp`, `exits.yaml___jb_tmp___`, `4913`, `.#exits.yaml`) and renaming
 * it over the real one. Only the real names matter: the rename shows up as an event on them.
 */
import { isRulesFileName } from '../config/load.ts';

/** True for `strategies.yaml`, the `rules` folder itself, and the rules files the reader reads (`isRulesFileName`). */
export function isWatchedConfigPath(relPath: string): boolean {
  const p = relPath.replace(/\\/g, '/');
  if (p === 'strategies.yaml' || p === 'facts.yaml' || p === 'alerts.yaml' || p === 'rules') return true;
  const m = /^rules\/([^/]+)$/.exec(p);
  return m ? isRulesFileName(m[1]) : false;
}
