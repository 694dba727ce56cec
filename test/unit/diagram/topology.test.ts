// The topology diagram: what it draws, what it highlights, what it leaves out, and that no name can
// change its syntax.
import { describe, expect, it } from 'vitest';
import { COMPACT } from '../../../src/diagram/diagram.ts';
import { mermaidText } from '../../../src/diagram/escape.ts';
import { WHOLE_PICTURE_MAX } from '../../../src/diagram/focus.ts';
import { topology } from '../../../src/diagram/topology.ts';
import type { World } from '../../../src/sim/index.ts';
import { expectOnlyGeneratedSyntax, nodeIds } from './grammar.ts';
import { DEMO, HOSTILE, RG, hostileWorld, last, play, ref, worldOfSize } from './worlds.ts';

const demo = play(DEMO);
const [, , , enabled, granted, deleted] = demo as [unknown, unknown, unknown, (typeof demo)[0], (typeof demo)[0], (typeof demo)[0]];
const light = { theme: 'light' } as const;
/** The line that draws the node (or box) whose label starts with `name` (after an optional state line). */
const lineOf = (text: string, name: string) => text.split('\n').find((l) => new RegExp(`"(?:[A-Z ]+<br/>)?(?:<b>)?${name}`).test(l));
const idOf = (text: string, name: string) => /^ *(?:subgraph )?(n[0-9a-z]+)/.exec(lineOf(text, name) ?? '')?.[1];
const edgesOf = (text: string) => text.split('\n').filter((l) => /^  n\w+ (?:-->|==>|-\.->)/.test(l));

