// How Azure refuses: its error (status, code, message) and the throw that carries it out of a handler.
// A leaf module, so the naming rules and everything below the outcome can refuse without importing it.

export interface AzureError {
  /** HTTP status Azure answers with. */
  status: number;
  code: string;
  message: string;
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
