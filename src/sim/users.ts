// Users of the tenant and who is acting. The person at the keyboard starts as the tenant's signed-in
// administrator, who owns the subscription; they may create other users, grant them roles, and act as
// one of them, so that every control-plane action is checked against that user's own role assignments
// (src/sim/control/authz.ts). Users hold no tokens here: they are who does things in the portal or the CLI.
import * as v from 'valibot';
import { nextGuid, seedState } from './ids.ts';
import { fail } from './outcome.ts';
import { emptyTable, own, withEntry } from './table.ts';
import type { TenantUser, World } from './world.ts';

export type { TenantUser };

const Text = v.pipe(v.string(), v.maxLength(2048));

export const UserCreate = v.strictObject({
  type: v.literal('user.create'),
  /** `alias@<tenant domain>`, like `az ad user create --user-principal-name`. */
  userPrincipalName: Text,
  /** Shown in the portal; defaults to the alias. */
  displayName: v.optional(Text),
});
export const UserActAs = v.strictObject({
  type: v.literal('user.actAs'),
  /** The user's object id or user principal name. */
  user: Text,
});
export const USER_ACTIONS = [UserCreate, UserActAs] as const;

/**
 * The administrator who made the sandbox: Owner of the subscription (and Global Administrator of the
 * directory). Its object id comes from the seed without drawing from the world's generator, so worlds
 * and every id in them stay exactly as they were before users existed.
 */
export function signedInUser(world: World): TenantUser {
  return {
    id: nextGuid(seedState(`${world.seed}\u0000signed-in-user`))[0],
    userPrincipalName: `admin@${world.tenant.defaultDomain}`,
    displayName: 'Sandbox admin',
    createdAt: 0,
  };
}

/** Every user of the tenant: the signed-in administrator first, then the users created since. */
export function tenantUsers(world: World): TenantUser[] {
  return [signedInUser(world), ...Object.values(world.users ?? {})];
}

/** A user by object id or user principal name (case-insensitive). */
export function findUser(world: World, ref: string): TenantUser | undefined {
  const wanted = ref.trim().toLowerCase();
  return tenantUsers(world).find((u) => u.id === wanted || u.userPrincipalName.toLowerCase() === wanted);
}

/** A user by object id only (role assignments name principals by object id). */
export function userById(world: World, id: string): TenantUser | undefined {
  const wanted = id.toLowerCase();
  const admin = signedInUser(world);
  return admin.id === wanted ? admin : own(world.users ?? emptyTable<TenantUser>(), wanted);
}

/** Who performs control-plane actions now. */
export function actingUser(world: World): TenantUser {
  return (world.actingAs && userById(world, world.actingAs)) || signedInUser(world);
}

export function isSignedInAdmin(world: World, user: TenantUser = actingUser(world)): boolean {
  return user.id === signedInUser(world).id;
}

// Entra ID's username rules: the part before @ takes letters, digits and ' . - _ ! # ^ ~, at most 64
// characters, not starting or ending with a period; the domain must be one of the tenant's domains.
const ALIAS = /^[A-Za-z0-9'_!#^~-](?:[A-Za-z0-9'._!#^~-]{0,62}[A-Za-z0-9'_!#^~-])?$/;
export const MAX_DISPLAY_NAME = 256;

/** What is wrong with a user principal name, in the sandbox's words, or null. */
export function upnProblem(world: World, upn: string): string | null {
  const at = upn.lastIndexOf('@');
  if (at <= 0) return `A user name is alias@${world.tenant.defaultDomain}.`;
  const alias = upn.slice(0, at);
  const domain = upn.slice(at + 1);
  if (domain.toLowerCase() !== world.tenant.defaultDomain) return `The domain must be the tenant's domain, ${world.tenant.defaultDomain}.`;
  if (alias.includes('..') || !ALIAS.test(alias)) return "The part before @ takes 1-64 letters, digits and ' . - _ ! # ^ ~, and cannot start or end with a period.";
  return null;
}

type Draftish = { world: World; guid(): string; mark(list: 'created' | 'changed', id: string): void; notes: string[] };

/** Handlers of the user actions, merged into the control plane's table. */
export const userHandlers = {
  'user.create'(d: Draftish, a: v.InferOutput<typeof UserCreate>): string {
    const acting = actingUser(d.world);
    if (!isSignedInAdmin(d.world, acting)) {
      fail(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.', [
        `${acting.displayName} is a member user with no directory role: creating users needs a directory role such as User Administrator. In this sandbox only the sandbox admin can create users.`,
      ]);
    }
    const upn = a.userPrincipalName.trim();
    const problem = upnProblem(d.world, upn);
    if (problem) fail(400, 'Request_BadRequest', 'Property userPrincipalName is invalid.', [problem]);
    if (findUser(d.world, upn)) fail(400, 'Request_BadRequest', 'Another object with the same value for property userPrincipalName already exists.');
    const displayName = (a.displayName ?? '').trim() || upn.slice(0, upn.lastIndexOf('@'));
    if (displayName.length > MAX_DISPLAY_NAME) fail(400, 'Request_BadRequest', `Invalid value specified for property 'displayName' of resource 'User'.`, [`A display name holds at most ${MAX_DISPLAY_NAME} characters.`]);
    const user: TenantUser = { id: d.guid(), userPrincipalName: upn, displayName, createdAt: d.world.now };
    d.world.users = withEntry(d.world.users ?? emptyTable<TenantUser>(), user.id, user);
    d.mark('created', user.id);
    return `Created the user '${displayName}' (${upn}) in Entra ID. They hold no role yet: grant them one on a scope's Access control (IAM).`;
  },

  'user.actAs'(d: Draftish, a: v.InferOutput<typeof UserActAs>): string {
    const user = findUser(d.world, a.user);
    if (!user) {
      const ref = a.user.trim();
      fail(404, 'Request_ResourceNotFound', `Resource '${ref}' does not exist or one of its queried reference-property objects are not present.`);
    }
    const admin = isSignedInAdmin(d.world, user);
    if (admin) delete d.world.actingAs;
    else d.world.actingAs = user.id;
    d.notes.push('Simplified: switching user is signing in again as them (`az login`); the sandbox does not ask for a password.');
    return admin ? `You act as ${user.displayName} (${user.userPrincipalName}) again, Owner of the subscription.` : `You now act as ${user.displayName} (${user.userPrincipalName}): every change you make is checked against their role assignments.`;
  },
};
