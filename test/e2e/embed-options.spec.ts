// Embedding, continued: the isolated render frame under the strictest policy, and the element's
// options a docs author sets (theme, height, autosave, readonly, gotoStep in a lesson).
import { expect, test, type Page } from '@playwright/test';
import { STRICT_CSP } from '../../examples/serve.ts';
import { encodeShareLink } from '../../src/persist/index.ts';
import type { Action } from '../../src/sim/index.ts';
import { serveSite, watchErrors } from './embed-site.ts';

/** About 50 entities: VMs with identities and a role on one vault, shared identities, storage. */
function fiftyEntities(): Action[] {
  const rg = '/resourceGroups/rg-big';
  const vm = (i: number) => `${rg}/providers/Microsoft.Compute/virtualMachines/vm-${i}`;
  const actions: Action[] = [
    { type: 'settings.set', propagationDelay: 0 },
    { type: 'resourceGroup.create', name: 'rg-big' },
    { type: 'resource.create', kind: 'keyVault', resourceGroup: 'rg-big', name: 'kv-big' },
  ];
  let count = 2;
  for (let i = 1; count < 50; i++) {
    if (i % 6 === 0) {
      actions.push({ type: 'resource.create', kind: 'userAssignedIdentity', resourceGroup: 'rg-big', name: `id-${i}` });
      actions.push({ type: 'identity.user.assign', resourceId: vm(i - 1), identityId: `${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-${i}` });
      count += 2;
    } else if (count + 3 <= 50) {
      actions.push({ type: 'resource.create', kind: 'vm', resourceGroup: 'rg-big', name: `vm-${i}`, identity: { systemAssigned: true } });
      actions.push({ type: 'roleAssignment.create', scope: `${rg}/providers/Microsoft.KeyVault/vaults/kv-big`, role: 'Key Vault Secrets User', assignee: vm(i) });
      count += 3;
    } else {
      actions.push({ type: 'resource.create', kind: 'storageAccount', resourceGroup: 'rg-big', name: `stbig${i}` });
      count += 1;
    }
  }
  return actions;
}

/** A CSP violation in any frame (the render frame's included) is logged as a console error. */
async function reportViolations(page: Page) {
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
}

test('under the strictest policy, a large "Show everything" is drawn in the render frame, correctly, with no violation', async ({ page, context }) => {
  await serveSite(context, { csp: STRICT_CSP });
  await reportViolations(page);
  const errors = watchErrors(page);
  // What the render frame sends the page (the frame's own messages: the proof a diagram came from it).
  await page.addInitScript(() => {
    const w = window as unknown as { frameSaid: string[] };
    w.frameSaid = [];
    addEventListener('message', (e) => {
      const f = document.querySelector('iframe[title="Diagram renderer"]') as HTMLIFrameElement | null;
      if (f && e.source === f.contentWindow) w.frameSaid.push(e.data.type);
    });
  });
  const said = () => page.evaluate(() => (window as unknown as { frameSaid: string[] }).frameSaid);
  const actions = fiftyEntities();
  const r = await encodeShareLink({ scenario: { version: 1, seed: 'frame', actions }, base: actions.length, cursor: 0 });
  if (!r.ok) throw new Error(r.message);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`/docs/sandbox/#s=${r.value}`);
  const panel = page.getByRole('region', { name: 'Diagrams' });
  await panel.getByRole('tab', { name: 'Topology' }).click();
  // A topology of this size starts the frame; it loads Mermaid's one-file build (slow on a busy machine).
  await expect.poll(said, { timeout: 90_000 }).toContain('ready');
  await panel.getByLabel('Show everything').check();
  await expect.poll(said, { timeout: 60_000 }).toContain('done');
  const figure = panel.locator('figure').first();
  await expect(panel.getByRole('img')).toHaveAccessibleDescription(/^Showing all \d+ items/);
  await expect.poll(() => figure.getAttribute('data-status')).toBe('ready');
  await expect(figure.locator('svg .node').first()).toBeVisible();

  // Correct: every node drawn, in colour, labels readable and inside their shapes.
  const look = await figure.locator('svg').first().evaluate((svg) => {
    const nodes = [...svg.querySelectorAll('.node')];
    return {
      count: nodes.length,
      labels: nodes.map((n) => n.textContent ?? ''),
      shapes: nodes.map((node) => {
        const shape = node.querySelector('rect, path, polygon, circle')!;
        const label = node.querySelector('.nodeLabel, text')!;
        const s = shape.getBoundingClientRect();
        const l = label.getBoundingClientRect();
        return { fill: getComputedStyle(shape).fill, color: getComputedStyle(label).color, size: parseFloat(getComputedStyle(label).fontSize), inside: l.width <= s.width + 1 && l.width > 0 };
      }),
    };
  });
  expect(look.count).toBeGreaterThan(20);
  expect(look.labels.join(' ')).toContain('kv-big');
  expect(look.labels.join(' ')).toContain('vm-1');
  for (const s of look.shapes) {
    expect(s.fill).not.toBe('rgb(0, 0, 0)');
    expect(s.fill).not.toBe('none');
    expect(s.color).not.toBe(s.fill);
    expect(s.size).toBeGreaterThanOrEqual(11);
    expect(s.inside).toBe(true);
  }

  // The same from the element (dist/embed/mi-sandbox.js) on a docs page: its frame comes from dist/assets/.
  await context.route('**/docs/guide/large.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      headers: { 'content-security-policy': STRICT_CSP },
      body: `<!doctype html><html lang="en"><title>Large</title><script type="module" src="../sandbox/embed/mi-sandbox.js"></script><main><mi-sandbox loading="eager" scenario="../sandbox/#s=${r.value}"></mi-sandbox></main></html>`,
    }),
  );
  await page.goto('/docs/guide/large.html');
  const widget = page.locator('mi-sandbox').getByRole('region', { name: 'Diagrams' });
  await widget.getByRole('tab', { name: 'Topology' }).click();
  await expect.poll(said, { timeout: 90_000 }).toContain('ready');
  await widget.getByLabel('Show everything').check();
  await expect.poll(said, { timeout: 60_000 }).toContain('done');
  await expect(widget.getByRole('img')).toHaveAccessibleDescription(/^Showing all \d+ items/);
  await expect.poll(() => widget.locator('figure svg .node').count()).toBeGreaterThan(20);
  expect(errors).toEqual([]);
});
