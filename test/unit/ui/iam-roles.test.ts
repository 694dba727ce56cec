import { describe, expect, it } from 'vitest';
import { otherRoles, suggestedRoles } from '../../../src/ui/blades/iam-roles.ts';
import { BUILT_IN_ROLES } from '../../../src/sim/index.ts';

describe('roles the IAM form offers first', () => {
  it('on a key vault: the Key Vault roles and the general ones, no Storage role', () => {
    const s = suggestedRoles('keyVault');
    expect(s).toContain('Key Vault Secrets User');
    expect(s).toContain('Owner');
    expect(s.some((r) => r.startsWith('Storage'))).toBe(false);
    expect(otherRoles('keyVault')).toContain('Storage Blob Data Reader');
  });

  it('on a storage account: the Storage roles, the Key Vault ones only behind "all roles"', () => {
    expect(suggestedRoles('storageAccount')).toContain('Storage Blob Data Reader');
    expect(suggestedRoles('storageAccount')).not.toContain('Key Vault Secrets User');
    expect(otherRoles('storageAccount')).toContain('Key Vault Secrets User');
  });

  it('on a group or the subscription every role applies; the two lists always cover all roles once', () => {
    expect(suggestedRoles(undefined)).toHaveLength(BUILT_IN_ROLES.length);
    for (const kind of ['vm', 'keyVault', 'storageAccount', 'userAssignedIdentity', undefined] as const) {
      const both = [...suggestedRoles(kind), ...otherRoles(kind)].sort();
      expect(both).toEqual(BUILT_IN_ROLES.map((r) => r.roleName).sort());
    }
  });
});
