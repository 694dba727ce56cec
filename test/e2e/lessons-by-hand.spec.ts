// Every step of every lesson, done by hand at 1280x720 the way a learner does it: clicks and keys on
// controls found by their visible labels, never "Show me". The learner arrives with work of their own
// in the free sandbox. A step that needs more than 12 interactions fails, and so does any step whose
// "Next step" is out of view once it ticks off, any column whose content is wider than its box, and
// any console or page error. One test per lesson, so they run in parallel.
import { expect, test, type Locator, type Page } from '@playwright/test';

const MAX_INTERACTIONS = 12;

/** A learner's hands: every click, choice, keystroke or typed value counts as one interaction. */
class Learner {
  count = 0;
  constructor(readonly page: Page) {}
  get pane() {
    return this.page.getByRole('complementary', { name: 'Lesson' });
  }
  get blade() {
    return this.page.getByRole('main');
  }
  async click(target: Locator) {
    this.count++;
    await target.click();
  }
  async fill(target: Locator, text: string) {
    this.count++;
    await target.fill(text);
  }
  async press(key: string) {
    this.count++;
    await this.page.keyboard.press(key);
  }
  /** Choose an option by its visible text, unless it is already the one shown (nobody re-picks it). */
  async choose(select: Locator, label: string | RegExp) {
    const current = await select.evaluate((el: HTMLSelectElement) => el.selectedOptions[0]?.textContent?.trim() ?? '');
    if (typeof label === 'string' ? current === label : label.test(current)) return;
    const options = await select.locator('option').allTextContents();
    const match = options.map((o) => o.trim()).find((o) => (typeof label === 'string' ? o === label : label.test(o)));
    if (!match) throw new Error(`No option ${label} in ${JSON.stringify(options)}`);
    this.count++;
    await select.selectOption({ label: match });
  }
  /** Select something in the explorer, unless its blade is already open. */
  async open(kind: string, name: string) {
    const title = this.blade.getByRole('heading', { level: 2 }).first();
    if ((await title.textContent().catch(() => ''))?.trim() === name) return;
    const explorer = this.page.getByRole('navigation', { name: 'Resources and directory' });
    await this.click(explorer.getByRole('button', { name: new RegExp(`^${escape(kind)}\\s+${escape(name)}(\\s|$)`) }).first());
    await expect(title).toHaveText(name);
  }
  /** Open a tab of the blade, unless it is the one showing. */
  async tab(name: string) {
    const tab = this.blade.getByRole('tab', { name, exact: true });
    if ((await tab.getAttribute('aria-selected')) === 'true') return;
    await this.click(tab);
    await expect(tab).toHaveAttribute('aria-selected', 'true');
  }
  /** A form control by the start of its label (a select's label text also holds its chosen option). */
  field(label: string | RegExp, role: 'combobox' | 'textbox' | 'checkbox' = 'combobox') {
    return this.blade.getByRole(role, { name: typeof label === 'string' ? new RegExp(`^${escape(label)}`) : label }).first();
  }
  button(name: string | RegExp) {
    return this.blade.getByRole('button', { name, exact: typeof name === 'string' });
  }
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// The sandbox's controls, in the words on the screen.

async function sendToken(l: Learner, o: { audience?: string; other?: string; identity?: string; by?: RegExp; raw?: boolean } = {}) {
  await l.tab('Get a token');
  if (o.raw) await l.click(l.blade.getByRole('radio', { name: /Raw HTTP/ }));
  if (o.other) {
    await l.choose(l.field('Audience (resource)'), 'Another audience: type it');
    await l.fill(l.field('Another audience', 'textbox'), o.other);
  } else if (o.audience) await l.choose(l.field('Audience (resource)'), new RegExp(`^${escape(o.audience)} `));
  if (o.identity) await l.choose(l.field('Identity'), o.identity);
  if (o.by) await l.choose(l.field('Name it by'), o.by);
  await l.click(l.button('Send token request'));
  await expect(l.blade.getByTestId('token-result').first()).toBeVisible();
}

async function call(l: Learner, o: { tab?: string; from?: RegExp; service?: string; target?: RegExp; token?: RegExp; audience?: string } = {}) {
  await l.tab(o.tab ?? 'Call a target');
  if (o.from) await l.choose(l.field('Send it from'), o.from);
  if (o.service) await l.choose(l.field('Service'), o.service);
  if (o.target) await l.choose(l.blade.getByRole('combobox', { name: /^(Vault|Storage account|API)$/ }), o.target);
  if (o.token) await l.choose(l.field('Token'), o.token);
  if (o.audience) await l.fill(l.field('Audience', 'textbox'), o.audience);
  await l.click(l.button('Send the call'));
}

async function grant(l: Learner, scope: [string, string], role: string, member: RegExp, o: { allRoles?: boolean; name?: string } = {}) {
  await l.open(...scope);
  await l.tab('Access control (IAM)');
  if (o.allRoles) await l.click(l.field('Show all roles', 'checkbox'));
  await l.choose(l.field('Role'), role);
  await l.choose(l.field('Member (managed identity)'), member);
  if (o.name) await l.fill(l.field(/^Assignment name/, 'textbox'), o.name);
  await l.click(l.button('Assign'));
}

async function systemIdentity(l: Learner, resource: [string, string]) {
  await l.open(...resource);
  await l.tab('Identity');
  await l.click(l.blade.getByRole('switch', { name: 'Status' }));
  await confirmIfAsked(l);
}

async function addUserAssigned(l: Learner, resource: [string, string], identity: string) {
  await l.open(...resource);
  await l.tab('Identity');
  await l.choose(l.field('Add a user-assigned identity'), new RegExp(`^${escape(identity)} `));
  await l.click(l.button('Add'));
}

async function create(l: Learner, type: string, name: string, o: { userAssigned?: string } = {}) {
  await l.click(l.page.getByRole('button', { name: '+ Create' }));
  const dialog = l.page.getByRole('dialog');
  await l.choose(dialog.getByRole('combobox', { name: /^Type/ }), type);
  await l.fill(dialog.getByRole('textbox', { name: /^Name/ }), name);
  if (o.userAssigned) await l.choose(dialog.getByRole('combobox', { name: /^Assign a user-assigned identity/ }), new RegExp(`^${escape(o.userAssigned)} `));
  await l.click(dialog.getByRole('button', { name: 'Create', exact: true }));
  await expect(dialog).toBeHidden();
}

async function remove(l: Learner, resource: [string, string]) {
  await l.open(...resource);
  await l.click(l.button('Delete'));
  await confirmIfAsked(l);
}

async function confirmIfAsked(l: Learner) {
  const dialog = l.page.getByRole('dialog');
  if (await dialog.isVisible().catch(() => false)) {
    await l.click(dialog.getByRole('button', { name: 'Confirm' }));
    await expect(dialog).toBeHidden();
  }
}

async function fastForward(l: Learner, o: { button?: string; amount?: string; unit?: string }) {
  const clock = l.page.getByRole('group', { name: 'Sandbox clock' });
  if (o.button) return l.click(clock.getByRole('button', { name: o.button }));
  await l.click(clock.getByText('Jump…'));
  await l.fill(clock.getByRole('spinbutton', { name: 'Amount' }), o.amount!);
  if (o.unit) await l.choose(clock.getByRole('combobox', { name: 'Unit' }), o.unit);
  await l.click(clock.getByRole('button', { name: 'Fast-forward', exact: true }));
}

type Step = (l: Learner) => Promise<void>;

const VM = (name: string): [string, string] => ['VM', name];
const VAULT = (name: string): [string, string] => ['Key vault', name];
const STORAGE = (name: string): [string, string] => ['Storage', name];
const UAMI = (name: string): [string, string] => ['Managed identity', name];
const SQL = (name: string): [string, string] => ['SQL', name];
const LAPTOP: [string, string] = ['A machine outside Azure', 'Your laptop'];

const LESSONS: Record<string, Step[]> = {
  '01-why-managed-identities': [
    async (l) => {
      await l.open(...LAPTOP);
      await sendToken(l, { audience: 'https://vault.azure.net' });
    },
    async (l) => {
      await fastForward(l, { amount: '91', unit: 'days' });
      await sendToken(l, { audience: 'https://vault.azure.net' });
    },
    async (l) => {
      await l.click(l.blade.getByRole('radio', { name: /ManagedIdentityCredential/ }));
      await sendToken(l);
    },
    async (l) => {
      await systemIdentity(l, VM('web-1'));
      await sendToken(l, { audience: 'https://vault.azure.net' });
    },
  ],
  '02-system-assigned': [
    (l) => systemIdentity(l, VM('web-1')),
    (l) => systemIdentity(l, VM('web-1')),
    (l) => systemIdentity(l, VM('web-1')),
  ],
  '03-grant-and-token': [
    async (l) => {
      await l.open(...VM('web-1'));
      await sendToken(l);
    },
    (l) => call(l),
    (l) => grant(l, VAULT('kv-demo-1'), 'Key Vault Secrets User', /^web-1 — system-assigned/),
    async (l) => {
      await l.open(...VM('web-1'));
      await call(l);
    },
    async (l) => {
      await sendToken(l, { other: 'https://kv-demo-1.vault.azure.net' });
      await call(l);
    },
  ],
  '04-lifecycle': [
    async (l) => {
      await l.open(...VM('web-1'));
      await sendToken(l);
      await call(l);
    },
    (l) => remove(l, VM('web-1')),
    async (l) => {
      await l.open(...LAPTOP);
      await call(l);
    },
    async (l) => {
      await fastForward(l, { button: 'Fast-forward the clock 24 h' });
      await call(l);
    },
  ],
  '05-user-assigned-shared': [
    (l) => create(l, 'User-assigned managed identity', 'id-shared'),
    async (l) => {
      await addUserAssigned(l, VM('vm-1'), 'id-shared');
      await addUserAssigned(l, VM('vm-2'), 'id-shared');
    },
    (l) => grant(l, STORAGE('stshared'), 'Storage Blob Data Reader', /^id-shared/),
    (l) => remove(l, VM('vm-1')),
    async (l) => {
      await l.open(...VM('vm-2'));
      await sendToken(l, { audience: 'https://storage.azure.com/', identity: 'User-assigned: id-shared' });
      await call(l);
    },
  ],
  '06-choosing-the-identity': [
    async (l) => {
      await l.open(...VM('app-1'));
      await sendToken(l);
    },
    (l) => sendToken(l, { identity: 'User-assigned: id-app', by: /^client id/ }),
    (l) => call(l),
    (l) => sendToken(l, { identity: 'User-assigned: id-monitoring-agent', by: /^resource id/ }),
    (l) => call(l),
  ],
  '07-app-service': [
    (l) => systemIdentity(l, ['Web app', 'shop']),
    async (l) => {
      await l.tab('Get a token');
      await l.click(l.blade.getByRole('radio', { name: /Raw HTTP/ }));
      await l.click(l.button('Remove header X-IDENTITY-HEADER'));
      await sendToken(l);
    },
    async (l) => {
      await l.click(l.blade.getByRole('radio', { name: /As the Azure SDK does/ }));
      await sendToken(l);
    },
    async (l) => {
      await grant(l, VAULT('kv-shop'), 'Key Vault Secrets User', /^shop — system-assigned/);
      await l.open('Web app', 'shop');
      await call(l);
    },
    async (l) => {
      await l.open('Web app', 'shop');
      await l.tab('Deployment slots');
      await l.click(l.button('+ Add slot'));
      const dialog = l.page.getByRole('dialog');
      await l.fill(dialog.getByRole('textbox', { name: /^Name/ }), 'staging');
      await l.click(dialog.getByRole('button', { name: 'Create', exact: true }));
      await expect(dialog).toBeHidden();
      await systemIdentity(l, ['Slot', 'shop/slots/staging']);
    },
    async (l) => {
      await sendToken(l);
      await call(l);
    },
    async (l) => {
      await l.open('Logic app', 'order-flow');
      await call(l, { token: /^The logic app’s managed identity/, audience: 'https://vault.azure.net' });
    },
  ],
  '08-recreate-same-name': [
    (l) => remove(l, UAMI('id-app')),
    (l) => create(l, 'User-assigned managed identity', 'id-app'),
    async (l) => {
      await l.open(...VM('app-1'));
      await l.tab('Identity');
      await l.click(l.button('Reassign'));
      await sendToken(l, { identity: 'User-assigned: id-app' });
      await call(l);
    },
    (l) => grant(l, VAULT('kv-app'), 'Key Vault Secrets User', /^id-app/, { name: GUID }),
    async (l) => {
      await l.click(l.blade.getByRole('button', { name: /^Remove the .* assignment for an identity that was not found/ }));
      await confirmIfAsked(l);
    },
    async (l) => {
      await grant(l, VAULT('kv-app'), 'Key Vault Secrets User', /^id-app/, { name: GUID });
      await l.open(...VM('app-1'));
      await call(l);
    },
  ],
  '09-time': [
    async (l) => {
      await grant(l, VAULT('kv-time'), 'Key Vault Secrets User', /^web-1 — system-assigned/);
      await l.open(...VM('web-1'));
      await sendToken(l);
      await call(l);
    },
    async (l) => {
      await fastForward(l, { button: 'Fast-forward the clock 5 min' });
      await call(l);
    },
    async (l) => {
      await sendToken(l, { audience: 'api://orders-api' });
      await call(l);
    },
    async (l) => {
      await l.open('App registration', 'orders-api');
      await l.tab('App roles');
      await l.choose(l.field('Give it to'), /^web-1 /);
      await l.click(l.button('Grant app role'));
    },
    async (l) => {
      await l.open(...VM('web-1'));
      await sendToken(l, { audience: 'api://orders-api' });
      await call(l);
    },
    async (l) => {
      await fastForward(l, { button: 'Fast-forward the clock 24 h' });
      await sendToken(l, { audience: 'api://orders-api' });
      await call(l);
    },
  ],
  '10-management-vs-data': [
    (l) => grant(l, STORAGE('stdata'), 'Owner', /^web-1 — system-assigned/),
    async (l) => {
      await l.open(...VM('web-1'));
      await sendToken(l, { audience: 'https://storage.azure.com/' });
      await call(l);
    },
    async (l) => {
      await grant(l, STORAGE('stdata'), 'Storage Blob Data Reader', /^web-1 — system-assigned/);
      await l.open(...VM('web-1'));
      await call(l);
    },
    async (l) => {
      await grant(l, VAULT('kv-legacy'), 'Key Vault Secrets User', /^web-1 — system-assigned/);
      await l.open(...VM('web-1'));
      await sendToken(l, { audience: 'https://vault.azure.net' });
      await call(l);
    },
    async (l) => {
      await l.open(...VAULT('kv-legacy'));
      await l.tab('Access policies');
      await l.click(l.blade.getByRole('radio', { name: /Azure role-based access control/ }));
      await l.open(...VM('web-1'));
      await call(l);
    },
  ],
  '11-which-type': [
    (l) => systemIdentity(l, VM('solo-1')),
    async (l) => {
      await create(l, 'User-assigned managed identity', 'id-pool');
      await addUserAssigned(l, VM('pool-1'), 'id-pool');
      await addUserAssigned(l, VM('pool-2'), 'id-pool');
    },
    (l) => grant(l, STORAGE('stpool'), 'Storage Blob Data Reader', /^id-pool/),
    async (l) => {
      await remove(l, VM('pool-1'));
      await create(l, 'Virtual machine', 'pool-1', { userAssigned: 'id-pool' });
    },
    async (l) => {
      await sendToken(l, { audience: 'https://storage.azure.com/', identity: 'User-assigned: id-pool' });
      await call(l);
    },
    async (l) => {
      await create(l, 'User-assigned managed identity', 'id-batch');
      await grant(l, STORAGE('stpool'), 'Storage Blob Data Reader', /^id-batch/);
    },
    (l) => create(l, 'Virtual machine', 'batch-1', { userAssigned: 'id-batch' }),
  ],
  '12-sdk-on-and-off-azure': [
    async (l) => {
      await l.open(...VM('web-1'));
      await sendToken(l);
    },
    async (l) => {
      await l.open(...LAPTOP);
      await l.click(l.blade.getByRole('radio', { name: /ManagedIdentityCredential/ }));
      await sendToken(l);
    },
    (l) => addUserAssigned(l, VM('web-1'), 'id-agent'),
    (l) => sendToken(l),
    (l) => sendToken(l, { identity: 'User-assigned: id-app', by: /^client id/ }),
    (l) => call(l),
  ],
  '13-connectors': [
    async (l) => {
      await l.open(...FLOW);
      await call(l);
    },
    (l) => systemIdentity(l, FLOW),
    (l) => call(l, { token: /^The logic app’s managed identity/, audience: 'https://management.azure.com/' }),
    (l) => call(l, { audience: 'https://vault.azure.net' }),
    async (l) => {
      await grant(l, VAULT('kv-flow'), 'Key Vault Secrets User', /^flow-1 — system-assigned/);
      await l.open(...FLOW);
      await call(l);
    },
  ],
  '14-security-boundary': [
    async (l) => {
      await l.open(...VM('vm-app'));
      await sendToken(l, { audience: 'https://vault.azure.net' });
      await sendToken(l, { identity: 'User-assigned: id-payroll' });
    },
    (l) => call(l),
    (l) => grantUser(l, VM('vm-dana'), 'Virtual Machine Contributor', /^Dana/),
    async (l) => {
      await actAs(l, 'Dana');
      await addUserAssigned(l, VM('vm-dana'), 'id-payroll');
      // Azure's refusal is the outcome, in its own words.
      await expect(l.page.getByText('LinkedAuthorizationFailed').first()).toBeVisible();
    },
    async (l) => {
      await actAs(l, 'Sandbox admin (Owner)');
      await grantUser(l, UAMI('id-payroll'), 'Managed Identity Operator', /^Dana/, { allRoles: true });
    },
    async (l) => {
      await actAs(l, 'Dana');
      await addUserAssigned(l, VM('vm-dana'), 'id-payroll');
    },
    async (l) => {
      await sendToken(l, { audience: 'https://vault.azure.net', identity: 'User-assigned: id-payroll' });
      await call(l);
    },
  ],
  '15-graph-permissions': [
    async (l) => {
      await l.open(...VM('web-1'));
      await sendToken(l, { audience: 'https://graph.microsoft.com' });
    },
    (l) => call(l, { service: 'Microsoft Graph' }),
    async (l) => {
      // The service principal has the VM's name, and the VM's blade is open: pick it in the explorer.
      await l.click(l.page.getByRole('navigation', { name: 'Resources and directory' }).getByRole('button', { name: /^Service principal\s+web-1(\s|$)/ }));
      await expect(l.blade.getByText('Entra ID · Service principal')).toBeVisible();
      await l.choose(l.field('Application permission'), /^User\.Read\.All:/);
      await l.click(l.button('Grant the Graph permission'));
    },
    async (l) => {
      await fastForward(l, { button: 'Fast-forward the clock 24 h' });
      // The service principal's blade has the VM's name: pick the VM in the explorer.
      await l.click(l.page.getByRole('navigation', { name: 'Resources and directory' }).getByRole('button', { name: /^VM\s+web-1(\s|$)/ }));
      await expect(l.blade.getByRole('tab', { name: 'Get a token', exact: true })).toBeVisible();
      await sendToken(l, { audience: 'https://graph.microsoft.com' });
    },
    (l) => call(l, { service: 'Microsoft Graph' }),
  ],
  '16-sql-users': [
    async (l) => {
      await l.open(...VM('web-1'));
      await sendToken(l, { audience: 'https://database.windows.net/' });
    },
    (l) => call(l, { service: 'Azure SQL Database' }),
    (l) => tsql(l, 'CREATE USER [web-1] FROM EXTERNAL PROVIDER'),
    async (l) => {
      await l.open(...VM('web-1'));
      await call(l, { service: 'Azure SQL Database' });
    },
    (l) => tsql(l, 'ALTER ROLE db_datareader ADD MEMBER [web-1]'),
    async (l) => {
      await l.open(...VM('web-1'));
      await call(l, { service: 'Azure SQL Database' });
    },
  ],
};

/** Run T-SQL in the SQL server's Query editor, as its Entra admin. */
async function tsql(l: Learner, statement: string) {
  await l.open(...SQL('sql-orders-1'));
  await l.tab('Query editor');
  await l.fill(l.field('T-SQL', 'textbox'), statement);
  await l.click(l.button('Run'));
}

/** Switch who acts with the top bar's "Acting as" control. */
async function actAs(l: Learner, who: string) {
  await l.choose(l.page.getByRole('group', { name: 'Acting as' }).getByRole('combobox'), who);
}

/** Grant a role to a user of the tenant on a scope's Access control (IAM). */
async function grantUser(l: Learner, scope: [string, string], role: string, member: RegExp, o: { allRoles?: boolean } = {}) {
  await l.open(...scope);
  await l.tab('Access control (IAM)');
  const showAll = l.field('Show all roles', 'checkbox');
  if (o.allRoles && !(await l.field('Role').locator('option', { hasText: role }).count())) await l.click(showAll);
  await l.choose(l.field('Role'), role);
  await l.click(l.blade.getByRole('radio', { name: 'User' }));
  await l.choose(l.field('Member (user)'), member);
  await l.click(l.button('Assign'));
}

const FLOW: [string, string] = ['Logic app', 'flow-1'];
const GUID = '5f0c2d3e-8a4b-4c61-9d2e-7b1a0c9e4f21';

// Every lesson at the projector size; two of them again on a large screen, where lesson mode has four columns.
const RUNS = [...Object.keys(LESSONS).map((id) => ({ id, width: 1280, height: 720 })), { id: '03-grant-and-token', width: 1920, height: 1080 }, { id: '10-management-vs-data', width: 1920, height: 1080 }];

for (const { id, width, height } of RUNS) {
  const steps = LESSONS[id]!;
  test(`lesson ${id}, every step by hand at ${width}x${height}`, async ({ page }) => {
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.setViewportSize({ width, height });

    // Work of the learner's own is in the free sandbox.
    await page.goto('/');
    await page.getByRole('button', { name: 'Open “A VM and a key vault”' }).click();
    await expect.poll(() => page.evaluate(() => Object.keys(localStorage).some((k) => k.endsWith(':default:sandbox')))).toBe(true);

    const l = new Learner(page);
    await page.getByRole('button', { name: 'Lessons', exact: true }).click();
    const number = Number(id.slice(0, 2));
    await l.pane.getByRole('button', { name: new RegExp(`lesson ${number}:`) }).click();

    for (const [i, act] of steps.entries()) {
      await expect(l.pane.getByRole('heading', { name: new RegExp(`^Step ${i + 1} of ${steps.length}:`) })).toBeVisible();
      l.count = 0;
      const skip = l.pane.getByRole('button', { name: 'Skip the question' });
      if (await skip.isVisible()) await l.click(skip);
      await act(l);
      await expect(l.pane.getByText('✓ Step done.'), `step ${i + 1} ticks off`).toBeVisible();
      const next = l.pane.getByRole('button', { name: i === steps.length - 1 ? 'Finish the lesson' : 'Next step' });
      await expect(next, `step ${i + 1}: the next thing to do is in view`).toBeInViewport();
      expect(l.count, `step ${i + 1} needs ${l.count} interactions`).toBeLessThanOrEqual(MAX_INTERACTIONS);
      await expect.poll(() => overflowingPanels(page), `step ${i + 1}: no column is wider than its box`).toEqual([]);
      await next.click();
    }
    await expect(l.pane.getByRole('heading', { name: 'Lesson complete' })).toBeVisible();
    await expect(l.pane.getByText(/0 shown/)).toBeVisible();
    expect(problems).toEqual([]);
  });
}

/** Columns whose content is wider than their box (what a person sees as clipped or scrolled sideways). */
function overflowingPanels(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('main, aside, nav, section[aria-label], [role="region"]')]
      .filter((el) => el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1)
      .map((el) => {
        // Name the innermost element that sticks out, so a failure says what to fix.
        const edge = el.getBoundingClientRect().left + el.clientWidth;
        const out = [...el.querySelectorAll<HTMLElement>('*')].filter((c) => c.getBoundingClientRect().right > edge + 1 && !c.querySelector('*:not(option, optgroup)'));
        const what = out.map((c) => `${c.tagName.toLowerCase()}.${c.className} "${(c.textContent ?? '').trim().slice(0, 30)}"`).slice(0, 3);
        return `${el.tagName.toLowerCase()} "${el.getAttribute('aria-label') ?? el.id}" ${el.scrollWidth} > ${el.clientWidth}: ${what.join(', ')}`;
      }),
  );
}
