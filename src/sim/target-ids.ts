// The target services' ids, in the order the Call form offers them. Outcomes (the core) name a
// call's service by one of these; each id's entry, with its words, handler and form fields, is in
// src/sim/token/targets/registry.ts, which must have exactly these keys (the compiler checks).
export const TARGET_IDS = ['keyVault', 'storage', 'serviceBus', 'sql', 'arm', 'api', 'graph'] as const;

export type TargetId = (typeof TARGET_IDS)[number];
