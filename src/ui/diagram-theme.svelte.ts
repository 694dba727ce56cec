// The theme diagrams are drawn in: the one an embedding page forces, else the system's light or dark
// setting, followed live. Call during a component's setup; read `.value`.
import type { Theme } from '../diagram/index.ts';
import { useColorScheme } from './color-scheme.ts';

export function diagramTheme(): { readonly value: Theme } {
  let theme: Theme = $state('light');
  const forced = useColorScheme();
  $effect(() => {
    const scheme = forced();
    if (scheme !== 'auto') return void (theme = scheme);
    const query = window.matchMedia('(prefers-color-scheme: dark)');
    const update = () => (theme = query.matches ? 'dark' : 'light');
    update();
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  });
  return {
    get value() {
      return theme;
    },
  };
}
