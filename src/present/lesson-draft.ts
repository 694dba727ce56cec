// A recording as a lesson draft: lesson.md in the format of lessons/README.md, one step per recorded
// action, with each step's goal proposed from what the action changed (a role assignment → the
// matching roleAssignment goal, a token request → lastRequest, a deletion → not exists, …). The
// teacher edits the goals (YAML) before export; the draft is checked with the lesson loader itself.
import { parse as parseYaml, stringify as yamlStringify } from 'yaml';
import { checkGoal } from '../lessons/schema.ts';
import { describe, evaluate, REF_KINDS, type Goal, type Ref } from '../lessons/goals.ts';
import { loadLessons } from '../lessons/loader.ts';
import { displayName, findRole, getResource, lastSegment, type Action, type Outcome, type World } from '../sim/index.ts';
import { demoTitle, oneLine, slugOf, titleOf, type Recording, type Replayed } from './record.ts';

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** A resource, group or the subscription as a goal names it ("vm web-1"), or undefined when goals cannot name it. */
export function refOf(world: World, id: string): Ref | undefined {
  const subscription = Object.values(world.subscriptions).find((s) => same(s.id, id));
  if (subscription) return 'subscription';
  const group = Object.values(world.resourceGroups).find((g) => same(g.id, id));
  if (group) return `resourceGroup ${group.name}`;
  const r = getResource(world, id);
  return r && r.kind in REF_KINDS ? `${r.kind} ${displayName(r)}` : undefined;
}

function principalNameOf(world: World, id: string): string | undefined {
  const key = id.toLowerCase();
  const sp = Object.values(world.servicePrincipals).find((p) => p.id.toLowerCase() === key);
  if (sp) return sp.displayName;
  return Object.values(world.deletedPrincipals).find((p) => p.id.toLowerCase() === key)?.displayName;
}

function assignmentGoal(world: World, id: string, principalWorld = world): Goal | undefined {
  const a = Object.values(world.roleAssignments).find((x) => same(x.id, id));
  if (!a) return undefined;
  const role = findRole(a.roleDefinitionId)?.roleName;
  const scope = refOf(world, a.scope);
  const principal = principalNameOf(principalWorld, a.principalId);
  return { roleAssignment: { ...(role ? { role } : {}), ...(scope ? { scope } : {}), ...(principal ? { principal } : {}) } };
}

const not = (goal: Goal): Goal => ({ not: goal });

/**
 * The goal a step's action reached, in the lesson vocabulary (src/lessons/goals.ts), from the worlds
 * before and after it and its outcome. Falls back to "the last action (its kind) succeeded".
 */
