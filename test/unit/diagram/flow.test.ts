// The flow (sequence) and access path diagrams, drawn from the outcomes the simulation itself gives a
// token request and the calls that follow (worlds.ts realCalls), varied by hand only where a test needs
// a decision the demo does not reach.
import { describe, expect, it } from 'vitest';
import { accessPath } from '../../../src/diagram/access-path.ts';
import { COMPACT } from '../../../src/diagram/diagram.ts';
import { flow, failureText } from '../../../src/diagram/flow.ts';
import type { Evidence, Outcome, SourceResource } from '../../../src/sim/index.ts';
import { expectOnlyGeneratedSyntax } from './grammar.ts';
import { DEMO, HOSTILE, hostileWorld, play, realCalls } from './worlds.ts';

const calls = await realCalls();
const world = calls.refusedWorld;
const vm = Object.values(world.resources).find((r) => r.kind === 'vm') as SourceResource;
const vault = calls.vault;
const assignment = world.roleAssignments[calls.assignment.toLowerCase()] ?? Object.values(world.roleAssignments)[0]!;
const tokenOk = () => calls.token;
const callForbidden = () => calls.forbidden;
const callWrongAudience = () => calls.wrongAudience;
const names = { source: 'web-1', target: 'kv-demo-1' };
const messages = (text: string) => text.split('\n').filter((l) => /^ {2}\w+-?->>\w+: /.test(l));

