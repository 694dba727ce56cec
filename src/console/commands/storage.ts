// az storage: accounts, blob containers and blobs.
import { boolArg } from '../argv.ts';
import { resourceJson, storageAccountOf } from '../shapes.ts';
import { CliError, type CommandSpec, type Context, type GroupSpec } from '../spec.ts';
import { getResource, type World } from '../../sim/index.ts';
import { createResource, deleteCommand, listCommand, LOCATION, NAME, noSuchFile, RG, showCommand, str } from './shared.ts';

export const groups: GroupSpec[] = [
  { name: 'storage', summary: 'Manage Azure Cloud Storage resources.' },
  { name: 'storage account', summary: 'Manage storage accounts.' },
  { name: 'storage blob', summary: 'Manage object storage for unstructured data (blobs).' },
  { name: 'storage container', summary: 'Manage blob storage containers.' },
];

export const commands: CommandSpec[] = [
  {
    name: 'storage account create',
    summary: 'Create a storage account.',
    params: [RG, NAME('The storage account name.'), LOCATION, { names: ['--sku'], dest: 'sku', ignored: true, help: 'The storage account SKU (not modelled).' }],
    examples: [{ summary: 'Create a storage account.', command: 'az storage account create -n mystorageaccount -g MyResourceGroup -l westus --sku Standard_LRS' }],
    async run(ctx) {
      return resourceJson(ctx.host.world(), await createResource('storageAccount', ctx));
    },
  },
  deleteCommand('storage account', 'storageAccount', 'storage account', true, 'Delete a storage account.'),
  { ...showCommand('storage account', 'storageAccount', 'storage account', 'Show storage account properties.') },
  { ...listCommand('storage account', 'storageAccount', 'List storage accounts.') },
  {
    name: 'storage container create',
    summary: 'Create a container in a storage account.',
    params: [{ names: ['--account-name'], dest: 'account_name', required: true, complete: 'storageAccount', help: 'Storage account name.' }, NAME('The container name.'), { names: ['--auth-mode'], dest: 'auth_mode', choices: ['key', 'login'], help: 'The mode in which to run the command. "login" mode will directly use your login credentials for the authentication.' }],
    examples: [{ summary: 'Create a container with your Microsoft Entra sign-in.', command: 'az storage container create --account-name mystorageaccount -n mycontainer --auth-mode login' }],
    async run(ctx) {
      const a = accountByName(ctx);
      // az storage container create answers {"created": false} when the container is already there.
      if (a.containers[str(ctx, 'name')!]) return { created: false };
      await ctx.act({ type: 'storage.container.create', accountId: a.id, name: str(ctx, 'name')! });
      return { created: true };
    },
  },
  {
    name: 'storage blob upload',
    summary: 'Upload a file to a storage blob.',
    long: 'The sandbox has no files: give the content with --data.',
    params: [{ names: ['--account-name'], dest: 'account_name', required: true, complete: 'storageAccount', help: 'Storage account name.' }, { names: ['--container-name', '-c'], dest: 'container', required: true, help: 'The container name.' }, NAME('The blob name.'), { names: ['--data'], dest: 'data', help: 'The blob data to upload.' }, { names: ['--file', '-f'], dest: 'file', help: 'Path of the file to upload as the blob content.' }, { names: ['--auth-mode'], dest: 'auth_mode', choices: ['key', 'login'], help: 'The mode in which to run the command.' }, { names: ['--overwrite'], dest: 'overwrite', kind: 'optional-list', choices: ['false', 'true'], help: 'Whether the blob to be uploaded should overwrite the current data. If set to False, the operation will fail with ResourceExistsError. Defaults to False.' }],
    examples: [{ summary: 'Upload text as a blob.', command: 'az storage blob upload --account-name mystorageaccount -c mycontainer -n hello.txt --data "Hello" --auth-mode login' }],
    async run(ctx) {
      const a = accountByName(ctx);
      if (str(ctx, 'file') && !str(ctx, 'data')) throw noSuchFile(str(ctx, 'file')!, 'pass the content with --data.');
      const data = str(ctx, 'data');
      if (data === undefined) throw new CliError('usage error: --file | --data');
      const name = str(ctx, 'name')!;
      const container = a.containers[str(ctx, 'container')!];
      const world = ctx.host.world();
      if (!container) throw storageError(world, 'The specified container does not exist.', 'ContainerNotFound', 404, a.name);
      // --overwrite defaults to false (storage/_params.py): an existing blob is a 409 BlobAlreadyExists.
      if (container.blobs[name] && !boolArg(ctx.args.overwrite, false)) throw storageError(world, 'The specified blob already exists.', 'BlobAlreadyExists', 409, `${a.name}/${name}`);
      await ctx.act({ type: 'storage.blob.upload', accountId: a.id, container: str(ctx, 'container')!, name, content: data });
      const blob = (getResource(ctx.host.world(), a.id) as typeof a).containers[str(ctx, 'container')!]?.blobs[name];
      return { lastModified: blob ? new Date(blob.updatedAt * 1000).toISOString().replace('.000Z', '+00:00') : null };
    },
  },
  {
    name: 'storage blob download',
    summary: 'Download a blob to a file path.',
    long: 'The sandbox has no files: the content is printed.',
    params: [{ names: ['--account-name'], dest: 'account_name', required: true, complete: 'storageAccount', help: 'Storage account name.' }, { names: ['--container-name', '-c'], dest: 'container', required: true, help: 'The container name.' }, NAME('The blob name.'), { names: ['--file', '-f'], dest: 'file', ignored: true, help: 'Path of file to write out to (not modelled).' }, { names: ['--auth-mode'], dest: 'auth_mode', choices: ['key', 'login'], help: 'The mode in which to run the command.' }],
    run(ctx) {
      const a = accountByName(ctx);
      const container = a.containers[str(ctx, 'container')!];
      const world = ctx.host.world();
      if (!container) throw storageError(world, 'The specified container does not exist.', 'ContainerNotFound', 404, a.name);
      const blob = container.blobs[str(ctx, 'name')!];
      if (!blob) throw storageError(world, 'The specified blob does not exist.', 'BlobNotFound', 404, `${a.name}/${str(ctx, 'name')}`);
      return { text: blob.content };
    },
  },
];

