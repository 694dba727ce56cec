// The presenter's window and the speaker's window stay on the same step through a BroadcastChannel
// named after the deck; either can drive. A window that opens asks where the others are.

export type DeckMessage = { type: 'step'; index: number } | { type: 'where' };

export interface DeckSync {
  send(index: number): void;
  close(): void;
}

export function deckSync(deck: string, onStep: (index: number) => void, current: () => number): DeckSync {
  if (typeof BroadcastChannel === 'undefined') return { send: () => {}, close: () => {} };
  const channel = new BroadcastChannel(`managed-identity-sandbox/present/${deck}`);
  channel.onmessage = (e: MessageEvent<DeckMessage>) => {
    const m = e.data;
    if (m?.type === 'step' && Number.isInteger(m.index)) onStep(m.index);
    else if (m?.type === 'where') channel.postMessage({ type: 'step', index: current() } satisfies DeckMessage);
  };
  channel.postMessage({ type: 'where' } satisfies DeckMessage);
  return {
    send: (index) => channel.postMessage({ type: 'step', index } satisfies DeckMessage),
    close: () => channel.close(),
  };
}
