// A form's pick stays the learner's only while it is still on offer: the world under a form changes
// (a vault deleted, a token issued, undo), and a pick that is gone must not be sent.

/** The pick while it is one of the options, else the first fallback that is, else the first option. */
export function validOr<T>(options: readonly T[], picked: T | null | undefined, ...fallbacks: (T | null | undefined)[]): T | undefined {
  for (const c of [picked, ...fallbacks]) if (c != null && options.includes(c)) return c;
  return options[0];
}
