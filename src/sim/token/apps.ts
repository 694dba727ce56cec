// App registrations in Entra ID: your own API (app ID URI, app roles), app roles given to managed
// identities (an app role assignment on the API's service principal: a managed identity has no
// application object to hold API permissions), and client secrets for the contrast with them.
import { own } from '../table.ts';
import { base64url } from 'jose';
import { resolveAssignee } from '../control.ts';
import type { Draft } from '../draft.ts';

import { fail } from '../outcome.ts';
import type { AppRole, AppRoleAssignment, Application, PasswordCredential, World } from '../world.ts';
import type { AppAction } from './actions.ts';
import { apiFor } from './audiences.ts';
import { firstPartyApp } from './targets/registry.ts';

const iso = (epoch: number) => new Date(epoch * 1000).toISOString().replace('.000Z', 'Z');

/**
 * Find an app by client id, app ID URI or display name, as a person would name it. `firstParty` also
 * finds the first-party APIs of the target registry (Microsoft Graph), whose app roles can be assigned but which is no app registration of the tenant.
 */
export function findApp(world: World, ref: string, firstParty = false): Application {
  const r = ref.trim();
  const byId = own(world.applications, r.toLowerCase()) ?? apiFor(world, r);
  if (byId) return byId;
  // A first-party API (Microsoft Graph) is no app registration of the tenant, but its service principal holds app roles too.
  const builtIn = firstParty ? firstPartyApp(r) : undefined;
  if (builtIn) return builtIn;
  const named = Object.values(world.applications).filter((a) => a.displayName.toLowerCase() === r.toLowerCase());
  if (named.length === 1) return named[0]!;
  if (named.length > 1) {
    fail(400, 'Request_BadRequest', `More than one application is named '${r}'.`, ['Display names are not unique in Entra ID; name the app by its client id. (Wording is the sandbox\'s.)']);
  }
  fail(404, 'Request_ResourceNotFound', `Resource '${r}' does not exist or one of its queried reference-property objects are not present.`);
}

function findRole(app: Application, ref: string): AppRole {
  const role = app.appRoles.find((x) => x.value === ref || x.id === ref.toLowerCase());
  if (!role) {
    fail(400, 'Request_BadRequest', `Permission being assigned was not found on application '${app.appId}'.`, [
      `The app defines ${app.appRoles.length ? app.appRoles.map((x) => `'${x.value}'`).join(', ') : 'no app roles'}. (Simplified: Graph's exact wording for an unknown role is not on record here.)`,
    ]);
  }
  return role;
}

/** Graph-style ids of app role assignments: 43 base64url characters. */
function graphId(d: Draft): string {
  return base64url.encode(d.bytes(32));
}

const SECRET_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.~-';

/** A client secret shaped like Entra's: 40 characters, with `Q~` after the first four. */
function secretText(d: Draft): string {
  const pick = (b: number) => SECRET_CHARS[b % SECRET_CHARS.length]!;
  const bytes = d.bytes(38);
  const head = Array.from(bytes.slice(0, 3), pick).join('') + String(bytes[3]! % 10);
  return `${head}Q~${Array.from(bytes.slice(4), pick).join('')}`;
}

function findSecret(app: Application, ref: string): PasswordCredential {
  const s = app.passwordCredentials.find((p) => p.keyId === ref.toLowerCase() || p.displayName === ref);
  if (!s) fail(404, 'Request_ResourceNotFound', `No password credential found with keyId '${ref}'.`, ['Simplified wording.']);
  return s;
}

function putApp(d: Draft, app: Application): void {
  d.table('applications')[app.appId] = app;
  d.mark('changed', app.appId);
}

function assignmentJson(world: World, a: AppRoleAssignment, app: Application) {
  return {
    id: a.id,
    deletedDateTime: null,
    appRoleId: a.appRoleId,
    createdDateTime: iso(a.createdDateTime),
    principalDisplayName: a.principalDisplayName,
    principalId: a.principalId,
    principalType: 'ServicePrincipal',
    resourceDisplayName: app.displayName,
    resourceId: a.resourceId,
  };
}