export function proposeGoal(before: World, after: World, action: Action, outcome: Outcome): Goal {
  const fallback: Goal = { lastAction: { type: action.type, ok: true } };
  switch (action.type) {
    case 'resourceGroup.create':
      return { exists: `resourceGroup ${action.name}` };
    case 'resourceGroup.delete':
      return not({ exists: `resourceGroup ${action.name}` });
    case 'resource.create':
    case 'slot.create': {
      const ref = outcome.created.map((id) => refOf(after, id)).find((r) => r && !r.startsWith('resourceGroup'));
      return ref ? { exists: ref } : fallback;
    }
    case 'resource.delete': {
      const ref = refOf(before, action.id);
      if (!ref) return fallback;
      // What deleting leaves: role assignments whose identity is gone show as "Identity not found".
      const orphan = outcome.orphaned.map((id) => Object.values(after.roleAssignments).find((a) => same(a.id, id))).find((a) => a !== undefined);
      if (!orphan) return not({ exists: ref });
      const role = findRole(orphan.roleDefinitionId)?.roleName;
      return { all: [not({ exists: ref }), { roleAssignment: { ...(role ? { role } : {}), orphaned: true } }] };
    }
    case 'identity.system.enable':
    case 'identity.system.disable': {
      const ref = refOf(before, action.resourceId);
      if (!ref) return fallback;
      return action.type === 'identity.system.enable' ? { systemAssigned: ref } : not({ systemAssigned: ref });
    }
    case 'identity.user.assign':
    case 'identity.user.unassign': {
      const resource = refOf(before, action.resourceId);
      if (!resource) return fallback;
      const goal: Goal = { userAssigned: { resource, identity: lastSegment(action.identityId) } };
      return action.type === 'identity.user.assign' ? goal : not(goal);
    }
    case 'roleAssignment.create': {
      const created = outcome.created.map((id) => assignmentGoal(after, id)).find((g) => g !== undefined);
      return created ?? fallback;
    }
    case 'roleAssignment.delete': {
      const gone = assignmentGoal(before, action.id);
      return gone ? not(gone) : fallback;
    }
    case 'keyVault.setPermissionModel': {
      const vault = refOf(before, action.vaultId);
      return vault ? { permissionModel: { vault, model: action.model } } : fallback;
    }
    case 'keyVault.accessPolicy.set': {
      const vault = refOf(before, action.vaultId);
      // The policy this action wrote (or, for an empty list, removed): the one that differs between the worlds.
      const policies = (w: World) => {
        const kv = getResource(w, action.vaultId);
        return kv?.kind === 'keyVault' ? kv.accessPolicies : [];
      };
      const [was, now] = [policies(before), policies(after)];
      const touched = action.secrets.length
        ? now.find((p) => !was.some((q) => JSON.stringify(q) === JSON.stringify(p)))
        : was.find((p) => !now.some((q) => same(q.objectId, p.objectId)));
      const principal = touched ? principalNameOf(after, touched.objectId) : undefined;
      if (!vault || !principal) return fallback;
      const goal: Goal = { accessPolicy: { vault, principal, ...(action.secrets.length ? { secrets: [...action.secrets] } : {}) } };
      return action.secrets.length ? goal : not(goal);
    }
    case 'token.request': {
      const from = action.from ? refOf(before, action.from) : undefined;
      const status = outcome.http?.response?.status;
      return { lastRequest: { ...(from ? { from } : {}), ...(status !== undefined ? { status } : {}) } };
    }
    case 'target.call': {
      const from = action.from ? refOf(before, action.from) : undefined;
      const target = outcome.call?.resourceId ? refOf(before, outcome.call.resourceId) : undefined;
      const status = outcome.http?.response?.status;
      return { lastCall: { ...(from ? { from } : {}), ...(target ? { target } : {}), ...(status !== undefined ? { status } : {}) } };
    }
    default:
      return fallback;
  }
}

export const goalYaml = (goal: Goal) => yamlStringify(goal, { flowCollectionPadding: true, lineWidth: 0 }).trimEnd();

/** Read a goal the teacher edited: YAML, checked like a lesson's. */
export function readGoal(text: string): { ok: true; goal: Goal } | { ok: false; problem: string } {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (e) {
    return { ok: false, problem: `not valid YAML: ${(e as Error).message.split('\n')[0]}` };
  }
  const problems = checkGoal(data);
  return problems.length ? { ok: false, problem: problems.join('; ') } : { ok: true, goal: data as Goal };
}

/** Each step's goal: the one the teacher wrote, else the proposed one. */
export function stepGoals(rec: Recording, replayed: Replayed): { yaml: string; proposed: boolean; goal: Goal | null; problem?: string; text: string }[] {
  return rec.steps.map((s, i) => {
    const before = replayed.worlds[i];
    const after = replayed.worlds[i + 1];
    const outcome = replayed.outcomes[i];
    const proposed: Goal = before && after && outcome ? proposeGoal(before, after, s.action, outcome) : { lastAction: { type: s.action.type, ok: true } };
    if (s.goal === undefined) return { yaml: goalYaml(proposed), proposed: true, goal: proposed, text: describe(proposed) };
    const read = readGoal(s.goal);
    return read.ok ? { yaml: s.goal, proposed: false, goal: read.goal, text: describe(read.goal) } : { yaml: s.goal, proposed: false, goal: null, problem: read.problem, text: '' };
  });
}

