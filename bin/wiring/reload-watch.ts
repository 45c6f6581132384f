/**
 * Watching the config for hot reload, symbolic links included (docs/reload.md, "Watching"). node:fs.watch on a
 * folder reports changes to the entries of that folder only, so a link is watched where it points: the folder a
 * linked `rules/x.yaml` or `strategies.yaml` points into (filtered to the target's name), the real folders behind a
 * linked config folder and `rules/`, and the folder holding the config folder itself, so that a deploy that swaps a
 * link (`ln -s v2 cur.tmp && mv -T cur.tmp current`) is seen. `refresh()` re-resolves every link and re-arms what
 * changed (the reloader calls it on every change, before reloading); watches are keyed by folder and inode, so a
 * folder deleted and created again is watched anew.
 */
import { lstatSync, readdirSync, readlinkSync, realpathSync, statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ALERTS_FILE, FACTS_FILE, isRulesFileName, STRATEGIES_FILE } from '../../engine/config/index.ts';

/** Maps a file name seen in a watched folder to the config path it concerns (`rules/x.yaml`), or null. */
type Matcher = (name: string) => string | null;

export interface ConfigWatcher {
  /** Re-resolves links and re-arms the watches that changed. */
  refresh(): void;
  close(): void;
}

export function watchConfig(configDir: string, onChange: (rel: string) => void, onError: (err: unknown) => void): ConfigWatcher {
  const armed = new Map<string, { watcher: FSWatcher; matchers: Matcher[] }>();
  let closed = false;

  function refresh(): void {
    if (closed) return;
    const wanted = targets(configDir);
    for (const [key, w] of armed) {
      if (wanted.has(key)) continue;
      w.watcher.close();
      armed.delete(key);
    }
    for (const [key, t] of wanted) {
      const existing = armed.get(key);
      if (existing) {
        existing.matchers = t.matchers;
        continue;
      }
      try {
        const entry = { watcher: null as unknown as FSWatcher, matchers: t.matchers };
        entry.watcher = watch(t.dir, { persistent: false }, (_event, filename) => {
          const names = filename ? [filename.toString()] : null;
          for (const m of entry.matchers) {
            const rel = names ? m(names[0]) : m('*');
            if (rel !== null) onChange(rel);
          }
        });
        entry.watcher.on('error', (err) => {
          if (armed.get(key) === entry) armed.delete(key);
          entry.watcher.close();
          if (t.required) onError(err);
        });
        armed.set(key, entry);
      } catch (err) {
        // rules/ may not exist yet (the config folder's watch re-arms it when it appears); the folder itself must.
        if (t.required) onError(err);
      }
    }
  }

  refresh();
  return {
    refresh,
    close: () => {
      closed = true;
      for (const w of armed.values()) w.watcher.close();
      armed.clear();
    },
  };
}

interface Target {
  dir: string;
  matchers: Matcher[];
  required: boolean;
}

/** Every folder to watch, keyed by real path and inode, with what its events mean. */
function targets(configDir: string): Map<string, Target> {
  const out = new Map<string, Target>();
  const add = (dir: string, matcher: Matcher, required = false) => {
    const ino = statSync(dir, { throwIfNoEntry: false })?.ino;
    if (ino === undefined) return;
    const key = `${dir}\u0000${ino}`;
    const t = out.get(key) ?? { dir, matchers: [], required: false };
    t.matchers.push(matcher);
    t.required ||= required;
    out.set(key, t);
  };
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return null;
    }
  };
  const only = (name: string, rel: string): Matcher => (n) => (n === name || n === '*' ? rel : null);

  // The folder holding the config folder: the config folder (or the link to it) being replaced.
  add(dirname(resolve(configDir)), only(basename(resolve(configDir)), '.'));
  const root = real(configDir) ?? configDir;
  add(root, (n) => (n === STRATEGIES_FILE || n === FACTS_FILE || n === ALERTS_FILE || n === 'rules' ? n : n === '*' ? '*' : null), true);
  const rulesDir = real(join(configDir, 'rules'));
  if (rulesDir) add(rulesDir, (n) => (n === '*' ? 'rules/*' : isRulesFileName(n) ? `rules/${n}` : null));

  // Linked files: watch the folder the link points into, for the target's name (dangling links too: the target
  // appearing is a change).
  let names: string[] = [];
  try {
    names = rulesDir ? readdirSync(rulesDir).filter(isRulesFileName) : [];
  } catch {
    names = [];
  }
  const files = [[join(root, STRATEGIES_FILE), STRATEGIES_FILE], [join(root, FACTS_FILE), FACTS_FILE], ...names.map((n) => [join(rulesDir!, n), `rules/${n}`])];
  for (const [abs, rel] of files) {
    const target = linkTarget(abs);
    if (target) add(dirname(target), only(basename(target), rel));
  }
  return out;
}

/** The final target of a link (resolved through every hop when it exists; the first hop's target when dangling). */
function linkTarget(abs: string): string | null {
  try {
    if (!lstatSync(abs).isSymbolicLink()) return null;
  } catch {
    return null;
  }
  try {
    return realpathSync(abs);
  } catch {
    try {
      return resolve(dirname(abs), readlinkSync(abs));
    } catch {
      return null;
    }
  }
}
