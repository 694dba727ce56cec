// az functionapp: function apps and their identities.
import { resourceJson } from '../shapes.ts';
import { type CommandSpec, type GroupSpec } from '../spec.ts';
import { ASSIGN_IDENTITY, createSite, deleteCommand, listCommand, NAME, resourceListTable, RG, ROLE_FOR_IDENTITY, SCOPE_FOR_IDENTITY, showCommand, showSite, site } from './shared.ts';
import { identityCommands } from './resourceIdentity.ts';

export const groups: GroupSpec[] = [
  { name: 'functionapp', summary: 'Manage function apps.' },
  { name: 'functionapp identity', summary: "Manage function app's managed identity." },
];

export const commands: CommandSpec[] = [
  {
    name: 'functionapp create',
    summary: 'Create a function app.',
    long: 'Plans and the storage account a function app needs are not modelled: the arguments are accepted.',
    params: [RG, NAME('Name of the new function app.'), { names: ['--storage-account', '-s'], dest: 'storage_account', required: true, complete: 'storageAccount', help: 'Provide a string value of a Storage Account in the provided Resource Group (not modelled).' }, { names: ['--consumption-plan-location', '-c'], dest: 'consumption_plan_location', ignored: true, help: 'Geographic location where function app will be hosted (not modelled).' }, { names: ['--plan', '-p'], dest: 'plan', ignored: true, help: 'Name or resource id of the function app service plan (not modelled).' }, { names: ['--runtime'], dest: 'runtime', ignored: true, help: 'The functions runtime stack (not modelled).' }, { names: ['--functions-version'], dest: 'functions_version', ignored: true, help: 'The functions app version (not modelled).' }, ASSIGN_IDENTITY, ROLE_FOR_IDENTITY, SCOPE_FOR_IDENTITY],
    examples: [{ summary: 'Create a basic function app.', command: 'az functionapp create -g MyResourceGroup -c westus -n MyUniqueAppName -s MyStorageAccount' }],
    run: (ctx) => createSite(ctx, 'functionApp'),
  },
  deleteCommand('functionapp', 'functionApp', 'function app', false, 'Delete a function app.'),
  { ...showCommand('functionapp', 'functionApp', 'function app', 'Get the details of a function app.'), run: (ctx) => resourceJson(ctx.host.world(), showSite(ctx, 'functionApp')) },
  { ...listCommand('functionapp', 'functionApp', 'List function apps.', resourceListTable) },
  ...identityCommands('functionapp', (ctx) => site(ctx, 'functionApp')),
];
