import './ui/trusted-types.ts'; // first: before Svelte creates its Trusted Types policy
import { mountSandbox } from './ui/mount.ts';

// The page's only rule outside the app, set through the CSSOM (a strict CSP blocks inline <style>).
document.body.style.margin = '0';
const target = document.getElementById('app');
// Served by the local endpoint (npm run endpoint), the sandbox is the endpoint's: no autosave, no links.
const live = document.querySelector('meta[name="sandbox-endpoint"]') !== null;
if (target) mountSandbox(target, live ? { instance: 'endpoint', autosave: false, useUrl: false } : {});
