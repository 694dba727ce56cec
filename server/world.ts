// Opening the endpoint's world: a scenario file or a share link, and the resource the code runs as.
import { readFile } from 'node:fs/promises';
import { load } from '../src/machine/sandbox.ts';
import { decodeShareLink, readShareParam } from '../src/persist/link.ts';
import type { SharedSandbox } from '../src/persist/saved.ts';
import { displayName, getResource, isSource, KINDS, parseScenarioText, type SourceResource, type World } from '../src/sim/index.ts';
import { expandId } from '../src/sim/arm.ts';
import { hasIdentity } from '../src/sim/identity-header.ts';

export type Opened = { ok: true; sandbox: SharedSandbox; from: string } | { ok: false; problem: string };

/** A scenario file (path) or a share link (a URL with #s=..., or the value alone). */
export async function openSource(source: string): Promise<Opened> {
  const param = readShareParam(source) ?? (/^mis\d+\./.test(source) ? source : null);
  if (param) {
    const link = await decodeShareLink(param);
    return link.ok ? { ok: true, sandbox: link.sandbox, from: 'the share link' } : { ok: false, problem: `the share link: ${link.message}` };
  }
  let text: string;
  try {
    text = await readFile(source, 'utf8');
  } catch (e) {
    return { ok: false, problem: `${source}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
  const parsed = parseScenarioText(text);
  if (!parsed.ok) return { ok: false, problem: `${source}: not a valid scenario: ${parsed.problem}` };
  // The whole file becomes undoable history, as when a file is imported in the browser.
  return { ok: true, sandbox: { scenario: parsed.scenario, base: 0, cursor: Number.MAX_SAFE_INTEGER }, from: source };
}

/** Code runs on compute that can reach a token endpoint of its own (not a logic app). */
function runsCode(r: unknown): r is SourceResource {
  return isSource(r as never) && KINDS[(r as SourceResource).kind].tokenEndpoint !== 'connector';
}

function find(world: World, ref: string): SourceResource | undefined {
  const byId = ref.startsWith('/') ? getResource(world, expandId(world, ref)) : undefined;
  if (byId) return runsCode(byId) ? byId : undefined;
  const named = Object.values(world.resources).filter((r) => runsCode(r) && (r.name.toLowerCase() === ref.toLowerCase() || displayName(r).toLowerCase() === ref.toLowerCase()));
  return named.length === 1 ? (named[0] as SourceResource) : undefined;
}

export type Chosen = { ok: true; sandbox: SharedSandbox; resource: SourceResource; note?: string } | { ok: false; problem: string };

/**
 * Seconds the sandbox clock must move for every role assignment of the world to have propagated, or 0.
 * The endpoint's clock moves only when someone advances it, so a scenario that grants a role in its
 * last steps would otherwise answer 403 until the learner advances the clock in the browser.
 */
export function settleSeconds(world: World): number {
  const latest = Math.max(0, ...Object.values(world.roleAssignments).map((a) => a.createdOn + world.settings.propagationDelay));
  return latest > world.now ? Math.ceil((latest - world.now) / 60) * 60 : 0;
}

/**
 * The resource the endpoint answers as, and the point in the history to open at. When the resource is
 * gone by the end of the scenario (a lesson that ends by deleting the VM), the endpoint opens just
 * before that step: the deletion stays in the redo future, one Redo away in the browser.
 */
export async function chooseResource(sandbox: SharedSandbox, as: string | undefined): Promise<Chosen> {
  const loaded = await load(sandbox.scenario, sandbox.base, sandbox.cursor);
  const worlds = [loaded.baseWorld, ...loaded.entries.map((e) => e.world)];
  const pick = (world: World): SourceResource | undefined => {
    if (as !== undefined) return find(world, as);
    const candidates = Object.values(world.resources).filter(runsCode) as SourceResource[];
    return candidates.find(hasIdentity) ?? candidates[0];
  };
  for (let cursor = loaded.cursor; cursor >= 0; cursor--) {
    const resource = pick(worlds[cursor]!);
    if (!resource) continue;
    const shared = { ...sandbox, cursor };
    if (cursor === loaded.cursor) return { ok: true, sandbox: shared, resource };
    const step = loaded.entries[cursor]!;
    return {
      ok: true,
      sandbox: shared,
      resource,
      note: `At the end of the scenario '${displayName(resource)}' is gone (step ${cursor + 1}: ${step.outcome.summary}) The endpoint opens the scenario just before that step. Take it again in the browser to see what your code gets then.`,
    };
  }
  const sources = Object.values(worlds[loaded.cursor]!.resources).filter(runsCode).map((r) => displayName(r));
  return {
    ok: false,
    problem:
      as !== undefined
        ? `no VM, app or container app named '${as}' is in the scenario${sources.length ? ` (there is ${sources.join(', ')})` : ''}. Give --as a resource id or a name.`
        : 'the scenario has no VM, App Service or Functions app, slot or container app for your code to run as.',
  };
}
