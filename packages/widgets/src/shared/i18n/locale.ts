import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The languages the widgets speak. Danish is the default (the municipality's language). */
export type Locale = 'da' | 'en';

/** Maps a BCP 47 tag to a supported locale: any English tag to `en`, anything else to Danish. */
export function localeFromTag(tag: string | null | undefined): Locale {
  return tag !== null && tag !== undefined && /^en\b/i.test(tag.trim()) ? 'en' : 'da';
}

/**
 * The language of an element: its own `lang`, else the closest ancestor's, crossing shadow-root boundaries (a widget
 * nested in another component follows the component's host), else the document's.
 */
export function resolveLocale(element: Element): Locale {
  let node: Element | null = element;
  while (node !== null) {
    const withLang: Element | null = node.closest('[lang]');
    if (withLang !== null && withLang.getAttribute('lang') !== '') return localeFromTag(withLang.getAttribute('lang'));
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return localeFromTag(document.documentElement.getAttribute('lang'));
}

// One observer for the whole page: any `lang` change in the document re-resolves every widget's language.
const controllers = new Set<LocaleController>();
let observer: MutationObserver | undefined;

function watchLangAttributes(): void {
  if (observer !== undefined) return;
  observer = new MutationObserver(() => {
    for (const controller of controllers) controller.refresh();
  });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
}

/** Reactive controller giving a widget its current locale; the host re-renders when the language changes. */
export class LocaleController implements ReactiveController {
  locale: Locale = 'da';

  constructor(private readonly host: ReactiveControllerHost & Element) {
    host.addController(this);
  }

  hostConnected(): void {
    controllers.add(this);
    watchLangAttributes();
    this.refresh();
  }

  hostDisconnected(): void {
    controllers.delete(this);
  }

  /** Re-reads the language from the DOM; re-renders the host only when it changed. */
  refresh(): void {
    const next = resolveLocale(this.host);
    if (next === this.locale) return;
    this.locale = next;
    this.host.requestUpdate();
  }
}