describe('flow', () => {
  it('names the parties and draws each hop with its status, replies dashed', () => {
    const d = flow(tokenOk(), callForbidden(), names);
    expect(d.text.split('\n')[0]).toBe('sequenceDiagram');
    for (const p of ['participant code as Code on web-1', 'participant imds as IMDS<br/>169.254.169.254', 'participant entra as Entra ID', 'participant target as Key vault<br/>kv-demo-1', 'participant rbac as Azure RBAC']) {
      expect(d.text).toContain(p);
    }
    const m = messages(d.text);
    expect(m[0]).toBe('  code->>imds: 1. GET<br/>/metadata/identity/oauth2/token');
    expect(m[2]).toBe('  entra-->>imds: 3. signed token');
    expect(m[3]).toBe('  imds-->>code: 4. 200 access#95;token');
    expect(m.at(-1)).toMatch(/^  target-->>code: \d+\. ✗ 403 Forbidden$/);
    expectOnlyGeneratedSyntax(d.text);
  });

  it('marks the failing step with a note over the party that said no, in Azure\'s words', () => {
    const d = flow(tokenOk(), callForbidden(), names);
    expect(d.text).toContain('Note over rbac: ✗ Caller is not<br/>authorized to perform<br/>action on resource.');
    expect(d.description).toContain('It failed at Azure RBAC: Caller is not authorized to perform action on resource.');
    const audience = flow(undefined, callWrongAudience(), names);
    expect(audience.text).toMatch(/Note over target: ✗ AKV10022#58; Invalid/);
    expect(audience.title).toBe('Flow: call to the target');
  });

  it('uses the local identity endpoint for App Service, and says when there is nothing yet', () => {
    const token: Outcome = { ...tokenOk(), trace: [{ from: 'code', to: 'appService', label: 'GET /msi/token', ok: true }, { from: 'appService', to: 'code', label: '200 access_token', status: 200, ok: true }] };
    expect(flow(token, undefined, names).text).toContain('participant endpoint as Local identity<br/>endpoint');
    const empty = flow(undefined, undefined, names);
    expect(empty.text).toContain('Note over code: No token request or<br/>target call yet');
    expect(empty.description).toBe('No token request or target call yet.');
    expectOnlyGeneratedSyntax(empty.text);
  });

  it('marks a request that never got an answer', () => {
    const token: Outcome = {
      ...tokenOk(),
      ok: false,
      http: { request: tokenOk().http!.request, response: { status: 0, statusText: '', headers: {}, body: '' }, networkError: 'connect EHOSTUNREACH 169.254.169.254:80' },
      trace: [{ from: 'code', to: 'imds', label: 'no route to 169.254.169.254', ok: false }],
    };
    const d = flow(token, undefined, names);
    expect(d.text).toContain('Note over imds: ✗ connect EHOSTUNREACH<br/>169.254.169.254#58;80');
  });

  it('keeps hostile names and labels inert', () => {
    for (const name of HOSTILE) {
      const hostileHop: Outcome = { ...tokenOk(), trace: [{ from: 'code', to: 'imds', label: name, ok: false, status: 400 }], http: { request: tokenOk().http!.request, response: { status: 400, statusText: 'Bad Request', headers: {}, body: JSON.stringify({ error: 'invalid_request', error_description: name }) } } };
      const d = flow(hostileHop, undefined, { source: name, target: name });
      expectOnlyGeneratedSyntax(d.text);
    }
  });

  it('compact for the stage: tighter gaps by a constant line after the type, nothing else changed', () => {
    const d = flow(tokenOk(), callForbidden(), names);
    const compact = flow(tokenOk(), callForbidden(), names, true);
    expect(compact.text.split('\n')).toEqual([d.text.split('\n')[0], COMPACT.sequenceDiagram, ...d.text.split('\n').slice(1)]);
    expectOnlyGeneratedSyntax(compact.text);
  });

  it('is a pure function of its inputs', () => {
    expect(flow(tokenOk(), callForbidden(), names)).toEqual(flow(tokenOk(), callForbidden(), names));
  });
});

describe('failureText', () => {
  it('reads Key Vault, Entra, IMDS and Storage errors, first line only', () => {
    expect(failureText(callWrongAudience())).toMatch(/^AKV10022: Invalid audience/);
    expect(failureText(callForbidden())).toBe('Caller is not authorized to perform action on resource.');
    const xml = { ...tokenOk(), http: { ...tokenOk().http!, response: { status: 403, statusText: 'Forbidden', headers: {}, body: '<?xml version="1.0"?><Error><Code>AuthorizationPermissionMismatch</Code><Message>This request is not authorized.</Message></Error>' } } };
    expect(failureText(xml)).toBe('AuthorizationPermissionMismatch: This request is not authorized.');
  });
});

describe('accessPath', () => {
  const path = (o: Outcome) => accessPath(o, { world });
  const evidence = (over: Partial<Evidence>): Evidence => ({ assignmentId: assignment.id, roleName: 'Key Vault Secrets User', scope: vault, level: 'resource', inherited: false, permits: true, effectiveAt: 0, ...over });
  const withDecision = (decision: Partial<NonNullable<NonNullable<Outcome['call']>['decision']>>, status = 200): Outcome => {
    const base = callForbidden();
    return { ...base, http: { ...base.http!, response: { ...base.http!.response, status, statusText: status === 200 ? 'OK' : 'Forbidden' } }, call: { ...base.call!, decision: { ...base.call!.decision!, ...decision } } };
  };

  it('draws identity -> assignment -> scope -> role -> action when access is granted', () => {
    const d = path(withDecision({ allowed: true, granted: evidence({}), considered: [evidence({})] }));
    const nodes = d.text.split('\n').filter((l) => /^ {2}s\d/.test(l) && !l.includes('-->'));
    expect(nodes.map((l) => /"(.*?)(?:<br\/>|")/.exec(l)?.[1])).toEqual(['✓ web-1', '✓ Role assignment', '✓ key vault kv-demo-1', '✓ Key Vault Secrets User', '✓ Allowed · 200 OK']);
    expect(d.text).toContain('class s1,s2,s3,s4,s5 ok');
    expect(d.description).toMatch(/^Access decision for the last call: Allowed\./);
    expectOnlyGeneratedSyntax(d.text);
  });

  it('says an assignment on the target resource is at this scope, though the request named a secret inside it', () => {
    // The decision compares with the secret's own scope, so it calls an assignment on the vault "inherited".
    const d = path(withDecision({ allowed: true, granted: evidence({ inherited: true }), considered: [evidence({ inherited: true })] }));
    expect(d.text).toContain('✓ Role assignment<br/>at this scope');
    expect(d.text).not.toContain('inherited from above');
    const above = path(withDecision({ allowed: true, granted: evidence({ inherited: true, scope: vault.replace(/\/providers\/.*$/, ''), level: 'resourceGroup' }) }));
    expect(above.text).toContain('inherited from above');
  });

  it('breaks at the role when it lacks the data action', () => {
    const d = path(callForbidden());
    expect(d.text).toContain('✗ Reader<br/>does not include secrets/getSecret/action');
    expect(d.text).toMatch(/class s4,s5 broken/);
  });

  it('breaks at the assignment while it has not propagated', () => {
    const d = path(withDecision({ pending: [evidence({ effectiveAt: world.now + 240 })], considered: [evidence({ effectiveAt: world.now + 240 })] }, 403));
    expect(d.text).toContain('✗ Role assignment<br/>at this scope<br/>takes effect in 4 min');
    expect(d.description).toContain('has not propagated yet');
  });

  it('breaks right after the identity when no assignment reaches the target', () => {
    const d = path(withDecision({ considered: [] }, 403));
    expect(d.text).toContain('✗ No role assignment<br/>reaches key vault kv-demo-1');
  });

  it('draws the simulation\'s own answers: every token check passed, then the path to the role that allowed it', () => {
    expect(calls.forbidden.call!.checks.map((c) => c.name)).toEqual(['present', 'format', 'algorithm', 'signature', 'notBefore', 'expiry', 'audience', 'issuer']);
    const d = accessPath(calls.allowed, { world: calls.world });
    expect(d.text).toContain('✓ Key Vault Secrets User<br/>includes secrets/getSecret/action');
    expect(d.text).toContain('✓ Allowed · 200 OK');
    expect(flow(calls.token, calls.allowed, names).description).toMatch(/It ended with 200 OK\.$/);
  });

  it('breaks at the token check that failed, before any RBAC, naming whose token it was', () => {
    const d = path(callWrongAudience());
    expect(d.text).toContain('Caller<br/>the token names web-1');
    expect(d.text).not.toContain('no identity in the token');
    expect(d.text).toContain('✗ token check#58; audience');
    expect(d.text).toContain('✗ Refused · 401 Unauthorized');
    expect(d.text).not.toContain('Role assignment');
  });

  it('shows a vault in access policy mode deciding by policy', () => {
    const base = callForbidden();
    const { decision: _, ...call } = base.call!;
    const d = path({ ...base, call: { ...call, accessPolicy: { allowed: false, permission: 'get', reason: 'No access policy of this principal grants secrets get.' } } });
    expect(d.text).toContain('vault access policy model<br/>role assignments are ignored');
    expect(d.text).toContain('✗ access policy<br/>does not grant secrets get');
  });

  it('says "Identity not found" when the token names a deleted principal', () => {
    const gone = play(DEMO).at(-1)!.world;
    const d = accessPath(withDecision({ considered: [] }, 403), { world: gone });
    expect(d.text).toContain('✗ Identity not found');
  });

  it('left to right for a wide stage: the same boxes wrapped narrow, arrows without words, the constant spacing line', () => {
    const o = withDecision({ allowed: true, granted: evidence({}), considered: [evidence({})] });
    const tb = path(o);
    const lr = accessPath(o, { world, direction: 'LR', compact: true });
    expect(lr.text.split('\n').slice(0, 2)).toEqual(['flowchart LR', COMPACT['flowchart LR']]);
    expect(lr.text).toContain('s4["✓ Key Vault<br/>Secrets User<br/>includes<br/>secrets/<br/>getSecret/<br/>action"]');
    expect(lr.text.split('\n').filter((l) => /^ {2}s\d+ -->/.test(l))).toEqual(['  s1 --> s2', '  s2 --> s3', '  s3 --> s4', '  s4 --> s5']);
    expect(lr.description).toBe(tb.description);
    expectOnlyGeneratedSyntax(lr.text);
    const h = hostileWorld();
    expectOnlyGeneratedSyntax(accessPath(callForbidden(), { world: h.world, direction: 'LR', compact: true }).text);
  });

  it('has an empty state, and keeps hostile names inert', () => {
    expect(accessPath(undefined).text).toContain('No target call yet');
    const h = hostileWorld();
    const sp = Object.keys(h.world.servicePrincipals)[0]!;
    expectOnlyGeneratedSyntax(accessPath(callForbidden(), { world: h.world }).text);
  });
});
