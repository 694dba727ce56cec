// az rest: requests to the simulated ARM and Microsoft Graph.
import { rest } from '../rest.ts';
import { type CommandSpec, type GroupSpec } from '../spec.ts';
import { noSuchFile, str } from './shared.ts';

export const groups: GroupSpec[] = [

];

export const commands: CommandSpec[] = [
  {
    name: 'rest',
    summary: 'Invoke a custom request.',
    long: "Against the simulated Azure Resource Manager (https://management.azure.com), signed in as the subscription owner: GET of a subscription, resource group, resource or role assignments; PUT of a resource group, a user-assigned identity or a role assignment; PATCH of a resource's identity object; DELETE of a resource, resource group or role assignment. And Microsoft Graph's app role assignments (https://graph.microsoft.com/v1.0/servicePrincipals/{id}/appRoleAssignments): POST, GET and DELETE. Changes go through the sandbox's own actions, so history, undo and the timeline follow.",
    params: [
      { names: ['--method', '-m'], dest: 'method', choices: ['delete', 'get', 'head', 'options', 'patch', 'post', 'put'], default: 'get', help: 'HTTP request method.' },
      { names: ['--url', '--uri', '-u'], dest: 'url', required: true, help: "Request URL. If it doesn't start with a host, CLI assumes it as an Azure resource ID and prefixes it with the ARM endpoint of the current cloud shown by `az cloud show`. Common token {subscriptionId} will be replaced with the current subscription ID specified by `az account set`." },
      { names: ['--body', '-b'], dest: 'body', help: 'Request body. Use @{file} to load from a file. For quoting issues in different terminals, see https://github.com/Azure/azure-cli/blob/dev/doc/use_cli_effectively.md#quoting-issues' },
      { names: ['--headers'], dest: 'headers', kind: 'list', help: "Space-separated headers in KEY=VALUE format or JSON string. Use @{file} to load from a file." },
    ],
    examples: [
      { summary: 'Read a resource group from ARM.', command: 'az rest --method get --url "https://management.azure.com/subscriptions/{subscriptionId}/resourceGroups/MyResourceGroup?api-version=2021-04-01"' },
      { summary: 'Create a user-assigned identity.', command: `az rest --method put --url "/subscriptions/{subscriptionId}/resourceGroups/MyResourceGroup/providers/Microsoft.ManagedIdentity/userAssignedIdentities/MyIdentity?api-version=2023-01-31" --body '{"location": "westeurope"}'` },
      { summary: "Turn on a VM's system-assigned identity.", command: `az rest --method patch --url "/subscriptions/{subscriptionId}/resourceGroups/MyResourceGroup/providers/Microsoft.Compute/virtualMachines/MyVm?api-version=2024-07-01" --body '{"identity": {"type": "SystemAssigned"}}'` },
      { summary: "Give a managed identity an API's app role (Microsoft Graph).", command: `az rest --method post --url "https://graph.microsoft.com/v1.0/servicePrincipals/<principalId>/appRoleAssignments" --body '{"principalId": "<principalId>", "resourceId": "<API service principal id>", "appRoleId": "<app role id>"}'` },
    ],
    async run(ctx) {
      const body = str(ctx, 'body');
      if (body?.startsWith('@')) throw noSuchFile(body.slice(1), 'give the body inline.');
      return rest(ctx, { method: str(ctx, 'method') ?? 'get', url: str(ctx, 'url')!, body, headers: {} });
    },
  },
];
