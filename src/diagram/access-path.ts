// The access decision of the last target call, drawn as a path: identity -> role assignment -> scope ->
// role -> action, each step ✓ where it held, and the path ending at the step where it broke (a token
// check, no assignment, a role without the data action, an assignment not yet propagated, a vault that
// decides by access policy).
import { idKey, serviceOf, type Evidence, type Outcome, type World } from '../sim/index.ts';
import { accessible, describe, type Diagram, type Direction, type Theme } from './diagram.ts';
import { lines, narrowLines, plain } from './escape.ts';
import { classLines, edgeLine, linkStyleLines, nodeLine } from './flowchart.ts';
import { scopeWords, shortId, type Shape } from './graph.ts';
import { classDefs, edgeStyle, type Category } from './palette.ts';

export interface AccessPathOptions {
  /** The world the call was made in, for names; without it, ids are shown. */
  world?: World;
  theme?: Theme;
  /**
   * Top to bottom (the default), or left to right for a wide stage: there the boxes wrap narrow and the
   * arrows carry no words, since five boxes and four labelled arrows do not fit across a projector at
   * 20 px (each box's own words say what the arrow did: "Role assignment at this scope").
   */
  direction?: Direction;
  /** Tighter gaps between boxes (diagram.ts COMPACT), for the presenter's stage. */
  compact?: boolean;
}

interface Step {
  category: Category;
  shape: Shape;
  state: 'ok' | 'broken' | 'plain';
  lines: string[];
  /** The label of the edge that leads into this step. */
  via: string;
  sentence: string;
}

const TITLE = 'Access decision of the last call';
/** Left to right, a box's lines wrap at about this many characters. */
const NARROW = 12;

/** The operation without its provider prefix, which says nothing new next to the target's name. */
const shortOperation = (op: string) => op.split('/').slice(-3).join('/');

function targetWords(world: World | undefined, call: NonNullable<Outcome['call']>): string {
  if (call.resourceId && world?.resources[idKey(call.resourceId)]) return scopeWords(world, call.resourceId);
  return serviceOf(call.target).words.target;
}

function identityStep(world: World | undefined, principalId: string | undefined): Step {
  if (!principalId) return { category: 'entra', shape: 'round', state: 'plain', lines: ['Caller', 'no identity in the token'], via: '', sentence: 'The caller presented no identity.' };
  const sp = world?.servicePrincipals[principalId];
  if (sp) return { category: 'entra', shape: 'round', state: 'ok', lines: [`✓ ${plain(sp.displayName)}`, 'service principal', `object id ${shortId(principalId)}`], via: '', sentence: `The caller is service principal ${plain(sp.displayName)}.` };
  const was = world?.deletedPrincipals[principalId];
  if (world) {
    return { category: 'missing', shape: 'rect', state: 'broken', lines: ['✗ Identity not found', `object id ${shortId(principalId)}`, was ? `was ${plain(was.displayName)}` : ''], via: '', sentence: `The token names object id ${principalId}, which is not in the directory${was ? ` (it was ${plain(was.displayName)})` : ''}.` };
  }
  return { category: 'entra', shape: 'round', state: 'plain', lines: ['Caller', `object id ${shortId(principalId)}`], via: '', sentence: `The caller is object id ${principalId}.` };
}

/** Who a rejected token names: what it claims, not an identity the service accepted. */
function claimedStep(world: World | undefined, principalId: string | undefined): Step {
  if (!principalId) return { category: 'entra', shape: 'round', state: 'plain', lines: ['Caller', 'no identity in the token'], via: '', sentence: 'The caller presented no identity.' };
  const name = world?.servicePrincipals[principalId]?.displayName ?? world?.deletedPrincipals[principalId]?.displayName;
  return {
    category: 'entra',
    shape: 'round',
    state: 'plain',
    lines: ['Caller', name ? `the token names ${plain(name)}` : `the token names object id ${shortId(principalId)}`],
    via: '',
    sentence: `The token names ${name ? plain(name) : `object id ${principalId}`}, but the service rejected it before asking who may do what.`,
  };
}

/**
 * Whether an assignment comes from a scope above the target resource. The decision's own `inherited`
 * compares with the exact scope of the request (a secret, a container), so an assignment on the vault
 * itself would read as "inherited"; what a learner sees is the resource they assigned the role on.
 */
