import type { KeyFigures } from '@medtek/core';

/** Why key figures could not be loaded: shown to the user in their language. */
export type KeyFiguresFailure =
  { kind: 'refused' } | { kind: 'forbidden' } | { kind: 'network' } | { kind: 'status'; status: number };

export type KeyFiguresAnswer = { ok: true; figures: KeyFigures } | { ok: false; failure: KeyFiguresFailure };

/**
 * The REST base of a Medtek server from what a page configures: an `http(s)://host[/prefix]` URL, or the live
 * WebSocket URL (`wss://host/live`, as `<mt-session>` holds it). Empty means the server that served the page.
 */
export function restBase(server: string, pageUrl: string): string {
  if (server === '') return new URL(pageUrl).origin;
  const url = new URL(server, pageUrl);
  if (url.protocol === 'ws:') url.protocol = 'http:';
  if (url.protocol === 'wss:') url.protocol = 'https:';
  const path = url.pathname.replace(/\/live\/?$/, '').replace(/\/+$/, '');
  return `${url.origin}${path}`;
}

function failureOf(status: number): KeyFiguresFailure {
  if (status === 401) return { kind: 'refused' };
  if (status === 403) return { kind: 'forbidden' };
  return { kind: 'status', status };
}

async function getJson(
  url: string,
  token: string,
): Promise<{ ok: true; body: unknown } | { ok: false; failure: KeyFiguresFailure }> {
  let response: Response;
  try {
    // The token travels in a header only, never in the URL (URLs end up in logs and browser history).
    response = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
  } catch {
    return { ok: false, failure: { kind: 'network' } };
  }
  if (!response.ok) return { ok: false, failure: failureOf(response.status) };
  try {
    return { ok: true, body: await response.json() };
  } catch {
    return { ok: false, failure: { kind: 'status', status: response.status } };
  }
}

/** The server's clock (`GET /api/v1/me`): a simulated or skewed server clock decides what "the last 24 h" is. */
export async function fetchServerTime(
  base: string,
  token: string,
): Promise<{ ok: true; now: number } | { ok: false; failure: KeyFiguresFailure }> {
  const answer = await getJson(`${base}/api/v1/me`, token);
  if (!answer.ok) return answer;
  const serverTime = (answer.body as { serverTime?: unknown }).serverTime;
  return typeof serverTime === 'number'
    ? { ok: true, now: serverTime }
    : { ok: false, failure: { kind: 'status', status: 200 } };
}

/** `GET /api/v1/integrations/kpis?from&to[&team…]`: core's `computeKeyFigures` for the period, done by the server. */
export async function fetchKeyFigures(
  base: string,
  token: string,
  period: { from: number; to: number; teamIds: readonly string[] },
): Promise<KeyFiguresAnswer> {
  const query = new URLSearchParams({ from: String(Math.floor(period.from)), to: String(Math.floor(period.to)) });
  for (const teamId of period.teamIds) query.append('team', teamId);
  const answer = await getJson(`${base}/api/v1/integrations/kpis?${query.toString()}`, token);
  return answer.ok ? { ok: true, figures: answer.body as KeyFigures } : answer;
}
