import { expect } from '@esm-bundle/chai';
import '../src/index.js';
import type { MtKeyFigures } from '../src/key-figures/key-figures.js';
import { LiveSession } from '../src/shared/session/live-session.js';
import { expectAccessible, shadowText, until } from './helpers.js';
import { liveServer, sessionState, type LiveFixture } from './live-server-commands.js';

/**
 * `<mt-key-figures>` against the REAL test server (test/support/live-server.ts): the figures come from
 * `GET /api/v1/integrations/kpis` (core's computeKeyFigures over the server's journal), reached same-origin through
 * the wtr proxy as on a portal page. Alarms are raised by real signed device frames.
 */

const PATIENCE = 600;

function keyFigures(fixture: LiveFixture, token: string, lang?: string): MtKeyFigures {
  const element = document.createElement('mt-key-figures');
  element.server = location.origin;
  element.team = fixture.teamId;
  element.refreshSeconds = 0;
  element.token = token;
  if (lang !== undefined) element.lang = lang;
  document.body.append(element);
  return element;
}

function tableRow(element: MtKeyFigures, priority: string): string[] {
  const rows = [...element.shadowRoot!.querySelectorAll('tbody tr')];
  const row = rows.find((candidate) => candidate.querySelector('th')?.textContent?.trim() === priority);
  return [...(row?.querySelectorAll('td') ?? [])].map((cell) => cell.textContent?.trim() ?? '');
}

describe('mt-key-figures against a real server', () => {
  const sessions: LiveSession[] = [];
  afterEach(() => {
    document.body.replaceChildren();
    for (const session of sessions.splice(0)) session.close();
  });

  it('shows the team’s alarms by priority, time to acknowledge and a plot with a table, in Danish, axe clean', async () => {
    const fixture = await liveServer.fixture();
    const { alarms } = await liveServer.raise(fixture.deviceIds[1], { kind: 'help_requested' });
    const alarm = alarms[0]!;
    // Acknowledge it over the live socket, so the time to acknowledge has a value.
    const session = new LiveSession({ server: fixture.liveUrl, token: fixture.tokens.superuser });
    sessions.push(session);
    await sessionState(session, 'online');
    expect((await session.command({ action: 'acknowledge', alarmId: alarm.id })).ok).to.equal(true);

    const element = keyFigures(fixture, fixture.tokens.superuser);
    await until(() => element.figures !== undefined, 'figures loaded', PATIENCE);
    await element.updateComplete;
    expect(element.figures!.alarms).to.equal(1);
    expect(element.figures!.alarmsByPriority[alarm.priority]).to.equal(1);
    const text = shadowText(element);
    expect(text).to.contain('Nøgletal, seneste døgn');
    expect(text).to.contain('Tid til kvittering');
    expect(text).to.contain('0 over responstiden');
    const priorityName = { high: 'Høj', medium: 'Middel', low: 'Lav' }[alarm.priority];
    const [count, p50] = tableRow(element, priorityName);
    expect(count).to.equal('1');
    expect(p50).to.match(/\d/);
    expect(element.shadowRoot!.querySelectorAll('svg rect.bar').length).to.equal(3);
    await expectAccessible(element);

    // A second alarm shows after an on-demand refresh.
    await liveServer.raise(fixture.deviceIds[2], { kind: 'tamper' });
    await element.refresh();
    expect(element.figures!.alarms).to.equal(2);
  });

  it('speaks English under lang="en" and uses the enclosing mt-session’s server and token', async () => {
    const fixture = await liveServer.fixture();
    await liveServer.raise(fixture.deviceIds[0], { kind: 'help_requested' });
    const provider = document.createElement('mt-session');
    // The REST base comes from the session's server: here the wtr origin (its proxy reaches the test server).
    provider.server = location.origin.replace(/^http/, 'ws') + '/live';
    provider.token = fixture.tokens.superuser;
    const element = document.createElement('mt-key-figures');
    element.lang = 'en';
    element.team = fixture.teamId;
    provider.append(element);
    document.body.append(provider);
    await until(() => element.figures !== undefined, 'figures loaded', PATIENCE);
    await element.updateComplete;
    const text = shadowText(element);
    expect(text).to.contain('Key figures, last 24 hours');
    expect(text).to.contain('Alarms by priority');
    expect(text).to.contain('Doses taken on time');
    expect(element.figures!.alarms).to.equal(1);
    await expectAccessible(element);
  });

  it('shows a clear error when the server refuses the token, and for a role without key figures', async () => {
    const fixture = await liveServer.fixture();
    const refused = keyFigures(fixture, 'not-a-valid-token');
    await until(() => shadowText(refused).includes('kunne ikke hentes'), 'error shown', PATIENCE);
    const alert = refused.shadowRoot!.querySelector('[role="alert"]');
    expect(alert?.textContent).to.contain('adgangen blev afvist');
    expect(refused.figures).to.equal(undefined);
    await expectAccessible(refused);

    const staff = keyFigures(fixture, fixture.tokens.staff, 'en');
    await until(() => shadowText(staff).includes('could not be loaded'), 'error shown', PATIENCE);
    expect(shadowText(staff)).to.contain('your role may not see key figures');
  });
});
