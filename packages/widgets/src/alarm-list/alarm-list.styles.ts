import { css } from 'lit';

export const alarmListStyles = css`
  .layout {
    display: grid;
    grid-template-columns: minmax(0, 3fr) minmax(260px, 2fr);
    gap: 12px;
  }
  @media (max-width: 720px) {
    .layout {
      grid-template-columns: 1fr;
    }
  }
  .list {
    height: var(--mt-alarm-list-height, 420px);
    overflow: auto;
    border: 1px solid var(--mt-color-border, #c9d1d9);
    border-radius: calc(var(--mt-radius, 8px) / 2);
  }
  .row {
    width: 100%;
    padding: 2px 4px;
  }
  .row button {
    display: grid;
    /* A fixed badge column keeps the titles of all rows aligned whatever the priority word's length. */
    grid-template-columns: 5.5em minmax(0, 1fr) auto;
    gap: 2px 10px;
    align-items: center;
    width: 100%;
    text-align: start;
    background: var(--mt-color-surface, #ffffff);
    color: var(--mt-color-text, #1b1f24);
    border: 1px solid transparent;
    border-radius: calc(var(--mt-radius, 8px) / 2);
    padding: 6px 8px;
  }
  .row button[aria-current='true'] {
    border-color: var(--mt-color-primary, #0b5cab);
    background: var(--mt-color-selected, #ddf4ff);
  }
  .row.member button {
    padding-inline-start: 28px;
  }
  .row.new button {
    animation: mt-flash 1s ease-in-out 3;
  }
  @keyframes mt-flash {
    50% {
      background: var(--mt-color-high-bg, #ffebe9);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .row.new button {
      animation: none;
      outline: 3px solid var(--mt-color-high, #b42318);
    }
  }
  .prio {
    grid-row: span 2;
    text-align: center;
    font-weight: 600;
    border-radius: 4px;
    padding: 2px 6px;
    color: #fff;
  }
  .prio.high {
    background: var(--mt-color-high, #b42318);
  }
  .prio.medium {
    background: var(--mt-color-medium, #9a6700);
  }
  .prio.low {
    background: var(--mt-color-low, #57606a);
  }
  .incident-prio {
    background: var(--mt-color-incident, #6639ba);
  }
  .title {
    font-weight: 600;
  }
  .meta {
    font-size: 0.85em;
    color: var(--mt-color-text-muted, #57606a);
  }
  .age {
    grid-row: span 2;
    text-align: end;
    font-size: 0.85em;
  }
  .late {
    color: var(--mt-color-danger, #b42318);
    font-weight: 600;
  }
  .detail {
    border: 1px solid var(--mt-color-border, #c9d1d9);
    border-radius: calc(var(--mt-radius, 8px) / 2);
    padding: 10px;
    display: flex;
    flex-direction: column;
    gap: 10px;
  }
  .detail dl {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 2px 8px;
    margin: 0;
  }
  .detail dt {
    font-weight: 600;
  }
  .detail dd {
    margin: 0;
  }
  .action {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    align-items: flex-end;
  }
  .action textarea {
    min-height: 60px;
    width: 100%;
  }
  .comments {
    margin: 0;
    padding-inline-start: 18px;
    font-size: 0.9em;
  }
  .shortcuts {
    font-size: 0.85em;
  }
  .announce {
    margin: 0;
    font-weight: 600;
    color: var(--mt-color-high, #b42318);
  }
`;
