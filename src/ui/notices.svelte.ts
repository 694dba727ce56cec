// Calm messages for the learner: a restored sandbox, a broken link, a save that failed.
export interface Notice {
  id: number;
  tone: 'info' | 'warn' | 'error';
  text: string;
  /** Optional action, e.g. download an unreadable save. */
  action?: { label: string; run: () => void };
}

export class Notices {
  items: Notice[] = $state([]);
  private next = 1;

  show(tone: Notice['tone'], text: string, action?: Notice['action']): void {
    // The same message twice in a row is shown once.
    if (this.items.at(-1)?.text === text) return;
    this.items = [...this.items, { id: this.next++, tone, text, ...(action ? { action } : {}) }];
  }

  dismissText(text: string): void {
    this.items = this.items.filter((n) => n.text !== text);
  }

  dismiss(id: number): void {
    this.items = this.items.filter((n) => n.id !== id);
  }
}
