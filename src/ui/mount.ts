// Mount the sandbox into any element: the app keeps all its state in its own actor, so a page (or
// later an embedding docs site) can hold several.
import { mount, unmount } from 'svelte';
import App from './App.svelte';

export function mountSandbox(target: HTMLElement): () => void {
  const app = mount(App, { target });
  return () => void unmount(app);
}