function fromAbove(e: Evidence, resourceId: string | undefined): boolean {
  if (!resourceId) return e.inherited;
  const scope = idKey(e.scope);
  const target = idKey(resourceId);
  return !(scope === target || scope.startsWith(`${target}/`));
}

function evidenceSteps(world: World | undefined, evidence: Evidence, target: string, state: { assignment: Step['state']; role: Step['state'] }, now: number | undefined, operation: string, resourceId: string | undefined): Step[] {
  const e = { ...evidence, inherited: fromAbove(evidence, resourceId) };
  const scope = world ? scopeWords(world, e.scope) : e.scope.split('/').pop() ?? e.scope;
  const wait = now !== undefined && e.effectiveAt > now ? Math.ceil((e.effectiveAt - now) / 60) : 0;
  const assignment: Step = {
    category: 'scope',
    shape: 'rect',
    state: state.assignment,
    lines: [`${state.assignment === 'broken' ? '✗' : '✓'} Role assignment`, e.inherited ? 'inherited from above' : 'at this scope', wait ? `takes effect in ${wait} min` : ''],
    via: 'holds',
    sentence: wait ? `It holds a role assignment that has not propagated yet: it takes effect in ${wait} min.` : `It holds a role assignment${e.inherited ? ' inherited from above' : ''}.`,
  };
  const scopeStep: Step = {
    category: 'scope',
    shape: 'parallelogram',
    state: 'ok',
    lines: [`✓ ${scope}`, e.inherited ? `covers ${target}` : 'the target itself'],
    via: 'at scope',
    sentence: e.inherited ? `Its scope, ${scope}, covers ${target}.` : `Its scope is ${target} itself.`,
  };
  const permits = e.permits;
  const role: Step = {
    category: 'scope',
    shape: 'rect',
    state: state.role,
    lines: [`${permits ? '✓' : '✗'} ${e.roleName}`, `${permits ? 'includes' : 'does not include'} ${shortOperation(operation)}`],
    via: 'grants role',
    sentence: `The role ${e.roleName} ${permits ? 'includes' : 'does not include'} ${operation}.`,
  };
  return [assignment, scopeStep, role];
}

