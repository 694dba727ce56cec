// UI state that is not the world: what is selected, which tab is open, which dialog asks what.
// It lives per mounted app (passed down by context), never in module globals.
import { getContext, setContext } from 'svelte';
import { consequences, describeAction, preview, type Action, type Consequences, type ControlAction } from '../sim/index.ts';
import { historyNote } from './history-note.ts';
import type { SandboxStore } from './sandbox.svelte.ts';

export type Selection =
  | { kind: 'home' }
  | { kind: 'subscription'; id: string }
  | { kind: 'group'; id: string }
  | { kind: 'resource'; id: string }
  | { kind: 'principal'; id: string }
  /** An app registration, by its application (client) id. */
  | { kind: 'app'; id: string }
  /** The tenant's token authority: issued tokens, signing keys, OpenID configuration. */
  | { kind: 'authority' }
  /** Outside Azure: code on a laptop, with a client secret or trying a managed identity endpoint. */
  | { kind: 'laptop' };

export interface ConfirmRequest {
  title: string;
  action: Action;
  consequences: Consequences;
  /** What to do after confirming, besides applying the action (e.g. select something else). */
  then?: () => void;
}

/** A question with two answers, for replacing work (load an example, reset, open a link). */
export interface AskRequest {
  title: string;
  body: string;
  confirmLabel: string;
  onConfirm: () => void;
  /** Called when the learner answers Cancel (or closes the dialog). */
  onCancel?: () => void;
}

export type CreateRequest =
  /** attachTo: a compute resource that gets the new user-assigned identity once it exists (and is shown again). */
  | { kind: 'resource'; resourceGroup?: string; preset?: string; attachTo?: string }
  | { kind: 'group' } | { kind: 'slot'; siteId: string };

export class AppState {
  selection: Selection = $state({ kind: 'home' });
  tab: string = $state('overview');
  confirmRequest: ConfirmRequest | null = $state(null);
  createRequest: CreateRequest | null = $state(null);
  askRequest: AskRequest | null = $state(null);
  diagramsOpen = $state(true);
  /** What the last undo, redo, jump or replacing action did to the history, in words (null after anything else). */
  historyNote: string | null = $state(null);

  constructor(readonly store: SandboxStore) {
    let prev = store.actor.getSnapshot().context;
    store.actor.subscribe((s) => {
      if (!s.matches('idle')) return;
      if (s.context.entries !== prev.entries || s.context.cursor !== prev.cursor || s.context.last !== prev.last) this.historyNote = historyNote(prev, s.context);
      prev = s.context;
    });
  }

  act = (action: Action) => this.store.send({ type: 'ACT', action });

  select = (selection: Selection, tab = 'overview') => {
    this.selection = selection;
    this.tab = tab;
  };

  /**
   * Ask before a destructive action, listing what the simulation says it will do. The preview applies
   * the action to the current world and throws the result away: the simulation is pure.
   */
  confirm = (action: ControlAction, then?: () => void) => {
    const world = this.store.world;
    const would = preview(world, action);
    if (!would.outcome.ok) {
      this.act(action); // Azure refuses it: show the refusal as the outcome, nothing to confirm
      return;
    }
    this.confirmRequest = { title: describeAction(world, action), action, consequences: consequences(world, would.outcome), ...(then ? { then } : {}) };
  };
}

const KEY = Symbol('managed-identity-sandbox');

export function provideApp(app: AppState): void {
  setContext(KEY, app);
}

export function useApp(): AppState {
  return getContext<AppState>(KEY);
}
