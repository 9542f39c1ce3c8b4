/**
 * Registers a custom element unless the tag is already taken. Two copies of the widget bundle on one page (two
 * portals each embedding us) would otherwise make the second `customElements.define` throw and break the page;
 * the first definition wins and the second copy's elements are simply not registered.
 */
export function define(tag: string, ctor: CustomElementConstructor): void {
  if (customElements.get(tag) !== undefined) return;
  customElements.define(tag, ctor);
}
