// Token, app registration and target actions. Like every action they are plain data a lesson author can
// write by hand: resources are named by ARM id (`/resourceGroups/...` is enough), apps by display name,
// and an identity may be named by its resource id wherever code would pass its client or object id.
import * as v from 'valibot';

const Text = v.pipe(v.string(), v.maxLength(4096));
const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(2048));
/**
 * A JWT can be long; a pasted one goes in a header value. Up to 2 MiB is accepted so that an oversized
 * header reaches the service and gets the service's answer (see targets/call.ts), not a form error.
 */
const HeaderValue = v.pipe(v.string(), v.maxLength(2 * 1024 * 1024));

export const HttpRequestSchema = v.strictObject({
  method: v.pipe(v.string(), v.minLength(1), v.maxLength(16)),
  url: Text,
  /** Header names as written; `$IDENTITY_ENDPOINT` and `$IDENTITY_HEADER` are expanded from the resource's environment. */
  headers: v.optional(v.record(v.pipe(v.string(), v.maxLength(256)), HeaderValue)),
  body: v.optional(v.pipe(v.string(), v.maxLength(65536))),
});

const Scopes = v.pipe(v.array(Text), v.maxLength(8));

/** `new ManagedIdentityCredential({ clientId | resourceId | objectId })` then `getToken(scopes)`. */
export const ManagedIdentityCredentialOptions = v.strictObject({
  credential: v.optional(v.literal('ManagedIdentityCredential')),
  scopes: Scopes,
  /** A client id, or the resource id of a user-assigned identity (the sandbox puts in its client id). */
  clientId: v.optional(Id),
  resourceId: v.optional(Id),
  /** An object (principal) id, or the resource id of a user-assigned identity. */
  objectId: v.optional(Id),
});

export const TokenRequest = v.strictObject({
  type: v.literal('token.request'),
  /** The resource whose code asks. Leave it out for the client-credentials flow sent from outside Azure. */
  from: v.optional(Id),
  /** The exact HTTP request the code sends. */
  request: v.optional(HttpRequestSchema),
  /** Or let the Azure SDK build the request for the resource it runs on. */
  sdk: v.optional(ManagedIdentityCredentialOptions),
  /** IMDS throttling: how many copies of this request the VM sends within one second (20 are answered). */
  burst: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1000))),
  /** Or the client-credentials request an app with a secret sends (v1 token endpoint). */
  clientCredentials: v.optional(
    v.strictObject({
      /** The app's client id or display name. */
      app: Id,
      /** The secret as typed; the app's newest secret when left out. */
      clientSecret: v.optional(Text),
      resource: Text,
    }),
  ),
});

export const TargetCall = v.strictObject({
  type: v.literal('target.call'),
  /** Where the call is sent from (for the picture, and for a logic app's connector). */
  from: v.optional(Id),
  request: HttpRequestSchema,
  /** Attach an issued token as `Authorization: Bearer <jwt>`: 'latest' or a token's uti. */
  token: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(64))),
  /** A logic app's HTTP action with managed identity authentication: the platform gets the token. */
  authentication: v.optional(
    v.strictObject({
      type: v.literal('ManagedServiceIdentity'),
      /** A user-assigned identity's resource id; the system-assigned identity when left out. */
      identity: v.optional(Id),
      audience: Text,
    }),
  ),
});

const AppRoleInput = v.strictObject({
  value: v.pipe(v.string(), v.minLength(1), v.maxLength(120), v.regex(/^[^\s]+$/, 'an app role value has no spaces')),
  displayName: v.optional(Text),
  description: v.optional(Text),
  /** Who may hold the role; ['Application'] when left out. */
  allowedMemberTypes: v.optional(v.array(v.picklist(['Application', 'User']))),
});

export const AppCreate = v.strictObject({
  type: v.literal('app.create'),
  displayName: v.pipe(v.string(), v.minLength(1), v.maxLength(120)),
  /** true: the app ID URI `api://<appId>` the portal's "Expose an API" offers; or an `api://` URI of your own. */
  appIdUri: v.optional(v.union([v.boolean(), v.pipe(v.string(), v.regex(/^api:\/\/[^\s]+$/, 'an app ID URI here starts with api://'), v.maxLength(200))])),
  appRoles: v.optional(v.pipe(v.array(AppRoleInput), v.maxLength(20))),
  /** Run a simulated API for this app: its URL and the app role each call needs (null: any valid token). */
  api: v.optional(
    v.strictObject({
      url: v.optional(Text),
      requiredRole: v.optional(v.nullable(Text)),
    }),
  ),
});

export const AppRoleAssign = v.strictObject({
  type: v.literal('appRole.assign'),
  /** The API: its client id, display name or app ID URI. */
  app: Id,
  /** The app role's value ("Orders.Read") or id. */
  role: Text,
  /** Object id, client id, or the resource id of a user-assigned identity or of a resource with a system-assigned one. */
  assignee: Id,
});
export const AppRoleUnassign = v.strictObject({ ...AppRoleAssign.entries, type: v.literal('appRole.unassign') });

export const AppSecretAdd = v.strictObject({
  type: v.literal('app.secret.add'),
  app: Id,
  displayName: v.optional(Text),
  /** The portal offers 90 to 730 days; 180 ("recommended") when left out. */
  expiresInDays: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(730))),
});
export const AppSecretRemove = v.strictObject({
  type: v.literal('app.secret.remove'),
  app: Id,
  /** The secret's key id or display name. */
  secret: Text,
});

export const APP_ACTIONS = [AppCreate, AppRoleAssign, AppRoleUnassign, AppSecretAdd, AppSecretRemove] as const;
export const TOKEN_ACTIONS = [TokenRequest, TargetCall, ...APP_ACTIONS] as const;

/** Action types handled by the token module (which loads jose and the signing keys only when first needed). */
export const TOKEN_TYPES = new Set<string>(TOKEN_ACTIONS.map((s) => s.entries.type.literal));

export type TokenRequestAction = v.InferOutput<typeof TokenRequest>;
export type TargetCallAction = v.InferOutput<typeof TargetCall>;
export type AppAction = v.InferOutput<(typeof APP_ACTIONS)[number]>;
export type TokenAction = v.InferOutput<(typeof TOKEN_ACTIONS)[number]>;
