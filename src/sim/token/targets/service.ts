// What one target service is, in one place: how its host is recognised and answered, the audience a
// token for it names, its words (summaries, diagrams, the form) and the calls a learner can build. The
// registry (registry.ts) holds one entry per service; everything that names a service reads it there.
import type { Draft } from '../../draft.ts';
import type { HttpRequest } from '../../http.ts';
import type { Application, ResourceKind, World } from '../../world.ts';
import type { TargetAnswer } from './common.ts';

/** The form's inputs a call can need. Each operation says which it shows. */
export type FieldKey = 'container' | 'name' | 'value' | 'role' | 'principalId' | 'path';

export interface CallInputs {
  op: string;
  /** The vault, account, namespace or ARM scope id, or the API's app id. */
  target: string;
  /** Secret, blob, tag or queue name. */
  name: string;
  container: string;
  /** Secret value, blob content, tag value or message body. */
  value: string;
  role: string;
  principalId: string;
  /** A new role assignment's name, a GUID chosen by the caller as in ARM. */
  assignmentName: string;
  path: string;
}

export interface Choice {
  id: string;
  label: string;
}

export interface Field {
  key: FieldKey;
  label: string;
  /** A pick from a list (a container, a role, a principal); a text box without. */
  choices?: (world: World, inputs: CallInputs) => Choice[];
  /** What the field holds until the learner changes it. */
  initial?: (world: World, inputs: CallInputs) => string;
  /** Shown in a list with nothing to pick. */
  none?: string;
}

export interface Operation {
  id: string;
  label: string;
  /** The inputs this operation needs, in the order the form shows them. */
  fields: readonly Field[];
}

export interface ServiceWords {
  /** The service by name, in summaries and the form: "Key Vault". */
  service: string;
  /** The flow diagram's participant, followed by the target's name unless `named` is false: "Key vault kv-1". */
  party: string;
  /** The target when its resource is not at hand, in a sentence: "the key vault". */
  target: string;
  /** The label of the form's target picker. */
  picker: string | ((op: string) => string);
}

/**
 * A Microsoft first-party API as Entra knows it: the resource ids a token can be asked for (as the docs
 * write them, with their names), and, where it grants application permissions to other principals, its
 * application (app id, service principal, app roles).
 */
export interface FirstParty {
  resources: Readonly<Record<string, string>>;
  app?: Application;
}

export interface TargetService {
  words: ServiceWords;
  /** Set for Microsoft's own APIs; absent for the tenant's own (their identity is the app registration). */
  firstParty?: FirstParty;
  /** Whether the diagram names the target after the service's words (not for ARM: it is one service). */
  named: boolean;
  /** Resource kinds whose blade offers to call this service. */
  kinds: readonly ResourceKind[];
  /** Whether this service answers the URL (its host pattern, as DNS would route it). */
  serves: (world: World, url: URL) => boolean;
  /** The answer; a string is a network failure (no such vault or account: DNS has no name for it). */
  handle: (d: Draft, request: HttpRequest, url: URL) => Promise<TargetAnswer | string>;
  /** The audience a token for this target is asked with (the SDK's scope without /.default). */
  audience: (world: World, target: string) => string;
  /** Whether a token's audience is one this service takes. */
  accepts: (world: World, audience: string) => boolean;
  /** The host of a resource of this service, to tell which calls went to it. */
  host?: (world: World, resourceId: string) => string | undefined;
  operations: readonly [Operation, ...Operation[]];
  /** Offered in the form when the world has something to call. */
  available: (world: World) => boolean;
  /** What the form's target picker offers for an operation. */
  targets: (world: World, op: string) => Choice[];
  /** The HTTP request code would send, or null when the form lacks what it needs. */
  build: (world: World, inputs: CallInputs) => HttpRequest | null;
}

/** Whether `ref` names a first-party app: its app id, display name, service principal id or resource id. */
export function namesApp(app: Application, ref: string): boolean {
  const r = ref.trim().toLowerCase();
  return r === app.appId || r === app.displayName.toLowerCase() || r === app.servicePrincipalId || app.identifierUris.some((u) => sameAudience(u, r));
}

/** Audiences compare without case or a trailing slash. */
export const sameAudience = (a: string, b: string) => a.trim().replace(/\/+$/, '').toLowerCase() === b.trim().replace(/\/+$/, '').toLowerCase();

export const request = (method: string, url: string, headers: Record<string, string> = {}, body?: string): HttpRequest => ({ method, url, headers, ...(body !== undefined ? { body } : {}) });

/** A resource list for a picker: the resources of one kind, by name. */
export const resourcesOf = (world: World, kind: ResourceKind): Choice[] => Object.values(world.resources).filter((r) => r.kind === kind).map((r) => ({ id: r.id, label: r.name }));
