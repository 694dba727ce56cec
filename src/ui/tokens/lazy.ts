// The token screens as one chunk, loaded the first time one of them opens: one lazy chunk keeps the
// bundler from splitting the first page load into pieces it shares with several small ones.
export { default as TokenTab } from './TokenTab.svelte';
export { default as CallTab } from './CallTab.svelte';
export { default as AppBlade } from './AppBlade.svelte';
export { default as AuthorityBlade } from './AuthorityBlade.svelte';
export { default as LaptopBlade } from './LaptopBlade.svelte';
export { default as NewAppDialog } from './NewAppDialog.svelte';
