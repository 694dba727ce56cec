import { mountSandbox } from './ui/mount.ts';

const target = document.getElementById('app');
if (target) mountSandbox(target);
