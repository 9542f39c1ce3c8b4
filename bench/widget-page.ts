/// <reference lib="dom" />
/**
 * Runs inside Chromium (serialized by puppeteer's `evaluate`): mounts `<mt-alarm-list>` on an offline LiveSession,
 * feeds `alarms` alarms as snapshot pages and times until rows are painted; then applies `updatesPerSecond` deltas
 * for `updateSeconds` and times each one (receive → render complete). Self-contained: no imports, no closures.
 */
export async function alarmListInPage(config: {
  alarms: number;
  renders: number;
  updatesPerSecond: number;
  updateSeconds: number;
}): Promise<{ renderMs: number[]; updateMs: number[]; longTasks: number; busyShare: number }> {
  interface Session {
    receive(bytes: Uint8Array): void;
  }
  interface AlarmList extends HTMLElement {
    session: Session;
    updateComplete: Promise<boolean>;
  }
  const api = (window as unknown as { medtekBench: Record<string, unknown> }).medtekBench;
  const LiveSession = api.LiveSession as new (options: Record<string, unknown>) => Session;
  const encode = api.encodeServerFrame as (frame: unknown) => Uint8Array;
  const now = Date.now();
  const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const alarm = (id: string, i: number, patch: Record<string, unknown> = {}) => ({
    id,
    type: (['missed_dose', 'help_requested', 'device_offline', 'late_dose'] as const)[i % 4],
    priority: (['high', 'medium', 'low'] as const)[i % 3],
    state: 'unack_active',
    acknowledged: false,
    cleared: false,
    citizenId: `cit-${i}`,
    deviceId: `dev-${i}`,
    teamId: 'team-bench',
    slot: '2026-11-25T08:00',
    raisedAt: now - i * 1000,
    updatedAt: now - i * 1000,
    comments: [],
    suppressed: false,
    escalationLevel: 0,
    responseLimitMs: 15 * 60_000,
    ...patch,
  });
  const mount = async () => {
    const sent: { t: string; topic?: string; id?: string }[] = [];
    const session = new LiveSession({
      server: 'ws://127.0.0.1:9/live',
      token: 'bench',
      autoConnect: false,
      onSend: (frame: { t: string }) => sent.push(frame),
    });
    session.receive(
      encode({ t: 'auth_ok', v: 1, user: 'u-bench', role: 'superuser', teams: ['team-bench'], serverTime: now }),
    );
    const element = document.createElement('mt-alarm-list') as AlarmList;
    element.session = session;
    document.body.append(element);
    await element.updateComplete;
    const sub = [...sent].reverse().find((frame) => frame.t === 'subscribe' && frame.topic === 'alarms')?.id;
    return { session, element, sub };
  };
  const all = Array.from({ length: config.alarms }, (_, i) => alarm(`al-${i}`, i));
  const renderMs: number[] = [];
  let last: Awaited<ReturnType<typeof mount>> | undefined;
  for (let run = 0; run < config.renders; run++) {
    last?.element.remove();
    const mounted = await mount();
    const pageSize = 1000;
    const pages = Math.max(1, Math.ceil(all.length / pageSize));
    const frames = Array.from({ length: pages }, (_, page) =>
      encode({
        t: 'snapshot',
        sub: mounted.sub,
        topic: 'alarms',
        items: all.slice(page * pageSize, (page + 1) * pageSize),
        page,
        more: page < pages - 1,
      }),
    );
    await nextFrame();
    const started = performance.now();
    for (const frame of frames) mounted.session.receive(frame);
    await mounted.element.updateComplete;
    while (mounted.element.shadowRoot?.querySelector('[role=listitem]') == null) await nextFrame();
    await nextFrame();
    renderMs.push(performance.now() - started);
    last = mounted;
  }
  let longTasks = 0;
  const observer = new PerformanceObserver((list) => (longTasks += list.getEntries().length));
  observer.observe({ type: 'longtask', buffered: false });
  const updateMs: number[] = [];
  const total = Math.max(1, Math.round(config.updatesPerSecond * config.updateSeconds));
  const interval = 1000 / config.updatesPerSecond;
  const t0 = performance.now();
  for (let n = 0; n < total; n++) {
    const wait = t0 + n * interval - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const i = (n * 7919) % all.length;
    const changed = alarm(`al-${i}`, i, {
      state: n % 2 === 0 ? 'ack_active' : 'unack_active',
      acknowledged: n % 2 === 0,
      updatedAt: now + n,
    });
    const bytes = encode({ t: 'delta', topic: 'alarms', items: [changed], removed: [] });
    const started = performance.now();
    last!.session.receive(bytes);
    await last!.element.updateComplete;
    updateMs.push(performance.now() - started);
  }
  const elapsedMs = performance.now() - t0;
  observer.disconnect();
  last?.element.remove();
  const busyMs = updateMs.reduce((sum, ms) => sum + ms, 0);
  return { renderMs, updateMs, longTasks, busyShare: busyMs / elapsedMs };
}
