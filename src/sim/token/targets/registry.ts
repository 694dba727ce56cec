// The target services, one entry each (service.ts says what an entry holds). A call's host picks the
// first entry that serves it; the form, the diagrams and the summaries take their words from here.
import { API_SERVICE } from './api.ts';
import { ARM_SERVICE } from './arm.ts';
import { GRAPH_SERVICE } from './graph.ts';
import { KEY_VAULT } from './keyVault.ts';
import { SERVICE_BUS } from './serviceBus.ts';
import { SQL_SERVICE } from './sql.ts';
import { own } from '../../table.ts';
import { namesApp, type TargetService } from './service.ts';
import type { Application } from '../../world.ts';
import { STORAGE } from './storage.ts';

export const TARGETS = {
  keyVault: KEY_VAULT,
  storage: STORAGE,
  serviceBus: SERVICE_BUS,
  sql: SQL_SERVICE,
  arm: ARM_SERVICE,
  api: API_SERVICE,
  graph: GRAPH_SERVICE,
} as const satisfies Record<string, TargetService>;

export type TargetId = keyof typeof TARGETS;

/** The services in the order the form offers them. */
export const TARGET_IDS = Object.keys(TARGETS) as TargetId[];

/** The entry of a service by its id, as a call's outcome names it. */
export function serviceOf(id: string): TargetService {
  const service = own(TARGETS as Record<string, TargetService>, id);
  if (!service) throw new Error(`'${id}' is not a target service`);
  return service;
}

/** The service that answers a URL, as DNS would route it. */
export function serviceAt(world: Parameters<TargetService['serves']>[0], url: URL): TargetId | undefined {
  return TARGET_IDS.find((id) => TARGETS[id].serves(world, url));
}

/** The service a token's audience is for, if the sandbox calls it. */
export function serviceForAudience(world: Parameters<TargetService['serves']>[0], audience: string): TargetId | undefined {
  return TARGET_IDS.find((id) => TARGETS[id].accepts(world, audience));
}

/** The first-party APIs that grant application permissions: their applications, app roles included. */
export const FIRST_PARTY_APPS: readonly Application[] = TARGET_IDS.flatMap((id) => (TARGETS[id] as TargetService).firstParty?.app ?? []);

/** The first-party app a reference names (app id, display name, service principal id or resource id), if any. */
export function firstPartyApp(ref: string): Application | undefined {
  return FIRST_PARTY_APPS.find((app) => namesApp(app, ref));
}
