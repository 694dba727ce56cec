// How each kind of thing is shown: its colour family and a short badge, both from the kinds registry.
import { KINDS, type Resource, type ResourceKind } from '../sim/index.ts';

export type Family = 'compute' | 'identity' | 'target' | 'entra';

export const familyOf = (kind: ResourceKind): Family => KINDS[kind].family;

export const shortKind = (r: Pick<Resource, 'kind'>) => KINDS[r.kind].short;
