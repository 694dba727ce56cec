// Model-based journeys: seeded random sequences of what a person does in the free sandbox (create,
// identity on/off, grant, token, call, delete, undo, redo, timeline jump, reload, share link, import, new
// empty, restart, a lesson opened and restarted), each starting from a sandbox with work. After every
// step the page must show what the headless simulation (src/sim, run here on the same actions) says:
// the explorer's names, every timeline row with its mark, the current step and the clock. Any console
// or page error fails the run.
//
// CI runs MODEL_SEQUENCES (default 6) sequences of MODEL_STEPS (default 12) steps from MODEL_SEED;
// a failure prints its seed: `MODEL_SEED=<seed> MODEL_SEQUENCES=1 npx playwright test journeys-model`.
//
// Actions are built here from what was clicked, as the UI builds them, except a token request and a
// target call: their forms hold many defaults, so the action is read from the page's save and the
// check is that the page's outcome and world equal the headless ones for that action.
import { expect, test, type Page } from '@playwright/test';
import { autosaveKey } from '../../src/persist/autosave.ts';
import { apply, describeAction, replay, type Action, type Outcome, type World } from '../../src/sim/index.ts';
import { EXAMPLES } from '../../src/ui/examples.ts';
import { formatClock } from '../../src/ui/format.ts';
import { explorer, watchErrors } from './helpers.ts';

const SEQUENCES = Number(process.env.MODEL_SEQUENCES ?? 6);
const STEPS = Number(process.env.MODEL_STEPS ?? 12);
const SEED = Number(process.env.MODEL_SEED ?? 20261129);
/** New empty sandboxes take their seed from the time: the page's clock is fixed so the model knows it. */
const FIXED_NOW = Date.parse('2026-11-29T12:00:00Z');

interface Entry {
  action: Action;
  /** Later steps this one replaced (acting after a jump); in memory only, like the app's. */
  replaced?: Entry[];
}
interface Model {
  seed: string;
  base: Action[];
  entries: Entry[];
  cursor: number;
}
interface Computed {
  baseWorld: World;
  worlds: World[];
  outcomes: Outcome[];
}

function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T,>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]! };
}

async function compute(m: Model): Promise<Computed> {
  const { world: baseWorld } = await replay({ seed: m.seed, actions: m.base });
  const worlds: World[] = [];
  const outcomes: Outcome[] = [];
  let world = baseWorld;
  for (const e of m.entries) {
    const step = await apply(world, e.action);
    if (!step.outcome.ok) throw new Error(`model: an entry was refused: ${JSON.stringify(e.action)} ${step.outcome.error?.code}`);
    worlds.push(step.world);
    outcomes.push(step.outcome);
    world = step.world;
  }
  return { baseWorld, worlds, outcomes };
}

const worldOf = (m: Model, c: Computed) => (m.cursor === 0 ? c.baseWorld : c.worlds[m.cursor - 1]!);

/** Apply an action as the app does: a refused one joins no history; one after a jump replaces the later steps. */
async function act(m: Model, action: Action): Promise<boolean> {
  const c = await compute(m);
  const step = await apply(worldOf(m, c), action);
  if (!step.outcome.ok) return false;
  const replaced = m.entries.slice(m.cursor);
  m.entries = [...m.entries.slice(0, m.cursor), { action, ...(replaced.length ? { replaced } : {}) }];
  m.cursor = m.entries.length;
  return true;
}

function mark(o: Outcome): string {
  const code = o.http?.response.status;
  if (code === 0) return '✗ no answer';
  if (code !== undefined) return `${code >= 400 ? '✗' : '✓'} ${code}`;
  return '✓ done';
}

interface Summary {
  names: string[];
  labels: string[];
  marks: string[];
  current: string;
  clock: string;
}

async function expected(m: Model): Promise<Summary> {
  const c = await compute(m);
  const w = worldOf(m, c);
  const names = [
    'Start page',
    ...Object.values(w.subscriptions).map((s) => s.displayName),
    ...Object.values(w.resourceGroups).map((g) => g.name),
    ...Object.values(w.resources).map((r) => (r.kind === 'slot' ? r.name.split('/')[1]! : r.name)),
    ...Object.values(w.servicePrincipals).map((p) => p.displayName),
    ...Object.values(w.applications).map((a) => a.displayName),
    'Tokens and signing keys',
    // Outside Azure: always there, a machine with no managed identity to compare with.
    'Your laptop',
  ].sort();
  const labels = [m.base.length ? 'Start of the scenario' : 'Empty sandbox', ...m.entries.map((e, i) => describeAction(i === 0 ? c.baseWorld : c.worlds[i - 1]!, e.action))];
  return { names, labels, marks: c.outcomes.map(mark), current: String(m.cursor), clock: formatClock(w.now) };
}

