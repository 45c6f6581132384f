/**
 * facts.yaml: schema, then per derived fact its name (new, not shadowing a catalogue fact), its expression (engine/expr:
 * syntax, names, types, units, division by zero), cycles between derived facts, the scope it reads, and its declared
 * unit. Every problem is a finding at the file:line:col of the offending token inside the expression string.
 */
import { isScalar, Scalar } from 'yaml';
import { FACTS_BY_NAME, type FactSpec } from '../catalogue/index.ts';
import { checkExpr, factsRead, parseExpr, PLAIN, unitAgrees, type Expr, type NameInfo } from '../expr/index.ts';
import type { DerivedFactConfig, Finding, ResolvedDerivedFact, Scope } from './types.ts';
import { finding, suggest, type Where } from './finding.ts';
import { nodeAt, whereAt, whereOffset, type ParsedFile } from './locate.ts';
import { schemaCheck } from './schema-check.ts';
import { isRecord } from './walk.ts';

export interface FactsChecked {
  /** The derived facts in dependency order (complete only when there are no error findings). */
  facts: ResolvedDerivedFact[];
  /** Every derived fact whose name and unit could be read, as rules see it (for the condition checks). */
  specs: Map<string, FactSpec>;
  findings: Finding[];
}

interface Item { fact: DerivedFactConfig; pointer: string; expr: Expr | null }

/** Where the token at `offset` of the expression at `pointer` is (plain and quoted scalars; a block scalar: its start). */
export function exprWhere(file: ParsedFile, pointer: string, offset: number): Where {
  const node = nodeAt(file, pointer);
  const start = node?.range?.[0];
  if (!isScalar(node) || start === undefined) return whereAt(file, pointer);
  const shift = node.type === Scalar.PLAIN ? 0 : node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE ? 1 : null;
  return shift === null ? whereAt(file, pointer) : whereOffset(file.path, file.lineCounter, start + shift + offset, pointer);
}

const blocked = (findings: readonly Finding[], i: number) => findings.some((f) => f.pointer === `/facts/${i}` || f.pointer.startsWith(`/facts/${i}/`));

export function checkFactsFile(file: ParsedFile): FactsChecked {
  const findings = schemaCheck(file, 'facts');
  const list = isRecord(file.data) && Array.isArray(file.data.facts) ? file.data.facts : [];
  const items = new Map<string, Item>();
  const specs = new Map<string, FactSpec>();
  list.forEach((raw, i) => {
    const pointer = `/facts/${i}`;
    if (!isRecord(raw)) return;
    const fact = raw as unknown as DerivedFactConfig;
    if (blocked(findings, i)) {
      // Rules may still use it: known by name (so not an unknown fact there), with no unit to check against.
      if (typeof fact.name === 'string' && !FACTS_BY_NAME.has(fact.name)) specs.set(fact.name, { name: fact.name, scope: fact.scope === 'position' || fact.scope === 'portfolio' ? fact.scope : 'position', type: 'number', unit: 'ratio', description: '', example: 0 });
      return;
    }
    if (FACTS_BY_NAME.has(fact.name)) {
      findings.push(finding('TW_FACTS_NAME_TAKEN', { fact: fact.name, problem: 'has the name of a catalogue fact, which it would shadow', expected: 'give it a new name' }, whereAt(file, `${pointer}/name`)));
      return;
    }
    if (items.has(fact.name)) {
      findings.push(finding('TW_FACTS_NAME_TAKEN', { fact: fact.name, problem: `is defined twice (first at line ${whereAt(file, `${items.get(fact.name)!.pointer}/name`).line})`, expected: 'rename one, or remove it' }, whereAt(file, `${pointer}/name`)));
      return;
    }
    const parsed = parseExpr(fact.expr);
    if (!parsed.ok) findings.push(finding('TW_FACTS_SYNTAX', { fact: fact.name, problem: parsed.error.problem, expected: parsed.error.expected }, exprWhere(file, `${pointer}/expr`, parsed.error.offset)));
    items.set(fact.name, { fact, pointer, expr: parsed.ok ? parsed.expr : null });
    specs.set(fact.name, { name: fact.name, scope: fact.scope ?? 'portfolio', type: fact.unit === 'boolean' ? 'boolean' : 'number', unit: fact.unit as FactSpec['unit'], description: fact.description, example: fact.unit === 'boolean' ? true : 0 });
  });

  const order = dependencyOrder(items, file, findings);
  const facts: ResolvedDerivedFact[] = [];
  const names = [...FACTS_BY_NAME.keys(), ...items.keys()];
  for (const name of order) {
    const item = items.get(name)!;
    if (item.expr === null) continue;
    const checked = checkOne(item, file, specs, names, findings);
    if (checked) {
      facts.push(checked);
      specs.set(name, { ...specs.get(name)!, scope: checked.scope });
    }
  }
  return { facts, specs, findings };
}