describe('topology', () => {
  it('draws the directory beside the subscription, with has-identity and role assignment edges', () => {
    const d = topology(granted.world, light);
    expect(d.text.split('\n')[0]).toBe('flowchart TB');
    expect(d.text).toMatch(/subgraph n\w+ \["Entra ID · directory Contoso"\]/);
    expect(d.text).toMatch(/subgraph n\w+ \["Subscription · Sandbox subscription"\]/);
    expect(d.text).toMatch(/subgraph n\w+ \["Resource group · rg-demo"\]/);
    const vm = idOf(d.text, 'web-1</b><br/>Virtual machine')!;
    const sp = idOf(d.text, 'web-1</b><br/>Managed identity')!;
    const kv = idOf(d.text, 'kv-demo-1')!;
    const edges = edgesOf(d.text);
    // The principal's label says whose identity it is, and the arrow ends at the scope: neither is repeated on the edge.
    expect(edges).toContain(`  ${vm} --> ${sp}`);
    expect(edges).toContain(`  ${sp} ==>|"Key Vault Secrets User<br/>takes effect in 5 min"| ${kv}`);
    expect(lineOf(d.text, 'web-1</b><br/>Managed')).toContain('<br/>of virtual machine web-1');
    expect(d.description).toContain('has the role Key Vault Secrets User, at key vault kv-demo-1');
    // Shapes and hues: principal a rounded rectangle in the Entra class, VM a box, vault a cylinder.
    expect(lineOf(d.text, 'web-1</b><br/>Managed')).toMatch(/^\s*n\w+\("/);
    expect(lineOf(d.text, 'kv-demo-1')).toMatch(/^\s*n\w+\[\("/);
    expect(d.text).toContain(`class ${sp} entra`);
    expectOnlyGeneratedSyntax(d.text);
  });

  it('keeps the first release\'s drawing as a baseline for the benchmark: pills and every edge label', () => {
    const d = topology(granted.world, { ...light, baseline: true });
    const vm = idOf(d.text, 'web-1</b><br/>Virtual machine')!;
    const sp = idOf(d.text, 'web-1</b><br/>Managed identity')!;
    expect(edgesOf(d.text)).toContain(`  ${vm} -->|"has identity"| ${sp}`);
    expect(d.text).toContain('Key Vault Secrets User<br/>at key vault kv-demo-1');
    expect(lineOf(d.text, 'web-1</b><br/>Managed')).toMatch(/^\s*n\w+\(\["/);
    expectOnlyGeneratedSyntax(d.text);
  });

  it('says "at" where a role arrow ends on a box (a resource group), not where it ends on the resource', () => {
    const [step] = play([{ type: 'roleAssignment.create', scope: `/resourceGroups/${RG}`, role: 'Reader', assignee: ref.vm('web-1') }], granted.world);
    const d = topology(step!.world, { previous: step!.previous, outcome: step!.outcome, theme: 'light' });
    expect(d.text).toContain(`Reader<br/>at resource group ${RG}`);
  });

  describe('counted groups', () => {
    // Five VMs whose identities all hold Key Vault Secrets User on one vault, and a sixth with Reader.
    const actions = [
      { type: 'settings.set', propagationDelay: 0 },
      { type: 'resourceGroup.create', name: RG },
      { type: 'resource.create', kind: 'keyVault', resourceGroup: RG, name: 'kv-shared' },
      ...[1, 2, 3, 4, 5, 6].flatMap((i) => [
        { type: 'resource.create', kind: 'vm', resourceGroup: RG, name: `vm-${i}`, identity: { systemAssigned: true } },
        { type: 'roleAssignment.create', scope: ref.kv('kv-shared'), role: i === 6 ? 'Reader' : 'Key Vault Secrets User', assignee: ref.vm(`vm-${i}`) },
      ]),
    ] as Parameters<typeof play>[0];
    const world = last(play(actions)).world;

    it('draws principals with the same roles on the same scopes as one counted node, edges drawn once', () => {
      const d = topology(world, { ...light, focus: 'all' });
      expect(d.groups).toHaveLength(1);
      expect(d.groups[0]).toMatchObject({ count: 5, label: '5 service principals with Key Vault Secrets User at key vault kv-shared' });
      const group = d.groups[0]!.nodeId;
      expect(d.text).toMatch(new RegExp(`^  +${group}\\("<b>5 service principals</b><br/>same roles on the same scopes<br/>select to show each"\\)$`, 'm'));
      // vm-6's principal holds another role: drawn on its own.
      expect(lineOf(d.text, 'vm-6</b><br/>Managed')).toBeDefined();
      expect(lineOf(d.text, 'vm-1</b><br/>Managed')).toBeUndefined();
      const edges = edgesOf(d.text);
      expect(edges.filter((e) => e.startsWith(`  ${group} ==>`))).toEqual([`  ${group} ==>|"Key Vault Secrets User"| ${idOf(d.text, 'kv-shared')}`]);
      expect(edges.filter((e) => e.endsWith(` ${group}`))).toHaveLength(5);
      expect(d.description).toContain('Drawn as one node: 5 service principals with Key Vault Secrets User at key vault kv-shared (vm-1, vm-2, vm-3, vm-4, vm-5).');
      expect(d.description).toContain('Virtual machine vm-3 has the system-assigned identity');
      expectOnlyGeneratedSyntax(d.text);
    });

    it('expands a group by its key, and never groups what the last step changed', () => {
      const collapsed = topology(world, { ...light, focus: 'all' });
      const open = topology(world, { ...light, focus: 'all', expanded: [collapsed.groups[0]!.key] });
      expect(open.groups).toEqual([]);
      for (const i of [1, 2, 3, 4, 5]) expect(lineOf(open.text, `vm-${i}</b><br/>Managed`)).toBeDefined();
      const steps = play(actions);
      const granting = steps[steps.length - 3]!; // vm-5's grant
      const d = topology(granting.world, { previous: granting.previous, outcome: granting.outcome, ...light, focus: 'all' });
      expect(d.groups[0]?.count).toBe(4);
      expect(lineOf(d.text, 'vm-5</b><br/>Managed')).toBeDefined();
    });

    it('draws far fewer characters than the baseline', () => {
      const now = topology(world, { ...light, focus: 'all' }).text.length;
      const before = topology(world, { ...light, focus: 'all', baseline: true }).text.length;
      expect(now).toBeLessThan(before);
    });
  });

  it('says in the label when an assignment has not propagated yet', () => {
    expect(topology(granted.world, light).text).toContain('takes effect in 5 min');
    const later = { ...granted.world, now: granted.world.now + 600 };
    expect(topology(later, light).text).not.toContain('takes effect');
  });

  it('outlines what the last step created and changed, with the word in the label', () => {
    const d = topology(enabled.world, { ...light, previous: enabled.previous, outcome: enabled.outcome });
    const sp = idOf(d.text, 'web-1</b><br/>Managed')!;
    const vm = idOf(d.text, 'web-1</b><br/>Virtual')!;
    expect(lineOf(d.text, 'web-1</b><br/>Managed')).toContain('"NEW<br/><b>web-1');
    expect(lineOf(d.text, 'web-1</b><br/>Virtual')).toContain('"CHANGED<br/><b>web-1');
    expect(d.text).toMatch(new RegExp(`class (?:\\w+,)*${sp}(?:,\\w+)* new`));
    expect(d.text).toMatch(new RegExp(`class (?:\\w+,)*${vm}(?:,\\w+)* changed`));
    expect(d.description).toMatch(/New: .*service principal web-1/);
  });

  it('draws a new role assignment thick and labelled NEW', () => {
    const d = topology(granted.world, { ...light, previous: granted.previous, outcome: granted.outcome });
    const edges = edgesOf(d.text);
    const i = edges.findIndex((e) => e.includes('==>'));
    expect(edges[i]).toContain('"NEW<br/>Key Vault Secrets User');
    expect(d.text).toMatch(new RegExp(`linkStyle (?:\\d+,)*${i}(?:,\\d+)* stroke-width:4px`));
  });

  it('lists what the last step marked by the ids it is drawn with, for a view to scroll to: nodes, and edges by their ends', () => {
    // A new role assignment is an edge: no node is marked, the edge is, by the principal and the vault.
    const g = topology(granted.world, { ...light, previous: granted.previous, outcome: granted.outcome });
    const sp = idOf(g.text, 'web-1</b><br/>Managed')!;
    const kv = idOf(g.text, 'kv-demo-1')!;
    expect(g.marked).toEqual({ nodes: [], edges: [{ from: sp, to: kv }] });
    expect(edgesOf(g.text)).toContainEqual(expect.stringMatching(new RegExp(`^  ${sp} ==>\\|"NEW<br/>`)));
    // An identity turned on: the new principal, the changed VM and the new edge between them.
    const e = topology(enabled.world, { ...light, previous: enabled.previous, outcome: enabled.outcome });
    const vm = idOf(e.text, 'web-1</b><br/>Virtual')!;
    const esp = idOf(e.text, 'web-1</b><br/>Managed')!;
    expect([...e.marked.nodes].sort()).toEqual([vm, esp].sort());
    expect(e.marked.edges).toEqual([{ from: vm, to: esp }]);
    // A deletion: the ghosts, and the orphaned assignment from "Identity not found".
    const d = topology(deleted.world, { ...light, previous: deleted.previous, outcome: deleted.outcome });
    const missing = idOf(d.text, 'Identity not found')!;
    expect(d.marked.nodes).toEqual(expect.arrayContaining([idOf(d.text, 'web-1</b><br/>Virtual'), idOf(d.text, 'web-1</b><br/>Managed')]));
    expect(d.marked.edges).toContainEqual({ from: missing, to: idOf(d.text, 'kv-demo-1') });
    // Every marked id is one the text draws; nothing marked without a last step.
    for (const t of [g, e, d]) for (const id of [...t.marked.nodes, ...t.marked.edges.flatMap((x) => [x.from, x.to])]) expect(nodeIds(t.text)).toContain(id);
    expect(topology(granted.world, light).marked).toEqual({ nodes: [], edges: [] });
  });

  it('shows what a deletion removed as ghosts, and the orphaned assignment dashed from "Identity not found"', () => {
    const d = topology(deleted.world, { ...light, previous: deleted.previous, outcome: deleted.outcome });
    expect(lineOf(d.text, 'web-1</b><br/>Virtual')).toContain('"DELETED<br/>');
    expect(lineOf(d.text, 'web-1</b><br/>Managed')).toContain('"DELETED<br/>');
    const missing = idOf(d.text, 'Identity not found')!;
    expect(lineOf(d.text, 'Identity not found')).toContain('was web-1');
    const orphan = edgesOf(d.text).find((e) => e.startsWith(`  ${missing} `))!;
    expect(orphan).toContain('-.->');
    expect(orphan).toContain('NOW ORPHANED');
    expect(d.text).toContain(`class ${missing} missing`);
    expect(d.text).toMatch(/linkStyle \d+ stroke:#b3261e,stroke-dasharray:8 5,stroke-width:4px/);
    expect(d.description).toContain('Deleted: virtual machine web-1; service principal web-1.');
    expect(d.description).toContain('still holds the role Key Vault Secrets User');
  });

  it('draws a deleted user-assigned identity that a resource still lists as not found', () => {
    const steps = play([
      { type: 'resourceGroup.create', name: RG },
      { type: 'resource.create', kind: 'userAssignedIdentity', resourceGroup: RG, name: 'uami-1' },
      { type: 'resource.create', kind: 'vm', resourceGroup: RG, name: 'web-1', identity: { userAssigned: [ref.uami('uami-1')] } },
      { type: 'resource.delete', id: ref.uami('uami-1') },
    ]);
    const { world, previous, outcome } = last(steps);
    const d = topology(world, { ...light, previous, outcome });
    const gone = lineOf(d.text, 'Identity not found')!;
    expect(gone).toContain('user-assigned identity uami-1');
    const stale = edgesOf(d.text).find((e) => e.includes('not found'))!;
    expect(stale).toContain('-.->');
    expect(stale).toContain('assigned to');
    expect(lineOf(d.text, 'uami-1</b><br/>User-assigned')).toContain('DELETED');
  });

  it('puts deployment slots inside a box with their app', () => {
    const steps = play([
      { type: 'resourceGroup.create', name: RG },
      { type: 'resource.create', kind: 'webApp', resourceGroup: RG, name: 'shop' },
      { type: 'slot.create', siteId: ref.web('shop'), name: 'staging' },
    ]);
    const d = topology(last(steps).world, { ...light, focus: 'all' });
    const lines = d.text.split('\n');
    const box = lines.findIndex((l) => l.includes('App Service web app · shop with its slots'));
    const end = lines.findIndex((l, i) => i > box && /^ *end$/.test(l));
    const inside = lines.slice(box, end).join('\n');
    expect(inside).toContain('<b>shop</b>');
    expect(inside).toContain('<b>shop/slots/staging</b>');
  });

  it('counts a drawn resource group as an item: never "0 of 0" beside a box', () => {
    const [group] = play([{ type: 'resourceGroup.create', name: RG }]);
    const d = topology(group!.world, { previous: group!.previous, outcome: group!.outcome, theme: 'light' });
    expect(d.text).toMatch(/subgraph n\w+ \["NEW · Resource group · rg-demo"\]/);
    expect(d.description).not.toMatch(/\b0 of 0\b|all 0 items/);
    expect(d.shown).toBe(1);
  });

  it('names a new thing once, not again as "also shown"', () => {
    const [, vm] = play(DEMO.slice(0, 2));
    const d = topology(vm!.world, { previous: vm!.previous, outcome: vm!.outcome, theme: 'light' });
    expect(d.description).toContain('New: virtual machine web-1.');
    expect(d.description).not.toContain('Also shown: virtual machine web-1');
  });

  it('is a pure function of its inputs: same state, same text, even after a JSON round trip', () => {
    const a = topology(deleted.world, { ...light, previous: deleted.previous, outcome: deleted.outcome });
    const copy = JSON.parse(JSON.stringify(deleted)) as typeof deleted;
    const b = topology(copy.world, { ...light, previous: copy.previous, outcome: copy.outcome });
    expect(b).toEqual(a);
    // Key order of the world's tables does not matter either.
    const reversed: World = { ...granted.world, resources: Object.fromEntries(Object.entries(granted.world.resources).reverse()) };
    expect(topology(reversed, light).text).toBe(topology(granted.world, light).text);
  });

  it('gives an entity the same id in every state, so consecutive texts differ only where the world did', () => {
    const before = topology(enabled.world, { ...light, focus: 'all' });
    const after = topology(granted.world, { ...light, focus: 'all' });
    expect(idOf(after.text, 'kv-demo-1')).toBe(idOf(before.text, 'kv-demo-1'));
    expect(idOf(after.text, 'web-1</b><br/>Virtual')).toBe(idOf(before.text, 'web-1</b><br/>Virtual'));
  });

  describe('focus', () => {
    const big = worldOfSize(40);
    const step = play([{ type: 'resource.create', kind: 'vm', resourceGroup: RG, name: 'vm-new', identity: { systemAssigned: true } }], big)[0]!;

    it('draws what the last step changed and one hop, and says how much is hidden', () => {
      const d = topology(step.world, { ...light, previous: step.previous, outcome: step.outcome });
      expect(d.text).toContain('<b>vm-new</b>');
      expect(d.text).not.toContain('<b>kv-size-0</b>');
      expect(d.hidden).toBeGreaterThan(30);
      expect(d.description).toContain(`Showing ${d.shown} of ${d.shown + d.hidden} items, around what the last step changed; ${d.hidden} hidden.`);
    });

    it('includes the identities, assignments and scopes one hop away', () => {
      const d = topology(granted.world, { ...light, previous: granted.previous, outcome: granted.outcome, focus: undefined });
      for (const name of ['web-1</b><br/>Virtual', 'web-1</b><br/>Managed', 'kv-demo-1']) expect(lineOf(d.text, name)).toBeDefined();
    });

    it("draws everything with focus 'all', and hides nothing", () => {
      const d = topology(step.world, { ...light, previous: step.previous, outcome: step.outcome, focus: 'all' });
      expect(d.hidden).toBe(0);
      expect(d.text).toContain('<b>kv-size-0</b>');
      expect(d.description).toMatch(/^Showing all \d+ items\./);
    });

    it('centres on chosen entities', () => {
      const vault = Object.values(big.resources).find((r) => r.name === 'kv-size-0')!;
      const d = topology(big, { ...light, focus: [vault.id] });
      expect(d.text).toContain('<b>kv-size-0</b>');
      expect(d.text).toContain('Key Vault Secrets User');
      expect(d.hidden).toBeGreaterThan(0);
    });

    it('with nothing changed, draws a small world whole and a large one around the newest things', () => {
      const small = worldOfSize(WHOLE_PICTURE_MAX);
      expect(topology(small, light).hidden).toBe(0);
      const d = topology(step.world, light);
      expect(d.hidden).toBeGreaterThan(0);
      expect(d.text).toContain('<b>vm-new</b>');
      expect(d.description).toContain('around the most recently created items');
    });
  });

  describe('on the presenter\'s stage (compact, top to bottom or left to right)', () => {
    const tb = topology(granted.world, { ...light, compact: true });
    const lr = topology(granted.world, { ...light, compact: true, direction: 'LR' });

    it('draws the same things with the same ids either way, the constant spacing line after the type', () => {
      expect(tb.text.split('\n').slice(0, 2)).toEqual(['flowchart TB', COMPACT['flowchart TB']]);
      expect(lr.text.split('\n').slice(0, 2)).toEqual(['flowchart LR', COMPACT['flowchart LR']]);
      expect(nodeIds(lr.text)).toEqual(nodeIds(tb.text));
      expect(lr.description).toBe(tb.description);
      expectOnlyGeneratedSyntax(tb.text);
      expectOnlyGeneratedSyntax(lr.text);
    });

    it('left to right, wraps each box and edge label narrow', () => {
      expect(lineOf(lr.text, 'web-1</b><br/>Managed')).toContain('<b>web-1</b><br/>Managed identity ·<br/>system-assigned<br/>of virtual machine<br/>web-1');
      expect(lr.text).toContain('|"Key Vault<br/>Secrets User<br/>takes effect<br/>in 5 min"|');
      expect(lineOf(tb.text, 'web-1</b><br/>Managed')).toContain('<br/>Managed identity · system-assigned<br/>of virtual machine web-1');
    });

    it('leaves out a subscription box that holds only a resource group, and keeps one a role is assigned on', () => {
      expect(tb.text).not.toContain('Subscription · Sandbox subscription');
      expect(tb.text).toMatch(/^  subgraph n\w+ \["Resource group · rg-demo"\]$/m);
      const sub = `/subscriptions/${Object.values(granted.world.subscriptions)[0]!.subscriptionId}`;
      const [onSub] = play([{ type: 'roleAssignment.create', scope: sub, role: 'Reader', assignee: ref.vm('web-1') }], granted.world);
      expect(onSub!.outcome.ok).toBe(true);
      const d = topology(onSub!.world, { previous: onSub!.previous, outcome: onSub!.outcome, theme: 'light', compact: true });
      expect(d.text).toContain('Subscription · Sandbox subscription');
    });

    it('draws hostile names as text in either direction', () => {
      const h = hostileWorld();
      for (const direction of ['TB', 'LR'] as const) {
        const d = topology(h.world, { ...light, previous: h.previous, outcome: h.outcome, focus: 'all', compact: true, direction });
        expectOnlyGeneratedSyntax(d.text);
        expect(d.text.split('\n').filter((l) => l.includes('%%'))).toEqual([COMPACT[`flowchart ${direction}`]]);
      }
    });
  });

  describe('hostile names', () => {
    const h = hostileWorld();
    const d = topology(h.world, { ...light, previous: h.previous, outcome: h.outcome, focus: 'all' });

    it('draws every hostile name, and every line is one the generator writes, with inert labels', () => {
      expectOnlyGeneratedSyntax(d.text);
      for (const name of HOSTILE) expect(d.text).toContain(mermaidText(name));
    });

    it('never lets a name start a statement, a link, a directive or HTML', () => {
      for (const line of d.text.split('\n')) {
        expect(line).not.toMatch(/^\s*(?:click|style|href|call|linkStyle n|classDef x|accTitle: hijacked|---|config:)/);
      }
      expect(d.text).not.toMatch(/<(?!br\/>|b>|\/b>)/);
      expect(d.text).not.toContain('-->|"x');
      expect(d.text).not.toContain('%%');
      expect(d.text).not.toContain('javascript:');
    });

    it('takes ids from entity ids only: renaming everything changes no id', () => {
      const plainNames = topology(play(DEMO.slice(0, 5)).at(-1)!.world, { ...light, focus: 'all' });
      const renamed = (w: World): World => ({ ...w, resources: Object.fromEntries(Object.entries(w.resources).map(([k, r]) => [k, { ...r, name: HOSTILE[4]! }])) });
      const hostile = topology(renamed(play(DEMO.slice(0, 5)).at(-1)!.world), { ...light, focus: 'all' });
      expect(nodeIds(hostile.text).sort()).toEqual(nodeIds(plainNames.text).sort());
      for (const id of nodeIds(d.text)) expect(id).toMatch(/^n[0-9a-z]{1,7}$/);
      expect(new Set(nodeIds(d.text)).size).toBe(nodeIds(d.text).length);
    });

    it('carries the description as accDescr, escaped the same way', () => {
      const accDescr = d.text.split('\n').find((l) => l.startsWith('  accDescr: '))!;
      expect(accDescr).toBe(`  accDescr: ${mermaidText(d.description, 4000)}`);
      expect(d.description).not.toMatch(/[\n\r]/);
    });
  });
});