async function onPage(page: Page): Promise<Summary> {
  const t = page.getByRole('region', { name: 'Timeline' });
  const names = (await explorer(page).locator('.tree-node .name').allTextContents()).map((s) => s.trim()).sort();
  const labels = (await t.locator('li .label').allTextContents()).map((s) => s.trim());
  const marks = (await t.locator('li .mark').allTextContents()).map((s) => s.trim());
  const current = ((await t.locator('button[aria-current="step"] .n').textContent({ timeout: 2000 }).catch(() => '?')) ?? '?').trim();
  const clock = ((await page.getByTestId('clock').textContent()) ?? '').trim();
  return { names, labels, marks, current, clock };
}

/** The page's saved scenario: base count and the actions after it. */
async function saved(page: Page): Promise<{ base: number; cursor: number; actions: Action[] } | null> {
  const text = await page.evaluate((key) => localStorage.getItem(key), autosaveKey());
  if (!text) return null;
  const s = JSON.parse(text) as { base: number; cursor: number; scenario: { actions: Action[] } };
  return { base: s.base, cursor: s.cursor, actions: s.scenario.actions.slice(s.base) };
}

const canon = (v: unknown): string => JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x));

/** Wait until the page's save holds the history as the model has it (the save follows within 300 ms). */
async function saveCaughtUp(page: Page, m: Model): Promise<void> {
  const all = m.entries.map((e) => canon(e.action));
  await expect
    .poll(async () => {
      const s = await saved(page);
      return !!s && s.cursor === m.cursor && s.actions.length === all.length && s.actions.every((a, i) => canon(a) === all[i]);
    })
    .toBe(true);
}

/** After a token request or a call: the action the page took, read from its save (null when refused or not sent). */
async function actionTaken(page: Page, m: Model): Promise<Action | null> {
  // Generous: on a busy 2-core machine the autosave can trail the click by seconds.
  const deadline = Date.now() + 8000;
  const prefix = m.entries.slice(0, m.cursor).map((e) => canon(e.action));
  while (Date.now() < deadline) {
    const s = await saved(page);
    // A new action leaves the history one step past the old cursor, and nothing after it.
    if (s && s.cursor === m.cursor + 1 && s.actions.length === m.cursor + 1 && s.actions.slice(0, m.cursor).every((a, i) => canon(a) === prefix[i])) return s.actions[m.cursor]!;
    await page.waitForTimeout(150);
  }
  return null;
}

const vmButton = (page: Page, name: string) => explorer(page).getByRole('button', { name: new RegExp(`^VM\\s+${name}(\\s|$)`) });

type Op = (page: Page, m: Model, r: ReturnType<typeof rng>, n: number) => Promise<string | null>;

const live = async (m: Model) => worldOf(m, await compute(m));

