// What apply() says about an action: what changed, in data that the UI, the diagrams and the lessons
// share, or why Azure refused it, in Azure's own words.
import type { HttpExchange } from './http.ts';
import type { AccessDecision } from './rbac.ts';
import type { AzureError } from './refusal.ts';

export { AzureFailure, fail, type AzureError } from './refusal.ts';

export interface Outcome {
  ok: boolean;
  /** One sentence in plain words. */
  summary: string;
  /** Ids of what the action created, deleted, changed, or left dangling (role assignments whose principal is gone). */
  created: string[];
  deleted: string[];
  changed: string[];
  orphaned: string[];
  /** Where Azure refused the action: nothing in the world changed. */
  error?: AzureError;
  /** Where the sandbox simplifies Azure, or a hint worth knowing. */
  notes: string[];
  /** The JSON the portal or the CLI would show for the result (an identity object, a role assignment). */
  response?: unknown;
  /** Token requests and target calls: the HTTP request and response, exactly. */
  http?: HttpExchange;
  /** Token requests and target calls: each hop of the exchange, for the flow diagram and the lessons. */
  trace?: Hop[];
  /** A token request that produced a token. */
  token?: TokenResult;
  /** A target call: the token checks and, once they passed, the authorization decision. */
  call?: CallResult;
  /** A token request made through the Azure SDK: the code, and the error the SDK throws, if any. */
  sdk?: SdkView;
}

/** The Azure SDK's side of a token request (@azure/identity for JavaScript). */
export interface SdkView {
  credential: 'ManagedIdentityCredential';
  /** JavaScript that makes this request, ready to copy. */
  snippet: string;
  /** The error `getToken` throws, beside the raw HTTP response it comes from. */
  error?: { name: string; message: string };
  /** How many times the SDK sends the request when its retry policies retry this answer. */
  attempts?: number;
}

/** The parties of a token request or a target call, as the flow diagram names them. */
export type Party = 'code' | 'imds' | 'appService' | 'entra' | 'target' | 'rbac';

export interface Hop {
  from: Party;
  to: Party;
  /** What travels: "GET /metadata/identity/oauth2/token", "200 access_token", "check role assignments". */
  label: string;
  status?: number;
  ok: boolean;
}

export interface TokenResult {
  /** The token's id (`uti` claim), key into world.tokens. */
  uti: string;
  /** True when the platform returned a token it had cached for this identity and resource. */
  cached: boolean;
}

/** One check a target made on the presented token, in the order the target makes them. */
export interface TokenCheck {
  name: 'present' | 'format' | 'algorithm' | 'signature' | 'issuer' | 'audience' | 'notBefore' | 'expiry' | 'role';
  ok: boolean;
  /** In plain words: what was expected and what was found. */
  detail: string;
}

export interface CallResult {
  /** Which kind of target answered, and the resource (vault, account) when there is one. */
  /** A key of TARGETS (src/sim/token/targets/registry.ts), the entry that answered: look it up with serviceOf(). */
  target: string;
  resourceId?: string;
  /** The data or management operation the call needs, e.g. Microsoft.KeyVault/vaults/secrets/getSecret/action. */
  operation?: string;
  checks: TokenCheck[];
  /** Present once the token passed its checks: who was allowed, by which assignment, or why not. */
  decision?: AccessDecision;
  /** Key Vault in access-policy mode decides by policy, not RBAC. */
  accessPolicy?: { allowed: boolean; permission: string; reason: string };
  /**
   * A service that decides by permissions of its own instead of Azure RBAC: Microsoft Graph by the app
   * roles in the token, a SQL database by its users and database roles.
   */
  grant?: {
    /** What decides, in words: "Microsoft Graph application permissions". */
    model: string;
    allowed: boolean;
    /** What the caller holds, or lacks, in words: "holds User.Read.All". */
    holds: string;
    reason: string;
  };
  /** The principal the token names (oid), and whether it still exists in the directory. */
  principalId?: string;
  /** The plain-words reason for the answer, beside Azure's exact error. */
  reason: string;
}
