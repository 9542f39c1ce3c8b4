import { css } from 'lit';

/**
 * Shared styles. Every colour, radius and size reads a `--mt-*` custom property with a default, so a host page
 * themes all widgets from outside; nothing here can reach the host page (shadow DOM), and `:host` resets inherited
 * typography so host CSS such as `* { font: … }` or `button { … }` does not restyle the widget's insides.
 */
export const baseStyles = css`
  :host {
    all: initial;
    display: block;
    box-sizing: border-box;
    font-family: var(--mt-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: var(--mt-font-size, 16px);
    line-height: 1.4;
    color: var(--mt-color-text, #1b1f24);
    background: var(--mt-color-surface, #ffffff);
    border: 1px solid var(--mt-color-border, #c9d1d9);
    border-radius: var(--mt-radius, 8px);
    padding: var(--mt-space, 12px);
    contain: content;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  h2,
  h3 {
    margin: 0 0 8px;
    font-size: 1.15em;
  }
  h3 {
    font-size: 1em;
  }
  button,
  select,
  input,
  textarea {
    font: inherit;
    color: inherit;
    min-height: var(--mt-target-size, 44px);
    min-width: var(--mt-target-size, 44px);
    border-radius: calc(var(--mt-radius, 8px) / 2);
  }
  button {
    border: 1px solid var(--mt-color-primary, #0b5cab);
    background: var(--mt-color-primary, #0b5cab);
    color: var(--mt-color-on-primary, #ffffff);
    padding: 0 16px;
    cursor: pointer;
  }
  button.secondary {
    background: var(--mt-color-surface, #ffffff);
    color: var(--mt-color-primary, #0b5cab);
  }
  button:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  select,
  input,
  textarea {
    border: 1px solid var(--mt-color-border-strong, #6e7781);
    background: var(--mt-color-surface, #ffffff);
    padding: 0 8px;
  }
  textarea {
    padding: 8px;
  }
  :focus-visible {
    outline: 3px solid var(--mt-color-focus, #f0a202);
    outline-offset: 2px;
  }
  label {
    display: inline-flex;
    flex-direction: column;
    gap: 2px;
    font-size: 0.9em;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    align-items: flex-end;
    margin-bottom: 8px;
  }
  .header {
    display: flex;
    justify-content: space-between;
    align-items: baseline;
    gap: 8px;
    flex-wrap: wrap;
  }
  .connection {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    font-size: 0.85em;
    margin: 0;
  }
  .connection::before {
    content: '';
    width: 10px;
    height: 10px;
    border-radius: 50%;
    background: var(--mt-color-offline, #b42318);
  }
  .connection.online::before {
    background: var(--mt-color-online, #1a7f37);
  }
  .connection.connecting::before {
    background: var(--mt-color-warning, #9a6700);
  }
  .badge {
    display: inline-block;
    padding: 0 6px;
    border-radius: 999px;
    font-size: 0.8em;
    border: 1px solid currentColor;
  }
  .muted {
    color: var(--mt-color-text-muted, #57606a);
    font-weight: normal;
  }
  /* Headings focused by script (tabindex=-1) to move screen readers along get no ring: they are not controls. */
  [tabindex='-1']:focus {
    outline: none;
  }
  .error {
    color: var(--mt-color-danger, #b42318);
  }
`;
