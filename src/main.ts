import { mountSandbox } from './ui/mount.ts';

const target = document.getElementById('app');
// Served by the local endpoint (npm run endpoint), the sandbox is the endpoint's: no autosave, no links.
const live = document.querySelector('meta[name="sandbox-endpoint"]') !== null;
if (target) mountSandbox(target, live ? { instance: 'endpoint', autosave: false, useUrl: false } : {});
