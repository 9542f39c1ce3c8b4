import { expect } from '@esm-bundle/chai';
import * as library from '../src/index.js';
import type { MedtekEventMap } from '../src/shared/events.js';

interface ManifestDeclaration {
  kind: string;
  name: string;
  tagName?: string;
  customElement?: boolean;
  events?: { name: string }[];
}
interface Manifest {
  modules: {
    path: string;
    declarations?: ManifestDeclaration[];
    exports?: { kind: string; name: string; declaration: { name: string; module?: string } }[];
  }[];
}

/** Every event the widgets fire; `satisfies` makes the compiler fail when the event map grows and this does not. */
const EVENTS = Object.keys({
  'mt-alarm-acknowledged': true,
  'mt-alarm-assigned': true,
  'mt-alarm-commented': true,
  'mt-alarm-shelved': true,
  'mt-alarm-resolved': true,
  'mt-alarm-escalated': true,
  'mt-alarm-selected': true,
  'mt-high-priority-alarm': true,
  'mt-command-failed': true,
  'mt-device-selected': true,
  'mt-screening-completed': true,
  'mt-screening-draft': true,
  'mt-stock-move-requested': true,
  'mt-stock-moved': true,
  'mt-stock-move-refused': true,
  'mt-connection-changed': true,
} satisfies Record<keyof MedtekEventMap, true>);

/** The tags the library defines, read from the registry (not from a list kept by hand). */
function definedTags(): string[] {
  return (Object.values(library) as unknown[])
    .filter((value): value is CustomElementConstructor => typeof value === 'function')
    .map((ctor) => customElements.getName(ctor))
    .filter((tag): tag is string => tag !== null)
    .sort();
}

async function fetchText(path: string): Promise<string> {
  const response = await fetch(path);
  expect(response.ok, path).to.equal(true);
  return response.text();
}

describe('custom elements manifest (custom-elements.json)', () => {
  it('lists every defined mt-* element with its definition and tag name', async () => {
    const manifest = JSON.parse(await fetchText('/custom-elements.json')) as Manifest;
    const tags = definedTags();
    expect(tags).to.deep.equal([
      'mt-alarm-list',
      'mt-device-status',
      'mt-key-figures',
      'mt-screening-wizard',
      'mt-session',
      'mt-stock-board',
    ]);
    const declared = manifest.modules.flatMap((module) => module.declarations ?? []).filter((d) => d.tagName);
    const definitions = manifest.modules.flatMap((module) =>
      (module.exports ?? []).filter((e) => e.kind === 'custom-element-definition').map((e) => e.name),
    );
    expect(declared.map((d) => d.tagName).sort()).to.deep.equal(tags);
    expect(definitions.sort()).to.deep.equal(tags);
  });

  it('documents every event the widgets fire, and no event that does not exist', async () => {
    const manifest = JSON.parse(await fetchText('/custom-elements.json')) as Manifest;
    const documented = manifest.modules
      .flatMap((module) => module.declarations ?? [])
      .filter((declaration) => declaration.tagName !== undefined)
      .flatMap((declaration) => (declaration.events ?? []).map((event) => event.name));
    expect([...new Set(documented)].sort()).to.deep.equal([...EVENTS].sort());
  });

  it('the README names every element and event too', async () => {
    const readme = await fetchText('/README.md');
    const missing = [...definedTags(), ...EVENTS].filter((name) => !readme.includes(`\`${name}\``));
    expect(missing).to.deep.equal([]);
  });
});