function checkOne(item: Item, file: ParsedFile, specs: ReadonlyMap<string, FactSpec>, names: readonly string[], findings: Finding[]): ResolvedDerivedFact | null {
  const { fact, pointer } = item;
  const expr = item.expr!;
  const resolve = (n: string): NameInfo | undefined => {
    const s = FACTS_BY_NAME.get(n) ?? specs.get(n);
    return s ? { type: s.type, unit: s.unit, scope: s.scope } : undefined;
  };
  const result = checkExpr(expr, { resolve, names, onZeroNull: fact.onZero === null, suggest });
  const at = (offset: number) => exprWhere(file, `${pointer}/expr`, offset);
  for (const issue of result.issues) findings.push(finding(issue.code, { fact: fact.name, ...issue.params }, at(issue.at)));
  if (result.issues.length > 0) return null;
  const reads = factsRead(expr);
  const entryFact = reads.find((n) => resolve(n)?.scope === 'entry');
  if (entryFact) {
    findings.push(finding('TW_FACTS_SCOPE', { fact: fact.name, problem: `reads the entry fact "${entryFact}"`, expected: 'derived facts are computed for rules, which do not see entry facts; use position or portfolio facts' }, at(firstOffset(expr, entryFact))));
    return null;
  }
  const positionFact = reads.find((n) => resolve(n)?.scope === 'position');
  const scope: Scope = fact.scope ?? (positionFact ? 'position' : 'portfolio');
  if (scope === 'portfolio' && positionFact) {
    findings.push(finding('TW_FACTS_SCOPE', { fact: fact.name, problem: `is declared scope: portfolio but reads the position fact "${positionFact}"`, expected: 'remove `scope` (it is inferred: position), or compute it from portfolio facts' }, whereAt(file, `${pointer}/scope`)));
    return null;
  }
  const type = result.type!;
  const inferred = type.t === 'boolean' ? 'boolean' : type.unit;
  const agrees = type.t === 'boolean' ? fact.unit === 'boolean' : unitAgrees(fact.unit, type.unit);
  if (!agrees) {
    findings.push(finding('TW_FACTS_UNIT_DECLARED', { fact: fact.name, declared: fact.unit, inferred: inferred === PLAIN ? 'plain numbers' : inferred, expected: inferred === PLAIN ? 'declare a numeric unit' : `declare unit: ${inferred}` }, whereAt(file, `${pointer}/unit`)));
    return null;
  }
  return { name: fact.name, expr: fact.expr, unit: fact.unit, description: fact.description, scope, onZeroNull: fact.onZero === null, reads, source: whereAt(file, pointer) };
}

function firstOffset(e: Expr, name: string): number {
  if (e.k === 'fact') return e.name === name ? e.at : -1;
  const kids = e.k === 'neg' || e.k === 'not' ? [e.arg] : e.k === 'bin' ? [e.left, e.right] : e.k === 'call' ? e.args : [];
  for (const k of kids) {
    const o = firstOffset(k, name);
    if (o >= 0) return o;
  }
  return -1;
}

/** Derived facts in dependency order; each cycle is one finding (at its first fact's expression) and is left out. */
function dependencyOrder(items: ReadonlyMap<string, Item>, file: ParsedFile, findings: Finding[]): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done' | 'cyclic'>();
  const visit = (name: string, path: string[]): boolean => {
    const s = state.get(name);
    if (s === 'done') return true;
    if (s === 'cyclic') return false;
    if (s === 'visiting') {
      const cycle = [...path.slice(path.indexOf(name)), name];
      const head = items.get(name)!;
      findings.push(finding('TW_FACTS_CYCLE', { cycle: cycle.join(' → ') }, exprWhere(file, `${head.pointer}/expr`, firstOffset(head.expr!, cycle[1]))));
      for (const n of cycle) state.set(n, 'cyclic');
      return false;
    }
    state.set(name, 'visiting');
    const deps = (items.get(name)!.expr ? factsRead(items.get(name)!.expr!) : []).filter((n) => items.has(n));
    let ok = true;
    for (const d of deps) ok = visit(d, [...path, name]) && ok;
    if (state.get(name) === 'cyclic') return false;
    state.set(name, ok ? 'done' : 'cyclic');
    if (ok) order.push(name);
    return ok;
  };
  for (const name of items.keys()) visit(name, []);
  return order;
}
