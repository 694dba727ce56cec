// The control plane's actions: what a person does in the portal or with the CLI. The schemas define
// them; the handler of each lives in the module of its concept (resources, identities, access, data, clock).
import * as v from 'valibot';
import { USER_ACTIONS } from '../users.ts';
import type { Draft } from '../draft.ts';
import { KINDS, RESOURCE_KIND_VALUES, type CreateField } from '../kinds.ts';

const Text = v.pipe(v.string(), v.maxLength(2048));
const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(2048));

export { RESOURCE_KIND_VALUES };

const SECRET_PERMISSIONS = ['get', 'list', 'set', 'delete', 'recover', 'backup', 'restore', 'purge'] as const;

export const ResourceGroupCreate = v.strictObject({
  type: v.literal('resourceGroup.create'),
  name: Text,
  location: v.optional(Text),
  subscriptionId: v.optional(Id),
});
export const ResourceGroupDelete = v.strictObject({
  type: v.literal('resourceGroup.delete'),
  name: Text,
  subscriptionId: v.optional(Id),
});
// The create dialog's fields of every kind (its registry entry's `createFields`), each an optional
// property of resource.create: a choice its options, a text box a name, or a list of names for `many`.
type FieldOf<K> = K extends { readonly createFields: readonly (infer F)[] } ? F : never;
type KindField = FieldOf<(typeof KINDS)[keyof typeof KINDS]>;
const Names = v.pipe(v.array(Text), v.maxLength(10));
type FieldSchema<F> = F extends { input: 'choice'; options: readonly { value: infer V extends string }[] }
  ? v.OptionalSchema<v.PicklistSchema<V[], undefined>, undefined>
  : F extends { many: true }
    ? v.OptionalSchema<typeof Names, undefined>
    : v.OptionalSchema<typeof Text, undefined>;
type FieldEntries = { [F in KindField as F['action']]: FieldSchema<F> };
const fieldSchema = (f: CreateField) => v.optional(f.input === 'choice' ? v.picklist(f.options.map((o) => o.value)) : f.many ? Names : Text);
const FIELD_ENTRIES = Object.fromEntries(
  Object.values(KINDS).flatMap((k) => ('createFields' in k ? k.createFields : []).map((f: CreateField) => [f.action, fieldSchema(f)])),
) as FieldEntries;

export const ResourceCreate = v.strictObject({
  type: v.literal('resource.create'),
  kind: v.picklist(RESOURCE_KIND_VALUES),
  resourceGroup: Text,
  name: Text,
  location: v.optional(Text),
  subscriptionId: v.optional(Id),
  /** A kind's own fields: a key vault's permission model (new vaults default to Azure RBAC), the queues of a Service Bus namespace and the database of a SQL server created with it, as a template's child resources would be. */
  ...FIELD_ENTRIES,
  /** Identities to turn on at creation, like `az vm create --assign-identity [system] <uami-id>`. */
  identity: v.optional(
    v.strictObject({
      systemAssigned: v.optional(v.boolean()),
      userAssigned: v.optional(v.array(Id)),
    }),
  ),
});
export const SlotCreate = v.strictObject({ type: v.literal('slot.create'), siteId: Id, name: Text });
export const ResourceDelete = v.strictObject({ type: v.literal('resource.delete'), id: Id });
export const SystemIdentityEnable = v.strictObject({ type: v.literal('identity.system.enable'), resourceId: Id });
export const SystemIdentityDisable = v.strictObject({ type: v.literal('identity.system.disable'), resourceId: Id });
export const UserIdentityAssign = v.strictObject({ type: v.literal('identity.user.assign'), resourceId: Id, identityId: Id });
export const UserIdentityUnassign = v.strictObject({ type: v.literal('identity.user.unassign'), resourceId: Id, identityId: Id });
export const RoleAssignmentCreate = v.strictObject({
  type: v.literal('roleAssignment.create'),
  scope: Id,
  /** A built-in role's name ("Key Vault Secrets User"), GUID or full role definition id. */
  role: Text,
  /**
   * Whom to grant: a principal's object id or app id (like `az role assignment create --assignee`), or
   * the ARM id of a user-assigned identity or of a resource with a system-assigned identity (like the
   * portal's managed identity picker).
   */
  assignee: Id,
  /** The assignment's name; a new GUID when left out. */
  name: v.optional(Id),
});
export const RoleAssignmentDelete = v.strictObject({ type: v.literal('roleAssignment.delete'), id: Id });
export const KeyVaultSetPermissionModel = v.strictObject({
  type: v.literal('keyVault.setPermissionModel'),
  vaultId: Id,
  model: v.picklist(['rbac', 'accessPolicy']),
});
export const KeyVaultAccessPolicySet = v.strictObject({
  type: v.literal('keyVault.accessPolicy.set'),
  vaultId: Id,
  /** Object id of the principal, or a resource id resolved like a role assignment's assignee. */
  assignee: Id,
  /** Secret permissions; an empty list removes the principal's policy. */
  secrets: v.array(v.picklist(SECRET_PERMISSIONS)),
});
export const KeyVaultSecretSet = v.strictObject({
  type: v.literal('keyVault.secret.set'),
  vaultId: Id,
  name: Text,
  value: Text,
});
export const StorageContainerCreate = v.strictObject({
  type: v.literal('storage.container.create'),
  accountId: Id,
  name: Text,
});
export const StorageBlobUpload = v.strictObject({
  type: v.literal('storage.blob.upload'),
  accountId: Id,
  container: Text,
  name: Text,
  content: Text,
});
/** T-SQL run in a database as the server's Microsoft Entra admin (the portal's Query editor). */
export const SqlExecute = v.strictObject({
  type: v.literal('sql.execute'),
  serverId: Id,
  database: Text,
  statement: Text,
});
export const ClockAdvance = v.strictObject({
  type: v.literal('clock.advance'),
  seconds: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(366 * 24 * 3600)),
});
export const SettingsSet = v.strictObject({
  type: v.literal('settings.set'),
  propagationDelay: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(24 * 3600))),
  tokenCache: v.optional(v.boolean()),
});

/** Control-plane actions: what a person does in the portal or with the CLI. */
export const CONTROL_ACTIONS = [
  ResourceGroupCreate,
  ResourceGroupDelete,
  ResourceCreate,
  SlotCreate,
  ResourceDelete,
  SystemIdentityEnable,
  SystemIdentityDisable,
  UserIdentityAssign,
  UserIdentityUnassign,
  RoleAssignmentCreate,
  RoleAssignmentDelete,
  KeyVaultSetPermissionModel,
  KeyVaultAccessPolicySet,
  KeyVaultSecretSet,
  StorageContainerCreate,
  StorageBlobUpload,
  SqlExecute,
  ClockAdvance,
  SettingsSet,
  ...USER_ACTIONS,
] as const;

export type ControlAction = v.InferOutput<(typeof CONTROL_ACTIONS)[number]>;

export type ControlType = ControlAction['type'];

/** The handlers of some control-plane actions: each changes the draft and says what it did, or throws an AzureFailure. */
export type Handlers<T extends ControlType> = { [K in T]: (d: Draft, action: Extract<ControlAction, { type: K }>) => string };
