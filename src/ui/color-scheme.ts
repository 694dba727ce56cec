// Light, dark, or the system's setting: the page follows the system; an embedding page may force one.
import { getContext, setContext } from 'svelte';

export type ColorScheme = 'light' | 'dark' | 'auto';

const KEY = Symbol('color-scheme');

export function provideColorScheme(get: () => ColorScheme): void {
  setContext(KEY, get);
}

/** The scheme the embedding page asked for ('auto': follow the system). */
export function useColorScheme(): () => ColorScheme {
  return getContext<(() => ColorScheme) | undefined>(KEY) ?? (() => 'auto');
}
