import './ui/trusted-types.ts'; // first: before Svelte creates its Trusted Types policy
import { mountSandbox } from './ui/mount.ts';
import { startPages } from './ui/present/pages.ts';

// The page's only rule outside the app, set through the CSSOM (a strict CSP blocks inline <style>).
document.body.style.margin = '0';
const target = document.getElementById('app');
// Served by the local endpoint (npm run endpoint), the sandbox is the endpoint's: no autosave, no links.
const live = document.querySelector('meta[name="sandbox-endpoint"]') !== null;
if (target && live) mountSandbox(target, { instance: 'endpoint', autosave: false, useUrl: false });
// Otherwise the address picks the page: the sandbox, or presenter mode (#present…, #speaker…).
else if (target) startPages(target, () => mountSandbox(target, {}));
