import type { LiveTopic, TeamId } from '@medtek/core';

/**
 * Fan-out topics: one per (live topic, team, variant). `full` carries items as they are; `tech` carries what a
 * technician may see (technical alarms only, every `medication` part removed). A socket subscribes to the topics its
 * role and teams allow, so authorization is decided once, at subscribe time, and each delta is encoded once per topic.
 */
export type TopicVariant = 'full' | 'tech';

export function fanoutTopic(topic: LiveTopic, teamId: TeamId, variant: TopicVariant): string {
  return `${topic}/${teamId}/${variant}`;
}

/** Stock belongs to the technical service, not to a care team: it is published under this one pseudo-team. */
export const STOCK_TEAM = 'municipality';
