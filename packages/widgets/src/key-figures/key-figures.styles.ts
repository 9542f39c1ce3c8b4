import { css } from 'lit';

export const keyFiguresStyles = css`
  .kpis {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(150px, 1fr));
    gap: 8px;
    margin: 8px 0;
  }
  .kpi {
    border: 1px solid var(--mt-color-border, #c9d1d9);
    border-radius: calc(var(--mt-radius, 8px) / 2);
    padding: 8px;
  }
  .kpi dt {
    font-size: 0.85em;
    color: var(--mt-color-text-muted, #57606a);
  }
  .kpi dd {
    margin: 2px 0 0;
    font-size: 1.5em;
    font-weight: 600;
  }
  .kpi .detail {
    display: block;
    font-size: 0.6em;
    font-weight: normal;
    color: var(--mt-color-text-muted, #57606a);
  }
  .late {
    color: var(--mt-color-danger, #b42318);
  }
  figure {
    margin: 8px 0 0;
  }
  figcaption {
    font-weight: 600;
    margin-bottom: 4px;
  }
  .axis {
    font-size: 13px;
    fill: var(--mt-color-text, #1b1f24);
  }
  .bar.high {
    fill: var(--mt-color-high, #b42318);
  }
  .bar.medium {
    fill: var(--mt-color-medium, #9a6700);
  }
  .bar.low {
    fill: var(--mt-color-low, #57606a);
  }
  table {
    border-collapse: collapse;
    width: 100%;
    font-size: 0.9em;
  }
  th,
  td {
    text-align: end;
    padding: 4px 6px;
    border-bottom: 1px solid var(--mt-color-border, #c9d1d9);
  }
  th:first-child {
    text-align: start;
  }
  .actions {
    display: flex;
    align-items: center;
    gap: 8px;
    flex-wrap: wrap;
  }
  .status {
    margin: 0;
    font-size: 0.85em;
  }
`;
