// A console host over the pure simulation: what the sandbox actor does, without the actor.
import { expect } from 'vitest';
import { apply, createWorld, type Action, type Outcome, type World } from '../../../src/sim/index.ts';
import { ConsoleSession } from '../../../src/console/index.ts';

export class TestHost {
  world_: World;
  actions: Action[] = [];
  answer = true;
  constructor(seed = 'console') {
    this.world_ = createWorld({ seed });
  }
  world = () => this.world_;
  act = async (action: Action): Promise<Outcome> => {
    const { world, outcome } = await apply(this.world_, action);
    if (outcome.ok) {
      this.world_ = world;
      this.actions.push(action);
    }
    return outcome;
  };
  confirm = async () => this.answer;
}

export function session(seed?: string) {
  const host = new TestHost(seed);
  return { host, console: new ConsoleSession(host) };
}

/**
 * A console over a world holding the resource group rg-demo. `json` runs a command that must succeed
 * (and, when strict, print no warning either) and parses what it printed.
 */
export async function consoleWithGroup({ strict = false } = {}) {
  const s = session();
  const run = (line: string) => s.console.run(line);
  const json = async (line: string) => {
    const r = await run(line);
    if (strict) expect(r.stderr, line).toBe('');
    expect(r.exitCode, `${line}\n${r.stderr}`).toBe(0);
    return r.stdout ? JSON.parse(r.stdout) : undefined;
  };
  await json('az group create -n rg-demo -l westeurope');
  return { ...s, run, json };
}
