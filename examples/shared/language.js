/*
 * Danish by default, English on request: the switch sets `lang` on <html>; the widgets follow their ancestor's
 * `lang` by themselves, the page's own texts carry their English version in `data-en`.
 */
const DANISH = new WeakMap();

export function currentLanguage() {
  return document.documentElement.lang.startsWith('en') ? 'en' : 'da';
}

/** Applies `lang` ('da' | 'en') to <html> and every element with a `data-en` text (and `data-en-label`). */
export function applyLanguage(lang) {
  document.documentElement.lang = lang;
  for (const element of document.querySelectorAll('[data-en]')) {
    if (!DANISH.has(element)) DANISH.set(element, element.textContent);
    element.textContent = lang === 'en' ? element.dataset.en : DANISH.get(element);
  }
  for (const element of document.querySelectorAll('[data-en-label]')) {
    if (!element.dataset.daLabel) element.dataset.daLabel = element.getAttribute('aria-label') ?? '';
    element.setAttribute('aria-label', lang === 'en' ? element.dataset.enLabel : element.dataset.daLabel);
  }
  const toggle = document.getElementById('language-toggle');
  if (toggle) {
    toggle.textContent = lang === 'en' ? 'Dansk' : 'English';
    toggle.lang = lang === 'en' ? 'da' : 'en';
    toggle.setAttribute('aria-pressed', String(lang === 'en'));
  }
  document.dispatchEvent(new CustomEvent('languagechange', { detail: { lang } }));
}

/** Wires the page's `#language-toggle` button; `?lang=en` (no secrets in URLs — only the language) starts in English. */
export function setupLanguageSwitch() {
  const wanted = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'da';
  applyLanguage(wanted);
  document.getElementById('language-toggle')?.addEventListener('click', () => {
    applyLanguage(currentLanguage() === 'en' ? 'da' : 'en');
  });
}

/** Picks the text for the current language. */
export function t(da, en) {
  return currentLanguage() === 'en' ? en : da;
}
