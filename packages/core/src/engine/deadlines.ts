/**
 * A min-heap of future instants at which a `tick` may change something, with lazy invalidation: each (kind, key) has
 * at most one live entry (the earliest requested); outdated entries are dropped when popped, and the owner
 * recomputes the real deadline before acting. Derived state: rebuilt from the snapshot, never saved.
 */
export type DeadlineKind = 'offline' | 'dose' | 'escalate' | 'unshelve' | 'travel' | 'day';

interface Entry {
  at: number;
  kind: DeadlineKind;
  key: string;
  /** `kind|key`, computed once. */
  id: string;
}

export class Deadlines {
  private readonly heap: Entry[] = [];
  private readonly live = new Map<string, number>();

  /** Ask for a tick at `at` for (kind, key); keeps the earlier of this and an existing request. */
  schedule(kind: DeadlineKind, key: string, at: number): void {
    const id = `${kind}|${key}`;
    const existing = this.live.get(id);
    if (existing !== undefined && existing <= at) return;
    this.live.set(id, at);
    this.push({ at, kind, key, id });
  }

  /** Earliest live instant, if any. */
  peek(): number | undefined {
    this.dropStale();
    return this.heap[0]?.at;
  }

  /** Remove and return the earliest live entry due at or before `now`. */
  popDue(now: number): { kind: DeadlineKind; key: string; at: number } | undefined {
    this.dropStale();
    const top = this.heap[0];
    if (top === undefined || top.at > now) return undefined;
    this.pop();
    this.live.delete(top.id);
    return top;
  }

  private dropStale(): void {
    for (;;) {
      const top = this.heap[0];
      if (top === undefined || this.live.get(top.id) === top.at) return;
      this.pop();
    }
  }

  private less(a: Entry, b: Entry): boolean {
    if (a.at !== b.at) return a.at < b.at;
    if (a.kind !== b.kind) return a.kind < b.kind;
    return a.key < b.key;
  }

  private push(entry: Entry): void {
    const heap = this.heap;
    heap.push(entry);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const parentEntry = heap[parent]!;
      if (!this.less(entry, parentEntry)) break;
      heap[index] = parentEntry;
      index = parent;
    }
    heap[index] = entry;
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop();
    if (last === undefined || heap.length === 0) return;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && this.less(heap[right]!, heap[left]!) ? right : left;
      if (!this.less(heap[child]!, last)) break;
      heap[index] = heap[child]!;
      index = child;
    }
    heap[index] = last;
  }
}