/** Whether a goal holds right after its step: a proposal that does not would never tick. */
export function goalHolds(goal: Goal, after: World, action: Action, outcome: Outcome): boolean {
  return evaluate(goal, { world: after, last: { action, outcome } }).met;
}

/** Markdown safe to place in a lesson section: no heading that would start a step, no fence that would swallow the rest. */
export function sectionMarkdown(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let fence: string | null = null;
  const out = lines.map((line) => {
    const open = /^(\s{0,3})(`{3,}|~{3,})\s*([\w-]*)\s*$/.exec(line);
    if (fence) {
      if (line.trim().startsWith(fence) && line.trim().replace(/[`~]/g, '') === '') fence = null;
      return line;
    }
    if (open) {
      fence = open[2]!;
      return open[3] === 'step' ? `${open[1]}${open[2]}text` : line;
    }
    return line.replace(/^(\s{0,3})##(?=\s|$)/, '$1###');
  });
  if (fence) out.push(fence);
  return out.join('\n').trim();
}

export interface LessonDraft {
  text: string;
  fileName: string;
  /** Problems the lesson loader found (none for a draft that will load). */
  problems: string[];
}

/** lesson.md for the recording: frontmatter with the start inline, one section and step block per step. */
export function lessonDraft(rec: Recording, replayed: Replayed, descriptions: string[]): LessonDraft {
  const goals = stepGoals(rec, replayed);
  const bad = goals.map((g, i) => (g.goal ? null : `Step ${i + 1}: the goal is not valid: ${g.problem}`)).filter((p): p is string => p !== null);
  if (bad.length) return { text: '', fileName: 'lesson.md', problems: bad };
  const title = demoTitle(rec);
  const { seed, start, actions } = rec.start;
  const front = {
    title,
    summary: oneLine(rec.summary, 400) || `A lesson recorded in the sandbox: ${descriptions.slice(0, 3).join('; ')}.`,
    minutes: Math.max(1, Math.min(60, Math.ceil(rec.steps.length * 1.5))),
    start: { seed, ...(start !== undefined ? { start } : {}), actions },
  };
  const ids = new Set<string>();
  const sections = rec.steps.map((s, i) => {
    const description = descriptions[i] ?? '';
    const heading = titleOf(s, description);
    let id = slugOf(heading).slice(0, 40).replace(/-+$/, '') || `step-${i + 1}`;
    if (!/^[a-z0-9]/.test(id) || ids.has(id)) id = `step-${i + 1}`;
    ids.add(id);
    const goal = goals[i]!.goal!;
    const block = {
      id,
      goal,
      hints: {
        nudge: `What has to hold: ${describe(goal)}.`,
        concept: oneLine(s.notes, 400) || `${description}.`,
        action: `${description}.`,
      },
      solution: [s.action],
    };
    const body = sectionMarkdown(s.notes);
    return `## ${heading.replace(/#+\s*$/, '').trim() || `Step ${i + 1}`}\n\n${body ? `${body}\n\n` : ''}\`\`\`step\n${yamlStringify(block, { lineWidth: 0 }).trimEnd()}\n\`\`\`\n`;
  });
  const intro = sectionMarkdown(rec.summary) || 'Recorded in the sandbox. Edit this introduction: what the learner will see and why it matters.';
  const text = `---\n${yamlStringify(front, { lineWidth: 0 }).trimEnd()}\n---\n\n${intro}\n\n${sections.join('\n')}`;
  const folder = `90-${slugOf(title) || 'recorded'}`;
  const loaded = loadLessons({ [`lessons/${folder}/lesson.md`]: text });
  return { text, fileName: 'lesson.md', problems: loaded.problems };
}