const OPS: Record<string, Op> = {
  async create(page, m, r, n) {
    const w = await live(m);
    const groups = Object.values(w.resourceGroups);
    if (!groups.length) {
      await page.getByRole('button', { name: '+ Create', exact: true }).click();
      const d = page.getByRole('dialog', { name: 'Create a resource' });
      await d.getByRole('button', { name: 'Create one first' }).click();
      const g = page.getByRole('dialog', { name: 'Create a resource group' });
      await g.getByLabel('Name').fill(`rg-m${n}`);
      await g.getByRole('button', { name: 'Create', exact: true }).click();
      await expect(g).toBeHidden();
      await act(m, { type: 'resourceGroup.create', name: `rg-m${n}` });
      return `create resource group rg-m${n}`;
    }
    const group = r.pick(groups).name;
    const [type, action] = r.pick([
      ['Virtual machine', { type: 'resource.create', kind: 'vm', resourceGroup: group, name: `vm-${n}` }],
      ['User-assigned managed identity', { type: 'resource.create', kind: 'userAssignedIdentity', resourceGroup: group, name: `id-${n}` }],
      ['Key vault', { type: 'resource.create', kind: 'keyVault', resourceGroup: group, name: `kv-model-${n}`, permissionModel: 'rbac' }],
    ] as const);
    await page.getByRole('button', { name: '+ Create', exact: true }).click();
    const d = page.getByRole('dialog', { name: 'Create a resource' });
    await d.getByLabel('Type').selectOption({ label: type });
    await d.getByLabel('Resource group').selectOption(group);
    await d.getByLabel('Name').fill(action.name);
    await d.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(d).toBeHidden();
    await act(m, action as Action);
    return `create ${type} ${action.name} in ${group}`;
  },

  async identity(page, m, r) {
    const vms = Object.values((await live(m)).resources).filter((x) => x.kind === 'vm');
    if (!vms.length) return null;
    const vm = r.pick(vms);
    const on = 'identity' in vm && !!vm.identity.systemAssigned;
    await vmButton(page, vm.name).click();
    await page.getByRole('main').getByRole('tab', { name: 'Identity' }).click();
    await page.getByRole('switch', { name: 'Status' }).click();
    if (on) await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await act(m, { type: on ? 'identity.system.disable' : 'identity.system.enable', resourceId: vm.id });
    return `turn ${on ? 'off' : 'on'} the identity of ${vm.name}`;
  },

  async grant(page, m, r) {
    const w = await live(m);
    const vaults = Object.values(w.resources).filter((x) => x.kind === 'keyVault');
    const sps = Object.values(w.servicePrincipals).filter((p) => p.owner.kind !== 'application');
    if (!vaults.length || !sps.length) return null;
    const vault = r.pick(vaults);
    const sp = r.pick(sps);
    const owner = sp.owner.kind === 'systemAssigned' ? w.resources[sp.owner.resourceId.toLowerCase()] : undefined;
    const label = `${sp.displayName} — ${sp.owner.kind === 'systemAssigned' ? `system-assigned identity of ${owner?.name ?? '?'}` : 'user-assigned identity'}`;
    const role = r.pick(['Key Vault Secrets User', 'Reader', 'Key Vault Reader']);
    await explorer(page).getByRole('button', { name: new RegExp(`^Key vault\\s+${vault.name}(\\s|$)`) }).click();
    await page.getByRole('main').getByRole('tab', { name: 'Access control (IAM)' }).click();
    await page.getByRole('combobox', { name: 'Role', exact: true }).selectOption(role);
    await page.getByRole('combobox', { name: 'Member (managed identity)' }).selectOption({ label });
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    await act(m, { type: 'roleAssignment.create', scope: vault.id, role, assignee: sp.id });
    return `grant ${role} to ${sp.displayName} on ${vault.name}`;
  },

  async token(page, m, r) {
    const vms = Object.values((await live(m)).resources).filter((x) => x.kind === 'vm');
    if (!vms.length) return null;
    const vm = r.pick(vms);
    await vmButton(page, vm.name).click();
    await page.getByRole('main').getByRole('tab', { name: 'Get a token' }).click();
    const send = page.getByRole('button', { name: 'Send token request' });
    if (!(await send.isEnabled())) return null;
    await saveCaughtUp(page, m);
    await send.click();
    const a = await actionTaken(page, m);
    if (a) expect(await act(m, a), 'the page kept an action the simulation refuses').toBe(true);
    return `token request from ${vm.name}${a ? '' : ' (not taken)'}`;
  },

  async call(page, m, r) {
    const vms = Object.values((await live(m)).resources).filter((x) => x.kind === 'vm');
    if (!vms.length) return null;
    const vm = r.pick(vms);
    await vmButton(page, vm.name).click();
    await page.getByRole('main').getByRole('tab', { name: 'Call a target' }).click();
    const send = page.getByRole('button', { name: 'Send the call' });
    if (!(await send.isEnabled())) return null;
    await saveCaughtUp(page, m);
    await send.click();
    const a = await actionTaken(page, m);
    if (a) expect(await act(m, a), 'the page kept an action the simulation refuses').toBe(true);
    return `call from ${vm.name}${a ? '' : ' (not taken)'}`;
  },

  async delete(page, m, r) {
    const all = Object.values((await live(m)).resources).filter((x) => x.kind === 'vm' || x.kind === 'userAssignedIdentity' || x.kind === 'keyVault');
    if (!all.length) return null;
    const res = r.pick(all);
    const kind = res.kind === 'vm' ? 'VM' : res.kind === 'keyVault' ? 'Key vault' : 'Managed identity';
    await explorer(page).getByRole('button', { name: new RegExp(`^${kind}\\s+${res.name}(\\s|$)`) }).click();
    await page.getByRole('main').getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await act(m, { type: 'resource.delete', id: res.id });
    return `delete ${res.name}`;
  },

  async undo(page, m) {
    if (m.cursor === 0) return null;
    await page.getByRole('button', { name: /Undo/ }).click();
    const undone = m.entries[m.cursor - 1]!;
    if (undone.replaced) m.entries = [...m.entries.slice(0, m.cursor - 1), ...undone.replaced];
    m.cursor -= 1;
    return 'undo';
  },

  async redo(page, m) {
    if (m.cursor >= m.entries.length) return null;
    await page.getByRole('button', { name: /Redo/ }).click();
    m.cursor += 1;
    return 'redo';
  },

  async jump(page, m, r) {
    if (!m.entries.length) return null;
    const k = Math.floor(r.next() * (m.entries.length + 1));
    await page.getByRole('region', { name: 'Timeline' }).getByRole('button', { name: new RegExp(`^${k}\\b`) }).click();
    m.cursor = k;
    return `jump to step ${k}`;
  },

  async reload(page, m) {
    await page.reload();
    // Replaced steps are kept in memory only.
    m.entries = m.entries.map((e) => ({ action: e.action }));
    return 'reload';
  },

  async share(page, m, r, n) {
    await page.getByRole('button', { name: 'Share link' }).click();
    const url = await page.getByRole('dialog').getByLabel('Link', { exact: true }).inputValue();
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    const before: Model = { ...m, entries: m.entries.map((e) => ({ action: e.action })) };
    await OPS.create!(page, m, r, n);
    await page.goto(url);
    // The link differs from the sandbox by the step just taken: it always asks.
    await page.getByRole('dialog', { name: 'Open the shared scenario?' }).getByRole('button', { name: 'Open the shared scenario' }).click();
    Object.assign(m, before);
    return 'share link, one more step, open the link over it';
  },

  async import(page, m, _r, n) {
    const actions: Action[] = [
      { type: 'resourceGroup.create', name: `rg-i${n}` },
      { type: 'resource.create', kind: 'vm', resourceGroup: `rg-i${n}`, name: `vm-i${n}` },
      { type: 'identity.system.enable', resourceId: `/resourceGroups/rg-i${n}/providers/Microsoft.Compute/virtualMachines/vm-i${n}` },
    ];
    await page.getByText('More', { exact: true }).click();
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Import scenario file…' }).click();
    await (await chooser).setFiles({ name: `model-${n}.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ version: 1, seed: `import-${n}`, actions })) });
    const ask = page.getByRole('dialog', { name: `Import “model-${n}.json”?` });
    const done = vmButton(page, `vm-i${n}`);
    await expect(ask.or(done).first()).toBeVisible(); // it asks only when there is work to replace
    if (await ask.isVisible()) await ask.getByRole('button', { name: 'Replace' }).click();
    Object.assign(m, { seed: `import-${n}`, base: [], entries: [], cursor: 0 });
    for (const a of actions) await act(m, a);
    return `import a file of ${actions.length} actions`;
  },

  async newEmpty(page, m) {
    await page.getByText('More', { exact: true }).click();
    await page.getByRole('button', { name: 'New empty sandbox' }).click();
    const ask = page.getByRole('dialog', { name: 'Start a new, empty sandbox?' });
    const done = explorer(page).getByText('No resource groups yet.');
    await expect(ask.or(done).first()).toBeVisible();
    if (await ask.isVisible()) await ask.getByRole('button', { name: 'Replace' }).click();
    Object.assign(m, { seed: `sandbox-${FIXED_NOW.toString(36)}`, base: [], entries: [], cursor: 0 });
    return 'new empty sandbox';
  },

  async restart(page, m) {
    if (!m.entries.length) return null;
    await page.getByText('More', { exact: true }).click();
    await page.getByRole('button', { name: 'Restart this scenario' }).click();
    await page.getByRole('dialog', { name: 'Restart this scenario?' }).getByRole('button', { name: 'Restart' }).click();
    Object.assign(m, { entries: [], cursor: 0 });
    return 'restart the scenario';
  },

  async lesson(page) {
    // Open lesson 2, act in its sandbox, restart it: the free sandbox is untouched throughout.
    await page.getByRole('button', { name: 'Lessons', exact: true }).click();
    const pane = page.getByRole('complementary', { name: 'Lesson' });
    // The list the first time; lesson 2 itself when it was left open.
    const pick = pane.getByRole('button', { name: /lesson 2:/ });
    const step = pane.getByRole('heading', { name: /^Step \d of 3/ });
    await expect(pick.or(step).first()).toBeVisible();
    if (await pick.isVisible()) await pick.click();
    await expect(step).toBeVisible();
    const skip = pane.getByRole('button', { name: 'Skip the question' });
    if (await skip.isVisible()) await skip.click();
    await vmButton(page, 'web-1').click();
    await page.getByRole('main').getByRole('tab', { name: 'Identity' }).click();
    const sw = page.getByRole('switch', { name: 'Status' });
    if ((await sw.getAttribute('aria-checked')) === 'false') await sw.click();
    await expect(explorer(page).getByRole('button', { name: /Service principal\s+web-1/ })).toBeVisible();
    await pane.getByRole('button', { name: 'Restart the lesson' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Restart the lesson' }).click();
    await expect(pane.getByRole('heading', { name: 'Step 1 of 3: Turn on the identity' })).toBeVisible();
    await expect(explorer(page).getByRole('button', { name: /Service principal\s+web-1/ })).toHaveCount(0);
    await page.getByRole('button', { name: 'Lessons', exact: true }).click();
    await expect(pane).toHaveCount(0);
    return 'open lesson 2, act, restart it, back to the sandbox';
  },
};

// How often each operation comes up (the everyday ones more often).
const WEIGHTS: [string, number][] = [
  ['create', 4], ['identity', 3], ['grant', 3], ['token', 2], ['call', 2], ['delete', 2], ['undo', 3], ['redo', 2], ['jump', 2],
  ['reload', 1], ['share', 1], ['import', 1], ['newEmpty', 1], ['restart', 1], ['lesson', 1],
];
const BAG = WEIGHTS.flatMap(([op, w]) => Array<string>(w).fill(op));

for (let s = 0; s < SEQUENCES; s++) {
  const seed = SEED + s;
  test(`model-based journey, seed ${seed}`, async ({ page }) => {
    test.setTimeout(60_000 + STEPS * 15_000);
    const watch = watchErrors(page);
    page.setDefaultTimeout(15_000); // a control that does not answer fails the step, not the whole run
    await page.clock.setFixedTime(FIXED_NOW);
    const r = rng(seed);
    const example = r.pick(EXAMPLES);
    const m: Model = { seed: example.scenario.seed, base: example.scenario.actions, entries: [], cursor: 0 };
    const log: string[] = [`open the example “${example.title}”`];
    try {
      await page.goto('/');
      await page.getByRole('button', { name: `Open “${example.title}”` }).click();
      await expect.poll(() => onPage(page)).toEqual(await expected(m));
      // Start with work in place.
      for (const op of ['create', 'identity']) log.push((await OPS[op]!(page, m, r, log.length)) ?? `${op} (skipped)`);
      for (let i = 0; i < STEPS; i++) {
        let did: string | null = null;
        for (let tries = 0; !did && tries < 5; tries++) did = await OPS[r.pick(BAG)]!(page, m, r, log.length);
        log.push(did ?? 'nothing to do');
        await expect.poll(() => onPage(page), { message: `after: ${log.at(-1)}` }).toEqual(await expected(m));
        watch.expectNone();
      }
      if (process.env.MODEL_VERBOSE) console.log(`seed ${seed}:\n${log.map((l, i) => `  ${i + 1}. ${l}`).join('\n')}\n  final: ${JSON.stringify(await onPage(page))}`);
    } catch (e) {
      const where = `Model-based journey failed with seed ${seed}. Replay it: MODEL_SEED=${seed} MODEL_SEQUENCES=1 MODEL_STEPS=${STEPS} npx playwright test test/e2e/journeys-model.spec.ts\nSteps:\n${log.map((l, i) => `  ${i + 1}. ${l}`).join('\n')}`;
      console.error(where);
      throw new Error(`${where}\n${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  });
}
