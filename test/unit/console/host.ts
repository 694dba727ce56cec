// A console host over the pure simulation: what the sandbox actor does, without the actor.
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