export function applyApp(d: Draft, a: AppAction): string {
  const world = d.world;
  switch (a.type) {
    case 'app.create': {
      const appId = d.guid();
      const objectId = d.guid();
      const spId = d.guid();
      const appRoles: AppRole[] = (a.appRoles ?? []).map((r) => ({
        id: d.guid(),
        value: r.value,
        displayName: r.displayName ?? r.value,
        description: r.description ?? r.displayName ?? r.value,
        allowedMemberTypes: r.allowedMemberTypes ?? ['Application'],
        isEnabled: true,
      }));
      if (new Set(appRoles.map((r) => r.value)).size !== appRoles.length) {
        fail(400, 'Request_BadRequest', 'Property appRoles.value is invalid: app role values must be unique.', ['Simplified wording.']);
      }
      const identifierUris = a.appIdUri === true ? [`api://${appId}`] : typeof a.appIdUri === 'string' ? [a.appIdUri] : [];
      if (typeof a.appIdUri === 'string') {
        if (Object.values(world.applications).some((x) => x.identifierUris.some((u) => u.toLowerCase() === a.appIdUri!.toString().toLowerCase()))) {
          fail(400, 'Request_BadRequest', 'Another object with the same value for property identifierUris already exists.');
        }
        d.notes.push('Simplified: newer tenants accept only api://<appId> or a verified domain as an app ID URI; the sandbox accepts any api:// URI so lessons can name it.');
      }
      let api: Application['api'];
      if (a.api) {
        const requiredRole = a.api.requiredRole === undefined ? (appRoles[0]?.value ?? null) : a.api.requiredRole;
        if (requiredRole !== null && !appRoles.some((r) => r.value === requiredRole)) {
          fail(400, 'SandboxInvalidApi', `The API's required role '${requiredRole}' is not one of the app's roles.`);
        }
        const slug = a.displayName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'api';
        api = { url: (a.api.url ?? `https://${slug}.azurewebsites.net`).replace(/\/+$/, ''), requiredRole };
        d.notes.push(`The API at ${api.url} is simulated: it validates tokens the way an ASP.NET Core API with Microsoft.Identity.Web does (signature, lifetime, audience, issuer${requiredRole ? `, the '${requiredRole}' role` : ''}). The web app that would host it is not modelled.`);
      }
      const app: Application = {
        appId,
        id: objectId,
        displayName: a.displayName,
        identifierUris,
        appRoles,
        passwordCredentials: [],
        servicePrincipalId: spId,
        createdAt: world.now,
        ...(api ? { api } : {}),
      };
      d.table('applications')[appId] = app;
      d.table('servicePrincipals')[spId] = {
        id: spId,
        appId,
        displayName: a.displayName,
        servicePrincipalType: 'Application',
        alternativeNames: [],
        servicePrincipalNames: [appId, ...identifierUris],
        owner: { kind: 'application', appId },
        createdAt: world.now,
      };
      d.mark('created', appId);
      d.mark('created', spId);
      d.response = { appId, id: objectId, displayName: a.displayName, identifierUris, appRoles, passwordCredentials: [] };
      return `Registered the app '${a.displayName}' (client id ${appId}) and created its service principal in the tenant.`;
    }

    case 'appRole.assign': {
      const app = findApp(world, a.app, true);
      const role = findRole(app, a.role);
      const { principalId, known } = resolveAssignee(world, a.assignee);
      const sp = own(world.servicePrincipals, principalId);
      if (!known || !sp) fail(404, 'Request_ResourceNotFound', `Resource '${principalId}' does not exist or one of its queried reference-property objects are not present.`);
      if (!role.allowedMemberTypes.includes('Application')) {
        fail(400, 'Request_BadRequest', `The app role '${role.value}' cannot be assigned to applications: its allowedMemberTypes are ${role.allowedMemberTypes.join(', ')}.`, ['Simplified wording. Only roles whose allowed member types include Application can be given to a managed identity or an app.']);
      }
      const dup = Object.values(world.appRoleAssignments).some((x) => x.principalId === principalId && x.resourceId === app.servicePrincipalId && x.appRoleId === role.id);
      if (dup) fail(400, 'Request_BadRequest', 'Permission being assigned already exists on the object');
      const assignment: AppRoleAssignment = {
        id: graphId(d),
        principalId,
        principalDisplayName: sp.displayName,
        resourceId: app.servicePrincipalId,
        appRoleId: role.id,
        createdDateTime: world.now,
      };
      d.table('appRoleAssignments')[assignment.id] = assignment;
      d.mark('created', assignment.id);
      d.response = assignmentJson(world, assignment, app);
      if (sp.servicePrincipalType === 'ManagedIdentity') {
        d.notes.push('Managed identities have no application object, so the portal cannot grant them API permissions: the app role is assigned on the API\'s service principal (Graph appRoleAssignedTo, or New-MgServicePrincipalAppRoleAssignment).');
      }
      d.notes.push('Tokens already issued do not change: the new role appears in the `roles` claim of the next token, which for a managed identity may be up to 24 hours away because of the platform token cache.');
      return `Gave '${sp.displayName}' the app role '${role.value}' of '${app.displayName}'.`;
    }

    case 'appRole.unassign': {
      const app = findApp(world, a.app, true);
      const role = findRole(app, a.role);
      const { principalId } = resolveAssignee(world, a.assignee);
      const existing = Object.values(world.appRoleAssignments).find((x) => x.principalId === principalId && x.resourceId === app.servicePrincipalId && x.appRoleId === role.id);
      if (!existing) fail(404, 'Request_ResourceNotFound', `Resource '${principalId}' does not exist or one of its queried reference-property objects are not present.`, ['The principal does not hold this app role.']);
      delete d.table('appRoleAssignments')[existing.id];
      d.mark('deleted', existing.id);
      d.notes.push('Tokens already issued keep the role in their `roles` claim until they expire.');
      return `Removed the app role '${role.value}' of '${app.displayName}' from '${existing.principalDisplayName}'.`;
    }

    case 'app.secret.add': {
      const app = findApp(world, a.app);
      const days = a.expiresInDays ?? 180;
      const text = secretText(d);
      const secret: PasswordCredential = {
        keyId: d.guid(),
        displayName: a.displayName ?? `secret ${app.passwordCredentials.length + 1}`,
        hint: text.slice(0, 3),
        secretText: text,
        startDateTime: world.now,
        endDateTime: world.now + days * 86400,
      };
      putApp(d, { ...app, passwordCredentials: [...app.passwordCredentials, secret] });
      d.response = {
        customKeyIdentifier: null,
        displayName: secret.displayName,
        endDateTime: iso(secret.endDateTime),
        hint: secret.hint,
        keyId: secret.keyId,
        secretText: secret.secretText,
        startDateTime: iso(secret.startDateTime),
      };
      d.notes.push('The portal shows the secret value once, right after it is created. Anyone who copies it can get tokens as this app, from anywhere, until it expires or is removed: that is what a managed identity spares you.');
      return `Added a client secret to '${app.displayName}', valid for ${days} days (until ${iso(secret.endDateTime)}).`;
    }

    case 'app.secret.remove': {
      const app = findApp(world, a.app);
      const secret = findSecret(app, a.secret);
      putApp(d, { ...app, passwordCredentials: app.passwordCredentials.filter((p) => p.keyId !== secret.keyId) });
      d.notes.push('Tokens already issued with this secret stay valid until they expire (about an hour).');
      return `Removed the client secret '${secret.displayName}' (${secret.hint}…) from '${app.displayName}'.`;
    }
  }
}

