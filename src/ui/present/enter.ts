// The Present button: the sandbox as it is now becomes a demo (its start, then each action a step),
// handed to presenter mode through the address, so the presenter never touches the saved sandbox.
import { currentScenario, type SandboxContext } from '../../machine/sandbox.ts';
import { encodeShareLink } from '../../persist/index.ts';
import { presentHash } from '../../present/route.ts';

export async function presentSandbox(c: SandboxContext): Promise<{ ok: true } | { ok: false; message: string }> {
  if (c.cursor === 0) {
    window.location.hash = presentHash({ mode: 'present', step: 0 }); // nothing done yet: choose a demo
    return { ok: true };
  }
  const encoded = await encodeShareLink({ scenario: currentScenario(c), base: c.base.length, cursor: c.cursor });
  if (!encoded.ok) return encoded;
  window.location.hash = presentHash({ mode: 'present', from: encoded.value, step: 0 });
  return { ok: true };
}
