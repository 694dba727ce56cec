// az servicebus: namespaces, and the queues the sandbox makes with them. The simulation creates a
// namespace's queues in the same step as the namespace (as an ARM template with child queue resources
// does) and has no action that adds a queue later; so `az servicebus queue create` runs only as part of
// a script that creates the namespace on the line before (the session folds those lines into that step).
import { resourceJson } from '../shapes.ts';
import { CliError, type CommandSpec, type Context, type GroupSpec } from '../spec.ts';
import { getResource, type ServiceBusNamespace } from '../../sim/index.ts';
import { createResource, deleteCommand, find, listCommand, LOCATION, NAME, NO_WAIT, resourceListTable, RG, showCommand, str } from './shared.ts';

export const groups: GroupSpec[] = [
  { name: 'servicebus', summary: 'Servicebus.' },
  { name: 'servicebus namespace', summary: 'Servicebus namespace.' },
  { name: 'servicebus queue', summary: 'Servicebus queue.' },
];

/** A queue as `az servicebus queue create|show` prints it (the properties the sandbox models). */
export function queueJson(ns: ServiceBusNamespace, queue: string): Record<string, unknown> {
  const q = ns.queues[queue.toLowerCase()];
  return { id: `${ns.id}/queues/${q?.name ?? queue}`, location: ns.location, messageCount: q?.messages.length ?? 0, name: q?.name ?? queue, resourceGroup: ns.resourceGroup, status: 'Active', type: 'Microsoft.ServiceBus/Namespaces/Queues' };
}

const NAMESPACE_NAME: CommandSpec['params'][number] = { names: ['--namespace-name'], dest: 'namespace_name', required: true, complete: 'serviceBusNamespace', help: 'Name of Namespace.' };

/** Where the sandbox makes queues, said when `az servicebus queue create` cannot be one of its actions. */
export const QUEUES_WITH_NAMESPACE =
  "The sandbox creates a Service Bus namespace's queues together with the namespace and has no action that adds a queue to an existing one. Run `az servicebus queue create` on the lines right after `az servicebus namespace create` in the same paste (the console makes them one step), or delete the namespace and create it again with every queue (Create resource → Service Bus namespace → Queues).";

export const commands: CommandSpec[] = [
  {
    name: 'servicebus namespace create',
    summary: 'Create a Service Bus Namespace.',
    long: 'In the sandbox every namespace is Standard tier; --sku and capacity are accepted and not modelled.',
    params: [
      RG,
      NAME('Name of Namespace.'),
      LOCATION,
      { names: ['--sku'], dest: 'sku', ignored: true, choices: ['Basic', 'Standard', 'Premium'], help: 'Namespace SKU (not modelled).' },
      NO_WAIT,
    ],
    examples: [{ summary: 'Create a Service Bus namespace.', command: 'az servicebus namespace create --resource-group myresourcegroup --name mynamespace --location westus --sku Standard' }],
    async run(ctx) {
      const queues = ctx.queues?.length ? { queues: ctx.queues } : {};
      const r = await createResource('serviceBusNamespace', ctx, queues);
      return resourceJson(ctx.host.world(), r);
    },
  },
  deleteCommand('servicebus namespace', 'serviceBusNamespace', 'namespace', false, 'Delete a namespace.'),
  showCommand('servicebus namespace', 'serviceBusNamespace', 'namespace', 'Show the Service Bus Namespace Details.'),
  listCommand('servicebus namespace', 'serviceBusNamespace', 'List the Service Bus Namespaces.', resourceListTable),
  {
    name: 'servicebus queue create',
    summary: 'Create the Service Bus Queue.',
    long: QUEUES_WITH_NAMESPACE,
    params: [RG, NAMESPACE_NAME, NAME('Name of Queue.')],
    examples: [{ summary: 'Create a namespace and a queue in it, pasted together.', command: 'az servicebus namespace create -g myresourcegroup -n mynamespace\naz servicebus queue create -g myresourcegroup --namespace-name mynamespace -n myqueue' }],
    run(ctx) {
      const world = ctx.host.world();
      const ns = find(world, 'serviceBusNamespace', str(ctx, 'resource_group')!, str(ctx, 'namespace_name')!) as ServiceBusNamespace;
      const name = str(ctx, 'name')!;
      // Folded into the namespace's create by the session: the queue is already there.
      if (ns.queues[name.toLowerCase()] && ctx.folded) return queueJson(getResource(world, ns.id) as ServiceBusNamespace, name);
      throw new CliError(`The sandbox does not model adding a queue to an existing namespace ('${ns.name}').`, 2, [QUEUES_WITH_NAMESPACE]);
    },
  },
];
