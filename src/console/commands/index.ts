// The az commands the sandbox models, each mapped onto the same actions the panels send: one module per
// az command group. Summaries and argument help follow azure-cli's own help text (its command modules'
// _help.py and _params.py), shortened where az's runs long; arguments that only matter on real Azure
// (images, plans, SKUs) are accepted and marked "not modelled" in --help.
import type { CommandSpec, GroupSpec } from '../spec.ts';
import * as account from './account.ts';
import * as ad from './ad.ts';
import * as containerapp from './containerapp.ts';
import * as functionapp from './functionapp.ts';
import * as group from './group.ts';
import * as identity from './identity.ts';
import * as keyvault from './keyvault.ts';
import * as logic from './logic.ts';
import * as login from './login.ts';
import * as rest from './rest.ts';
import * as role from './role.ts';
import * as servicebus from './servicebus.ts';
import * as sql from './sql.ts';
import * as storage from './storage.ts';
import * as vm from './vm.ts';
import * as vmss from './vmss.ts';
import * as webapp from './webapp.ts';

const MODULES = [login, account, group, vm, vmss, webapp, functionapp, keyvault, storage, servicebus, sql, identity, logic, containerapp, role, ad, rest];

export const GROUPS: GroupSpec[] = MODULES.flatMap((m) => m.groups);
export const COMMANDS: CommandSpec[] = MODULES.flatMap((m) => m.commands);
export const commandByName = new Map(COMMANDS.map((c) => [c.name, c]));
export { armError } from './shared.ts';