export function accessPath(callOutcome?: Outcome, options: AccessPathOptions = {}): Diagram {
  const { world, theme = 'light', direction = 'TB', compact = false } = options;
  const narrow = direction === 'LR';
  const call = callOutcome?.call;
  const steps: Step[] = [];
  let verdict = '';

  if (!call) {
    steps.push({ category: 'scope', shape: 'rect', state: 'plain', lines: ['No target call yet'], via: '', sentence: 'No target call yet: call a target with a token to see how access is decided.' });
  } else {
    const target = targetWords(world, call);
    const status = callOutcome.http?.response.status;
    const statusText = status ? `${status} ${callOutcome.http?.response.statusText ?? ''}`.trim() : '';
    const operation = call.operation ?? 'the operation';
    // A service that decides by the token's app roles (call.grant) refuses at its role check: that is its authorization, not a rejected token.
    const failed = call.checks.find((c) => !c.ok && !(call.grant && c.name === 'role'));
    steps.push(failed ? claimedStep(world, call.principalId) : identityStep(world, call.principalId));
    const passed = call.checks.filter((c) => c.ok).map((c) => c.name);
    let allowed = false;
    if (call.grant) {
      // A service that decides by permissions of its own (Graph's app roles, SQL's users): RBAC plays no part.
      const g = call.grant;
      allowed = g.allowed;
      steps.push({ category: 'target', shape: 'cylinder', state: 'ok', lines: [`✓ ${target}`, `decides by ${g.model}`, 'role assignments are ignored'], via: passed.length ? 'token ✓' : 'asks', sentence: `${target} decides by ${g.model}, so Azure role assignments do not count.` });
      steps.push({ category: 'scope', shape: 'rect', state: g.allowed ? 'ok' : 'broken', lines: [`${g.allowed ? '✓' : '✗'} ${g.holds}`], via: 'checks', sentence: plain(g.reason, 300) });
    } else if (failed) {
      steps.push({ category: 'scope', shape: 'rect', state: 'broken', lines: [`✗ token check: ${failed.name}`, failed.detail], via: 'presents a token', sentence: `The token failed the ${failed.name} check: ${plain(failed.detail, 200)}.` });
    } else if (call.accessPolicy) {
      const p = call.accessPolicy;
      allowed = p.allowed;
      steps.push({ category: 'target', shape: 'cylinder', state: 'ok', lines: [`✓ ${target}`, 'vault access policy model', 'role assignments are ignored'], via: passed.length ? 'token ✓' : 'asks', sentence: `${target} uses the vault access policy model, so role assignments do not count.` });
      steps.push({ category: 'scope', shape: 'rect', state: p.allowed ? 'ok' : 'broken', lines: [`${p.allowed ? '✓' : '✗'} access policy`, `${p.allowed ? 'grants' : 'does not grant'} secrets ${p.permission}`], via: 'checks', sentence: plain(p.reason, 300) });
    } else if (call.decision) {
      const d = call.decision;
      allowed = d.allowed;
      const now = world?.now;
      if (d.granted) steps.push(...evidenceSteps(world, d.granted, target, { assignment: 'ok', role: 'ok' }, now, d.operation, call.resourceId));
      else if (d.pending[0]) steps.push(...evidenceSteps(world, d.pending[0], target, { assignment: 'broken', role: 'ok' }, now, d.operation, call.resourceId));
      else if (d.considered[0]) {
        const more = d.considered.length - 1;
        const path = evidenceSteps(world, d.considered[0], target, { assignment: 'ok', role: 'broken' }, now, d.operation, call.resourceId);
        if (more > 0) path[2]!.lines.push(`and ${more} more role${more === 1 ? '' : 's'}: none includes it`);
        steps.push(...path);
      } else {
        steps.push({ category: 'scope', shape: 'rect', state: 'broken', lines: ['✗ No role assignment', `reaches ${target}`], via: 'holds', sentence: `No role assignment of this principal reaches ${target}.` });
      }
    } else {
      allowed = !!status && status < 400;
    }
    verdict = allowed ? 'Allowed' : 'Refused';
    steps.push({
      category: 'target',
      shape: 'cylinder',
      state: allowed ? 'ok' : 'broken',
      lines: [`${allowed ? '✓' : '✗'} ${verdict}${statusText ? ` · ${statusText}` : ''}`, shortOperation(operation), `on ${target}`],
      via: allowed ? 'permits' : 'so',
      // A refusal says why in the service's words; an allowed call's reason only repeats the path.
      sentence: allowed ? `${verdict}${statusText ? ` with ${statusText}` : ''}.` : `${verdict}${statusText ? ` with ${statusText}` : ''}: ${plain(call.reason, 300)}`,
    });
  }

  const ids = steps.map((_, i) => `s${i + 1}`);
  const body: string[] = steps.map((s, i) => nodeLine(ids[i]!, s.shape, lines(narrow ? s.lines.flatMap((l) => narrowLines(l, NARROW)) : s.lines, 90)));
  const styles = new Map<string, number[]>();
  const brokenEdge = edgeStyle({ broken: true }, theme);
  steps.slice(1).forEach((s, i) => {
    body.push(edgeLine(ids[i]!, ids[i + 1]!, s.state === 'broken' ? 'dotted' : 'solid', narrow ? '' : lines([s.via])));
    if (s.state === 'broken') styles.set(brokenEdge, [...(styles.get(brokenEdge) ?? []), i]);
  });
  // Hue classes first, state classes after: a later class wins where both set the outline.
  const members = new Map<string, string[]>();
  steps.forEach((s, i) => members.set(s.category, [...(members.get(s.category) ?? []), ids[i]!]));
  steps.forEach((s, i) => s.state !== 'plain' && members.set(s.state, [...(members.get(s.state) ?? []), ids[i]!]));
  const description = describe([call ? `Access decision for the last call: ${verdict}.` : '', ...steps.map((s) => s.sentence)]);
  const text = [...accessible(`flowchart ${direction}`, TITLE, description, compact), ...classDefs(theme), ...body, ...classLines(members), ...linkStyleLines(styles)].join('\n');
  return { text, title: TITLE, description };
}
