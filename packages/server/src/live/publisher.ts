import {
  encodeLiveServerFrame,
  type Alarm,
  type DeltaFrame,
  type DeviceView,
  type Incident,
  type StockUnitView,
  type LiveTopic,
  type TeamId,
} from '@medtek/core';
import { redactForRole, TECHNICAL_ALARM_TYPES } from '../auth/authorize.js';
import { encodePages } from './paging.js';
import { fanoutTopic, STOCK_TEAM, type TopicVariant } from './topics.js';

type Item = Alarm | DeviceView | Incident | StockUnitView;
const itemKey = (topic: LiveTopic, item: Item): string => {
  switch (topic) {
    case 'devices':
      return (item as DeviceView).deviceId;
    case 'stock':
      return (item as StockUnitView).unitId;
    case 'alarms':
    case 'incidents':
    case 'kpis':
      return (item as Alarm | Incident).id;
  }
};

export interface PublishTarget {
  publish(topic: string, message: Uint8Array): void;
  /** True when some socket listens on `topic` (nothing is redacted or encoded for a topic nobody reads). */
  hasSubscribers(topic: string): boolean;
}

/**
 * Collects changed items during one delivery round and publishes one delta per fan-out topic at `flush()`: an item
 * changed several times in a round is sent once (its last state), and each frame is encoded once for all subscribers.
 */
export class Publisher {
  private readonly changed = new Map<string, { topic: LiveTopic; teamId: TeamId; items: Map<string, Item> }>();
  published = 0;

  constructor(private readonly target: PublishTarget) {}

  alarm(alarm: Alarm): void {
    this.add('alarms', alarm.teamId, alarm);
  }

  device(device: DeviceView): void {
    this.add('devices', device.teamId, device);
  }

  /** Stock is municipality-wide (technical service), published under one pseudo-team. */
  stock(unit: StockUnitView): void {
    this.add('stock', STOCK_TEAM, unit);
  }

  incident(incident: Incident): void {
    this.add('incidents', incident.teamId, incident);
  }

  flush(): void {
    if (this.changed.size === 0) return;
    for (const { topic, teamId, items } of this.changed.values()) {
      const all = [...items.values()];
      this.send(topic, teamId, 'full', all);
      const technical =
        topic === 'alarms' ? all.filter((item) => TECHNICAL_ALARM_TYPES.has((item as Alarm).type)) : all;
      if (technical.length > 0 && this.target.hasSubscribers(fanoutTopic(topic, teamId, 'tech'))) {
        this.send(
          topic,
          teamId,
          'tech',
          technical.map((item) => redactForRole(item, 'technician')),
        );
      }
    }
    this.changed.clear();
  }

  private add(topic: LiveTopic, teamId: TeamId, item: Item): void {
    const key = `${topic}/${teamId}`;
    let entry = this.changed.get(key);
    if (!entry) {
      entry = { topic, teamId, items: new Map() };
      this.changed.set(key, entry);
    }
    entry.items.set(itemKey(topic, item), item);
  }

  private send(topic: LiveTopic, teamId: TeamId, variant: TopicVariant, items: Item[]): void {
    const name = fanoutTopic(topic, teamId, variant);
    if (!this.target.hasSubscribers(name)) return;
    const frames = encodePages(
      items,
      (page) => encodeLiveServerFrame({ t: 'delta', topic, items: page, removed: [] } as unknown as DeltaFrame),
      () => console.error(`a ${topic} item is too large for one live frame and was not published`),
    );
    for (const frame of frames) {
      this.target.publish(name, frame);
      this.published++;
    }
  }
}
