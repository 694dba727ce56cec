// A saved sandbox: what rebuilds the sandbox actor as the learner left it, the redo future included.
// Autosave and share links both carry this shape (files carry only the scenario), and both go
// through `upgrade` and `checkSaved` before anything is applied.
import * as v from 'valibot';
import type { SandboxContext, SandboxEvent } from '../machine/sandbox.ts';
import { describeIssues, parseScenario, scenarioOf, type Scenario } from '../sim/index.ts';

export interface SavedSandbox {
  /** The header, the base actions, then every history entry (the redo future included). */
  scenario: Scenario;
  /** How many of the scenario's actions are the base, which the learner cannot undo. */
  base: number;
  /** How many history entries are in effect. */
  cursor: number;
  /** When it was saved, ISO 8601. */
  savedAt: string;
}

/** A saved sandbox without the time: what a share link carries. */
export type SharedSandbox = Omit<SavedSandbox, 'savedAt'>;

export type LoadEvent = Extract<SandboxEvent, { type: 'LOAD' }>;

/** The version of the saved shape, in autosaves and share links. Bump it when the shape changes. */
export const SAVED_VERSION = 1;

/**
 * MIGRATIONS[n] turns version-n data (parsed JSON, unchecked) into version n+1. There are none yet:
 * version 1 is the first. New fields should be optional so that most steps are the identity.
 */
export const MIGRATIONS: Readonly<Record<number, (data: unknown) => unknown>> = {};

export function savedFrom(c: Pick<SandboxContext, 'header' | 'base' | 'entries' | 'cursor'> & Partial<Pick<SandboxContext, 'startCount'>>, now: Date = new Date()): SavedSandbox {
  // Steps folded into the base (past the undo limit) are saved as history, as they were made.
  const start = Math.min(c.startCount ?? c.base.length, c.base.length);
  return {
    scenario: scenarioOf(c.header, [...c.base, ...c.entries.map((e) => e.action)]),
    base: start,
    cursor: c.base.length - start + c.cursor,
    savedAt: now.toISOString(),
  };
}

export function loadEventOf(s: SharedSandbox): LoadEvent {
  return { type: 'LOAD', scenario: s.scenario, base: s.base, cursor: s.cursor };
}

export type Upgrade = { ok: true; data: unknown } | { ok: false; reason: 'newer' | 'older' };

/** Bring data saved by version `from` up to `to`, one migration at a time. */
export function upgrade(data: unknown, from: number, { to = SAVED_VERSION, migrations = MIGRATIONS } = {}): Upgrade {
  if (from > to) return { ok: false, reason: 'newer' };
  for (let version = from; version < to; version++) {
    const step = migrations[version];
    if (!step) return { ok: false, reason: 'older' };
    try {
      data = step(data);
    } catch {
      return { ok: false, reason: 'older' };
    }
  }
  return { ok: true, data };
}

const Count = v.pipe(v.number(), v.integer(), v.minValue(0));
const SavedSchema = v.strictObject({
  scenario: v.unknown(),
  base: Count,
  cursor: Count,
  savedAt: v.optional(v.pipe(v.string(), v.isoTimestamp())),
});

export type SavedCheck = { ok: true; saved: SharedSandbox & { savedAt?: string } } | { ok: false; problem: string };

/** Validate untrusted current-version data; problems are named by their path, as in scenario files. */
export function checkSaved(input: unknown): SavedCheck {
  const outer = v.safeParse(SavedSchema, input);
  if (!outer.success) return { ok: false, problem: describeIssues(outer.issues) };
  const { scenario: raw, base, cursor, savedAt } = outer.output;
  const parsed = parseScenario(raw);
  if (!parsed.ok) return { ok: false, problem: parsed.problem };
  const scenario = parsed.scenario;
  if (base > scenario.actions.length) return { ok: false, problem: `base: ${base} is more than the ${scenario.actions.length} actions` };
  if (cursor > scenario.actions.length - base) return { ok: false, problem: `cursor: ${cursor} is more than the ${scenario.actions.length - base} history actions` };
  return { ok: true, saved: { scenario, base, cursor, ...(savedAt !== undefined ? { savedAt } : {}) } };
}
