import type { Citizen, DeviceRecord, DeviceView, Schedule, Team } from '@medtek/core';

/** A bearer token, or a function that returns a fresh one (tokens expire; long runs re-sign). */
export type TokenSource = string | (() => string | Promise<string>);

export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    detail: string,
  ) {
    super(`${method} ${path} → ${status}: ${detail}`);
    this.name = 'RestError';
  }
}

/** `http(s)://host:port` from whatever the user typed (`ws://…`, a trailing `/`, `/api/v1`). */
export function httpBase(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol === 'ws:') parsed.protocol = 'http:';
  if (parsed.protocol === 'wss:') parsed.protocol = 'https:';
  return `${parsed.protocol}//${parsed.host}`;
}

/** `ws(s)://host:port` of the same server (the device and live paths are appended). */
export function wsBase(url: string): string {
  return httpBase(url).replace(/^http/, 'ws');
}

/** The parts of Medtek's REST API `/api/v1` a fleet needs (docs/server.md), over Node's fetch. */
export class MedtekRest {
  readonly base: string;

  constructor(
    url: string,
    private readonly token: TokenSource,
  ) {
    this.base = httpBase(url);
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const token = typeof this.token === 'string' ? this.token : await this.token();
    const response = await fetch(`${this.base}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    if (!response.ok) {
      let detail = text;
      try {
        const problem = JSON.parse(text) as { detail?: string; code?: string };
        detail = `${problem.code ?? ''} ${problem.detail ?? ''}`.trim() || text;
      } catch {
        // Not a problem document: keep the raw text.
      }
      throw new RestError(response.status, method, path, detail);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }

  me(): Promise<{ userId: string; role: string; teamIds: string[]; serverTime: number }> {
    return this.request('GET', '/me');
  }

  teams(): Promise<Team[]> {
    return this.request('GET', '/teams');
  }

  devices(): Promise<DeviceView[]> {
    return this.request('GET', '/devices');
  }

  createTeam(team: Team): Promise<Team> {
    return this.request('POST', '/teams', team);
  }

  createCitizen(citizen: Citizen): Promise<Citizen> {
    return this.request('POST', '/citizens', citizen);
  }

  putSchedule(schedule: Schedule): Promise<Schedule> {
    return this.request('PUT', `/citizens/${encodeURIComponent(schedule.citizenId)}/schedule`, schedule);
  }

  /** Provisions a device; the answer carries its secret (hex), shown this once. */
  provisionDevice(device: DeviceRecord): Promise<{ device: DeviceRecord; secret: string }> {
    return this.request('POST', '/devices', device);
  }

  /** Moves a manual server clock to `at` (administrators; refused on real and accelerated clocks). */
  async setClock(at: number): Promise<number> {
    const answer = await this.request<{ now: number }>('POST', '/admin/clock', { set: at });
    return answer.now;
  }
}
