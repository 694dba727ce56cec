// The blades for a selected resource, group, subscription or principal as one chunk, loaded the first
// time one opens (or when the page is idle): the start page is all a first visit shows, and one lazy
// chunk keeps the bundler from splitting the first page load into pieces it shares with small ones.
export { default as ResourceBlade } from './ResourceBlade.svelte';
export { default as ScopeBlade } from './ScopeBlade.svelte';
export { default as PrincipalBlade } from './PrincipalBlade.svelte';
