// One Trusted Types policy for the whole sandbox, `mi-sandbox`, so that a page enforcing Trusted Types
// (`require-trusted-types-for 'script'`) needs to allow just that name. Svelte and DOMPurify (inside
// Mermaid) each create a policy of their own that passes HTML through unchanged; this module, loaded
// before them, hands them this one instead: the same behaviour under the one name. Import it first.

export const POLICY_NAME = 'mi-sandbox';

/** The policies Svelte ('svelte-trusted-html') and DOMPurify ('dompurify') would otherwise create. */
const PASS_THROUGH = new Set(['svelte-trusted-html', 'dompurify']);

export interface HtmlPolicy {
  createHTML(input: string): unknown;
}
interface Factory {
  createPolicy(name: string, rules: { createHTML?: (input: string) => string }): HtmlPolicy;
}

const factory = (globalThis as { trustedTypes?: Factory }).trustedTypes;
const create = factory?.createPolicy.bind(factory);
let policy: HtmlPolicy | null | undefined;

/** The `mi-sandbox` policy; null where the browser has no Trusted Types or the page's CSP refuses the name. */
export function sandboxPolicy(): HtmlPolicy | null {
  if (policy !== undefined) return policy;
  try {
    policy = create ? create(POLICY_NAME, { createHTML: (input) => input }) : null;
  } catch {
    policy = null;
  }
  return policy;
}

/** Whether the page enforces Trusted Types and refuses this policy (so HTML cannot be written). */
export function policyRefused(): boolean {
  return !!create && sandboxPolicy() === null;
}

if (factory && create) {
  factory.createPolicy = (name, rules) => (PASS_THROUGH.has(name) ? (sandboxPolicy() ?? create(name, rules)) : create(name, rules));
}
