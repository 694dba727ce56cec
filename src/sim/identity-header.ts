// The IDENTITY_HEADER an App Service-style resource carries while it has an identity. The control
// plane sets and drops it as identities come and go; the token endpoints (src/sim/token) check it.
import { KINDS } from './kinds.ts';
import { isSource } from './query.ts';
import type { Resource, SourceResource } from './world.ts';

export function hasIdentity(r: SourceResource): boolean {
  return !!r.identity.systemAssigned || r.identity.userAssigned.length > 0;
}

/**
 * Keep an App Service-style resource's IDENTITY_HEADER in step with its identities: the platform sets a
 * value when the first identity arrives and drops the variables when the last one goes.
 */
export function withIdentityHeader<R extends Resource>(r: R, newValue: () => string): R {
  if (!isSource(r) || KINDS[r.kind].tokenEndpoint !== 'appService') return r;
  if (hasIdentity(r) && !r.identityHeader) return { ...r, identityHeader: newValue() };
  if (!hasIdentity(r) && r.identityHeader) {
    const { identityHeader: _, ...rest } = r;
    return rest as R;
  }
  return r;
}
