// Data the learner puts in the targets as their administrator: Key Vault secrets, blob containers and blobs.
import { CONTAINER_NAME_RULE, BLOB_NAME_RULE, SECRET_NAME_RULE } from '../names.ts';
import { fail } from '../outcome.ts';
import { emptyTable, own, withEntry } from '../table.ts';
import type { StorageAccount } from '../world.ts';
import type { Handlers } from './actions.ts';
import { putResource } from './cascade.ts';
import { requireKind, requireName } from './refuse.ts';

export const DATA_HANDLERS: Handlers<'keyVault.secret.set' | 'storage.container.create' | 'storage.blob.upload'> = {
  'keyVault.secret.set'(d, a) {
    const kv = requireKind(d.world, a.vaultId, 'keyVault');
    requireName(SECRET_NAME_RULE, a.name);
    const version = Array.from(d.bytes(16), (b) => b.toString(16).padStart(2, '0')).join('');
    const existing = Object.keys(kv.secrets).find((n) => n.toLowerCase() === a.name.toLowerCase());
    const name = existing ?? a.name;
    putResource(d, { ...kv, secrets: withEntry(kv.secrets, name, { name, value: a.value, version, updatedAt: d.world.now }) });
    d.mark('changed', kv.id);
    d.notes.push('You act as the vault\'s administrator here (simplified: in Azure you too need a data role or an access policy to write secrets).');
    return `${existing ? 'Added a new version of' : 'Created'} secret '${name}' in key vault '${kv.name}'.`;
  },

  'storage.container.create'(d, a) {
    const sa = requireKind(d.world, a.accountId, 'storageAccount');
    requireName(CONTAINER_NAME_RULE, a.name);
    if (own(sa.containers, a.name)) fail(409, 'ContainerAlreadyExists', 'The specified container already exists.');
    putResource(d, { ...sa, containers: withEntry(sa.containers, a.name, { name: a.name, blobs: emptyTable() }) } satisfies StorageAccount);
    d.mark('changed', sa.id);
    return `Created container '${a.name}' in storage account '${sa.name}'.`;
  },

  'storage.blob.upload'(d, a) {
    const sa = requireKind(d.world, a.accountId, 'storageAccount');
    const container = own(sa.containers, a.container);
    if (!container) fail(404, 'ContainerNotFound', 'The specified container does not exist.');
    requireName(BLOB_NAME_RULE, a.name);
    const blobs = withEntry(container.blobs, a.name, { name: a.name, content: a.content, updatedAt: d.world.now });
    putResource(d, { ...sa, containers: withEntry(sa.containers, a.container, { ...container, blobs }) } satisfies StorageAccount);
    d.mark('changed', sa.id);
    d.notes.push('You act as the account\'s administrator here (simplified: in Azure you too need a Storage Blob Data role to upload with Entra ID).');
    return `Uploaded blob '${a.name}' to '${sa.name}/${a.container}'.`;
  },
};
