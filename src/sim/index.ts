// The simulation's public API: create a world, apply actions, read it. Pure TypeScript, no DOM.
export * from './world.ts';
export * from './actions.ts';
export * from './outcome.ts';
export { apply, applyUnknown, type Step } from './apply.ts';
export { formatDuration, MAX_USER_ASSIGNED, roleAssignmentJson } from './control.ts';
export * from './scenario.ts';
export * from './query.ts';
export * from './rbac.ts';
export { BUILT_IN_ROLES, findRole, type RoleDefinition } from './roles.ts';
export { actingUser, findUser, isSignedInAdmin, signedInUser, tenantUsers, upnProblem, userById, type TenantUser } from './users.ts';
export { KINDS, SOURCE_KINDS, TOP_LEVEL_KINDS, resourceId, resourceGroupId, slotId, key as idKey } from './arm.ts';
export { NAME_RULES, RESOURCE_GROUP_RULE, hiddenCharacterNote, validateName } from './names.ts';
export { hasHidden, isolate, revealHidden } from './hidden.ts';
export { describeAction, consequences, nameOf, lastSegment, type Consequences } from './describe.ts';
export type { TokenAction, TokenRequestAction, TargetCallAction, AppAction } from './token/actions.ts';
export { WELL_KNOWN_RESOURCES } from './token/audiences.ts';
export { environmentOf, IMDS_TOKEN_URL } from './token/environment.ts';
export type { HttpExchange, HttpRequest, HttpResponse } from './http.ts';
