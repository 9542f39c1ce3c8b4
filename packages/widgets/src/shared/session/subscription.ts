import type { LiveTopic, SubscribeFilters } from '@medtek/core';

/** Filters a widget asks the server to apply (the server intersects them with the token's teams). */
export type SubscriptionFilters = SubscribeFilters;

type Listener = () => void;

/** The field that keys a topic's items (the same key a delta's `removed` list names). */
const KEY_FIELD: Record<LiveTopic, string> = {
  alarms: 'id',
  incidents: 'id',
  devices: 'deviceId',
  // A stock unit may also carry a `deviceId`: its key is still the unit id.
  stock: 'unitId',
  kpis: 'name',
};

function keyOf(topic: LiveTopic, item: unknown): string {
  const record = item as Record<string, unknown>;
  const key = record[KEY_FIELD[topic]];
  return typeof key === 'string' ? key : JSON.stringify(key);
}

/** The same narrowing the server applies to a snapshot, applied to deltas that were encoded once per topic. */
export function matchesFilters(item: unknown, filters: SubscriptionFilters): boolean {
  const record = item as Record<string, unknown>;
  const has = (list: readonly unknown[] | undefined, value: unknown): boolean =>
    list === undefined || value === undefined || list.includes(value);
  return (
    has(filters.teamIds, record.teamId) &&
    has(filters.types, record.type) &&
    has(filters.priorities, record.priority) &&
    has(filters.states, record.state) &&
    (filters.citizenId === undefined || record.citizenId === undefined || record.citizenId === filters.citizenId) &&
    (filters.deviceId === undefined || record.deviceId === undefined || record.deviceId === filters.deviceId)
  );
}

/**
 * One subscription's items, kept current from the server's `snapshot` pages and `delta` frames. While a resync runs
 * (after subscribing or reconnecting) the previous items stay visible and `stale` is true; the last snapshot page
 * swaps in the fresh set at once, so a widget never shows a half-loaded list.
 */
export class Subscription<Item = unknown> {
  private current = new Map<string, Item>();
  private incoming: Map<string, Item> | undefined;
  private readonly listeners = new Set<Listener>();
  /** True once the first complete snapshot arrived. */
  ready = false;
  /** True between (re)subscribing and the last page of the snapshot. */
  stale = true;
  /** Bumped on every change, so widgets can cheaply tell whether to recompute derived views. */
  version = 0;

  constructor(
    readonly id: string,
    readonly topic: LiveTopic,
    readonly filters: SubscriptionFilters,
    private readonly onClose: () => void,
  ) {}

  get items(): ReadonlyMap<string, Item> {
    return this.current;
  }

  /** Calls `listener` after every change; returns the function that stops it. */
  listen(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.listeners.clear();
    this.onClose();
  }

  /** The server refused the subscription (e.g. forbidden topic for this role). */
  error: { code: string; message: string } | undefined;

  /** @internal */
  fail(code: string, message: string): void {
    this.error = { code, message };
    this.stale = false;
    this.changed();
  }

  /** @internal Called by the session when it (re)sends `subscribe`. */
  beginResync(): void {
    this.incoming = undefined;
    this.stale = true;
    this.changed();
  }

  /** @internal One snapshot page: page 0 starts a fresh set; the page with `more: false` makes it current. */
  applySnapshot(items: readonly unknown[], page: number, more: boolean): void {
    if (page === 0 || this.incoming === undefined) this.incoming = new Map();
    for (const item of items) this.incoming.set(keyOf(this.topic, item), item as Item);
    if (more) return;
    this.current = this.incoming;
    this.incoming = undefined;
    this.ready = true;
    this.stale = false;
    this.changed();
  }

  /** @internal Changed items replace their previous version; removed ids disappear. */
  applyDelta(items: readonly unknown[], removed: readonly string[] | undefined): void {
    const target = this.incoming ?? this.current;
    for (const item of items) {
      // Topic-wide deltas may carry items outside this subscription's filters: an item that no longer matches leaves.
      if (matchesFilters(item, this.filters)) target.set(keyOf(this.topic, item), item as Item);
      else target.delete(keyOf(this.topic, item));
    }
    for (const id of removed ?? []) target.delete(id);
    if (target === this.current) this.changed();
  }

  private changed(): void {
    this.version += 1;
    for (const listener of this.listeners) listener();
  }
}
