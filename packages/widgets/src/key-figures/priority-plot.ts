import type { AlarmPriority } from '@medtek/core';
import { svg } from 'lit';

export const PRIORITIES: readonly AlarmPriority[] = ['high', 'medium', 'low'];

export interface PriorityBar {
  priority: AlarmPriority;
  label: string;
  alarms: number;
  /** How many of them were acknowledged late (or not yet, past the limit). */
  breaches: number;
}

const WIDTH = 320;
const ROW = 36;
const LABEL = 72;
const VALUE = 40;

/**
 * A horizontal bar per priority: the alarms raised, with the part over the response limit hatched on top. Plain
 * SVG (no chart library: the bundle budget); colours are `--mt-color-{priority}`, the same as the alarm list's.
 * The caller gives it a text alternative (the table of the same numbers).
 */
export function priorityPlot(bars: readonly PriorityBar[]): unknown {
  const max = Math.max(1, ...bars.map((bar) => bar.alarms));
  const span = WIDTH - LABEL - VALUE;
  const height = bars.length * ROW;
  return svg`<svg viewBox="0 0 ${WIDTH} ${height}" width="100%" height=${height} aria-hidden="true" focusable="false">
    <defs>
      <pattern id="breach" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width="6" height="6" fill="transparent" />
        <line x1="0" y1="0" x2="0" y2="6" stroke="var(--mt-color-surface, #ffffff)" stroke-width="3" />
      </pattern>
    </defs>
    ${bars.map((bar, index) => {
      const y = index * ROW + 6;
      const width = (bar.alarms / max) * span;
      const breachWidth = (Math.min(bar.breaches, bar.alarms) / max) * span;
      return svg`<text x="0" y=${y + 17} class="axis">${bar.label}</text>
        <rect x=${LABEL} y=${y} width=${width} height="24" rx="3" class="bar ${bar.priority}" />
        <rect x=${LABEL} y=${y} width=${breachWidth} height="24" rx="3" fill="url(#breach)" />
        <text x=${LABEL + width + 6} y=${y + 17} class="axis value">${bar.alarms}</text>`;
    })}
  </svg>`;
}
