import { css } from 'lit';

export const stockBoardStyles = css`
  section {
    margin-top: 16px;
  }
  .scroll {
    overflow: auto;
    max-width: 100%;
  }
  .units-scroll {
    max-height: var(--mt-stock-board-height, 420px);
  }
  table {
    border-collapse: collapse;
    width: 100%;
    font-size: 0.95em;
  }
  th,
  td {
    text-align: start;
    padding: 6px 8px;
    border-bottom: 1px solid var(--mt-color-border, #c9d1d9);
    vertical-align: top;
  }
  thead th {
    font-weight: 600;
    background: var(--mt-color-surface-alt, #f6f8fa);
    position: sticky;
    top: 0;
  }
  table.counts td {
    white-space: nowrap;
  }
  td.number,
  th.number {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  tr.short td,
  tr.short th {
    background: var(--mt-color-danger-surface, #fdecea);
  }
  .flag-short {
    color: var(--mt-color-danger, #b42318);
    font-weight: 600;
  }
  .flag-ok {
    color: var(--mt-color-online, #1a7f37);
  }
  ul.warnings {
    margin: 0;
    padding: 0;
    list-style: none;
    display: flex;
    flex-direction: column;
    gap: 6px;
  }
  ul.warnings li {
    border-inline-start: 4px solid var(--mt-color-danger, #b42318);
    background: var(--mt-color-danger-surface, #fdecea);
    padding: 6px 10px;
    border-radius: 4px;
  }
  .units-layout {
    display: grid;
    grid-template-columns: minmax(0, 2fr) minmax(260px, 1fr);
    gap: 16px;
    align-items: start;
  }
  @media (max-width: 760px) {
    .units-layout {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  td button,
  th button {
    min-height: 44px;
    text-align: start;
  }
  th button[aria-pressed='true'] {
    background: var(--mt-color-primary, #0b5cab);
    color: var(--mt-color-on-primary, #ffffff);
  }
  form.move {
    border: 1px solid var(--mt-color-border, #c9d1d9);
    border-radius: var(--mt-radius, 8px);
    padding: 12px;
    display: flex;
    flex-direction: column;
    gap: 10px;
  }
  form.move h3 {
    margin: 0;
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 6px;
  }
  legend {
    font-weight: 600;
    padding: 0;
    margin-bottom: 4px;
  }
  .choice {
    flex-direction: row;
    align-items: center;
    gap: 10px;
    min-height: 44px;
    padding: 4px 10px;
    border: 1px solid var(--mt-color-border, #c9d1d9);
    border-radius: calc(var(--mt-radius, 8px) / 2);
    font-size: 1em;
    cursor: pointer;
  }
  .choice input {
    min-width: 24px;
    min-height: 24px;
    margin: 0;
  }
  form.move label:not(.choice) {
    display: flex;
  }
  .buttons {
    display: flex;
    gap: 8px;
    flex-wrap: wrap;
  }
  .refused {
    color: var(--mt-color-danger, #b42318);
    font-weight: 600;
  }
  .accepted {
    color: var(--mt-color-online, #1a7f37);
    font-weight: 600;
  }
`;
