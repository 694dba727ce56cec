// Characters that change how text reads without being seen: bidirectional controls (an unclosed
// RIGHT-TO-LEFT OVERRIDE reverses the rest of a line) and invisible format characters (zero-width
// spaces and joiners, byte order marks). Learner text may hold them; the sandbox shows where they are.

/** Bidi embedding, override and isolate controls, and the directional marks. */
const BIDI = '\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069';
/** Invisible format characters: soft hyphen, zero-width space/joiners, word joiner, invisible operators, BOM, fillers, variation selectors. */
const INVISIBLE = '\\u00AD\\u034F\\u115F\\u1160\\u17B4\\u17B5\\u180B-\\u180F\\u200B-\\u200D\\u2060-\\u2065\\u206A-\\u206F\\u3164\\uFE00-\\uFE0F\\uFEFF\\uFFA0\\uFFF9-\\uFFFB';

const HIDDEN = new RegExp(`[${BIDI}${INVISIBLE}]`, 'u');
const HIDDEN_ALL = new RegExp(`[${BIDI}${INVISIBLE}]`, 'gu');
/** What reveal marks: all but FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE, which `isolate` adds and which reverse nothing. */
const SHOWN_ALL = /[\u061C\u200E\u200F\u202A-\u202E\u2066\u2067\u00AD\u034F\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200D\u2060-\u2065\u206A-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF9-\uFFFB]/gu;

export function hasHidden(text: string): boolean {
  return HIDDEN.test(text);
}

/** The hidden characters in `text`, as code points ("U+202E"), each once. */
export function hiddenCodes(text: string): string[] {
  return [...new Set(text.match(HIDDEN_ALL) ?? [])].map(codeOf);
}

const codeOf = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Text for display: every hidden character shown as a visible marker, so nothing reverses or hides. */
export function revealHidden(text: string): string {
  return HIDDEN.test(text) ? text.replace(SHOWN_ALL, (c) => `⟨${codeOf(c)}⟩`) : text;
}

/**
 * A learner-supplied name inside a sentence, isolated (FIRST STRONG ISOLATE ... POP DIRECTIONAL
 * ISOLATE) when it holds bidi controls: an override inside it then ends with it instead of reversing
 * the rest of the sentence. Other names are returned as they are.
 */
export function isolate(name: string): string {
  return HIDDEN.test(name) ? `\u2068${name}\u2069` : name;
}
