// What apply() says about an action: what changed, in data that the UI, the diagrams and the lessons
// share, or why Azure refused it, in Azure's own words.

export interface AzureError {
  /** HTTP status Azure answers with. */
  status: number;
  code: string;
  message: string;
}

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
}

/** Thrown inside a handler to refuse the action; apply() turns it into an outcome and keeps the old world. */
export class AzureFailure extends Error {
  constructor(
    readonly error: AzureError,
    readonly notes: string[] = [],
  ) {
    super(`${error.code}: ${error.message}`);
  }
}

export function fail(status: number, code: string, message: string, notes: string[] = []): never {
  throw new AzureFailure({ status, code, message }, notes);
}