/** The warning az prints when a data-plane storage command has no credential to use (storage/_validators.py validate_client_parameters). */
const NO_CREDENTIALS_WARNING =
  '\nThere are no credentials provided in your command and environment, we will query for account key for your storage account.\nIt is recommended to provide --connection-string, --account-key or --sas-token in your command as credentials.\n\nYou also can add `--auth-mode login` in your command to use Azure Active Directory (Azure AD) for authorization if your login account is assigned required RBAC roles.\nFor more information about RBAC roles in storage, visit https://docs.microsoft.com/azure/storage/common/storage-auth-aad-rbac-cli.\n\nIn addition, setting the corresponding environment variables can avoid inputting credentials in your command. Please use --help to get more information about environment variable usage.';

function accountByName(ctx: Context) {
  const name = str(ctx, 'account_name')!;
  const login = str(ctx, 'auth_mode') === 'login';
  if (!login) ctx.warn(NO_CREDENTIALS_WARNING);
  const a = storageAccountOf(ctx.host.world(), name);
  if (!a) {
    // Without --auth-mode login az looks the account key up and warns that it could not (_query_account_rg's
    // own words); either way the request then goes to a host that does not exist. Simplified: the sandbox
    // stops there with its own sentence instead of a connection error.
    if (!login) ctx.warn(`\nSkip querying account key due to failure: Storage account '${name}' not found.`);
    throw new CliError(`The sandbox has no storage account named '${name}'. On Azure the request would go to https://${name}.blob.core.windows.net/, a host that does not exist, and fail with a connection error.`);
  }
  return a;
}

/**
 * A Blob service refusal as az prints it: the service's message with its RequestId and Time lines, then
 * ErrorCode (azure-storage-blob's process_storage_error). A 404 is azure-core's ResourceNotFoundError, exit 3.
 */
function storageError(world: World, message: string, code: string, status: number, seed: string): CliError {
  let h = 0x811c9dc5;
  for (const ch of `${seed}|${code}|${world.now}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  const hex = Array.from({ length: 4 }, (_, i) => (Math.imul(h, i + 1) >>> 0).toString(16).padStart(8, '0')).join('');
  const requestId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  const time = new Date(world.now * 1000).toISOString().replace(/\.\d{3}Z$/, '.0000000Z');
  return new CliError(`${message}\nRequestId:${requestId}\nTime:${time}\nErrorCode:${code}`, status === 404 ? 3 : 1);
}
