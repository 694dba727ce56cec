// What code running on a resource can see of its managed identity endpoint: the IMDS address on VMs,
// and on App Service, Functions, slots and Container Apps the IDENTITY_ENDPOINT / IDENTITY_HEADER
// environment variables, which exist only while the resource has an identity.
import { KINDS, kindSpec } from '../kinds.ts';
import { getResource, isSource } from '../query.ts';
import type { SourceResource, World } from '../world.ts';

export const IMDS_HOST = '169.254.169.254';
/** Entra ID's host: its token endpoint, its discovery documents and its keys. */
export const LOGIN = 'https://login.microsoftonline.com';
export const IMDS_TOKEN_PATH = '/metadata/identity/oauth2/token';
export const IMDS_TOKEN_URL = `http://${IMDS_HOST}${IMDS_TOKEN_PATH}`;

/** The resource's IDENTITY_ENDPOINT, whether or not the variable is currently set. */
export function localEndpointOf(r: SourceResource): string | undefined {
  return kindSpec(r.kind).localEndpoint;
}

/** The identity-related environment variables code on the resource reads; empty when there are none. */
export function environmentOf(world: World, resourceId: string): Record<string, string> {
  const r = getResource(world, resourceId);
  if (!isSource(r) || KINDS[r.kind].tokenEndpoint !== 'appService' || !r.identityHeader) return {};
  const current = { IDENTITY_ENDPOINT: localEndpointOf(r)!, IDENTITY_HEADER: r.identityHeader };
  // App Service and Functions also keep the 2017-09-01 names, with the same values.
  return r.kind === 'containerApp' ? current : { ...current, MSI_ENDPOINT: current.IDENTITY_ENDPOINT, MSI_SECRET: current.IDENTITY_HEADER };
}
