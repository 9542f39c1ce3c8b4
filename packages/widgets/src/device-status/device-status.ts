import type { DeviceId, DeviceType, DeviceView } from '@medtek/core';
import { css, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { emit } from '../shared/events.js';
import { formatDateTime, formatPercent, formatShortDateTime } from '../shared/i18n/format.js';
import { MtElement } from '../shared/mt-element.js';
import { LiveController } from '../shared/session/live-controller.js';
import { baseStyles } from '../shared/theme.js';

type StatusFilter = '' | 'online' | 'offline' | 'paused';
const DEVICE_TYPES: DeviceType[] = ['flexsmart', 'medido', 'smila', 'medimi'];

/**
 * `<mt-device-status>`: one device (`device-id`) or the whole visible fleet: online/offline and last contact,
 * battery, power, roll or cassette fill, next dose, paused/travel; counts and filters for a fleet.
 *
 * Never renders medication: the server already strips it for technicians, and this widget additionally never reads
 * any `medication` part of a device view (cassettes are shown by id and count only).
 *
 * @customElement mt-device-status
 * @summary Live device status for one device or a fleet.
 * @fires mt-device-selected - The user chose a device in the fleet table.
 * @csspart connection - The connection state line.
 * @csspart counts - The fleet counts.
 * @csspart table - The device table.
 * @csspart card - The single-device card.
 */
export class MtDeviceStatus extends MtElement {
  static override styles = [
    baseStyles,
    css`
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
      .on {
        color: var(--mt-color-online, #1a7f37);
        font-weight: 600;
      }
      .off {
        color: var(--mt-color-danger, #b42318);
        font-weight: 600;
      }
      dl {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 4px 12px;
        margin: 0;
      }
      dt {
        font-weight: 600;
      }
      dd {
        margin: 0;
      }
      ul {
        margin: 0;
        padding-inline-start: 18px;
      }
      .scroll {
        overflow: auto;
        max-height: var(--mt-device-status-height, 480px);
      }
      td button {
        min-height: 44px;
      }
      .nowrap {
        white-space: nowrap;
      }
    `,
  ];

  /** Show only this device (a card instead of the fleet table). */
  @property({ attribute: 'device-id' }) deviceId = '';

  /** Server-side filter: only these teams (space-separated). */
  @property({ attribute: 'team-ids' }) teamIds = '';

  @state() private statusFilter: StatusFilter = '';
  @state() private typeFilter: DeviceType | '' = '';
  @state() private search = '';

  private readonly live = new LiveController<DeviceView>(this, 'devices', () => {
    const filters: { deviceId?: DeviceId; teamIds?: string[] } = {};
    if (this.deviceId !== '') filters.deviceId = this.deviceId;
    const teams = this.teamIds.split(/\s+/).filter((team) => team !== '');
    if (teams.length > 0) filters.teamIds = teams;
    return filters;
  });

  protected override willUpdate(changed: PropertyValues<this>): void {
    const keys = ['session', 'server', 'token', 'deviceId', 'teamIds'] as const;
    if (this.hasUpdated && keys.some((name) => changed.has(name))) this.live.reconnect();
  }

  protected override render(): unknown {
    const t = this.t;
    const devices = [...this.live.items.values()];
    return html`<div class="header">
        <h2>${this.deviceId === '' ? t.devices.title : t.alarms.device(this.deviceId)}</h2>
        ${this.renderConnection(this.live.state, this.live.session)}
      </div>
      ${this.renderStale(this.live.subscription?.stale ?? false, devices.length > 0)}
      ${this.deviceId === '' ? this.renderFleet(devices) : this.renderOne(devices)}`;
  }

  private renderOne(devices: DeviceView[]): unknown {
    const device = devices.find((d) => d.deviceId === this.deviceId);
    if (device === undefined) {
      return this.live.subscription?.ready === true ? html`<p>${this.t.devices.notFound(this.deviceId)}</p>` : nothing;
    }
    const t = this.t;
    return html`<dl part="card">
      <dt>${t.devices.type}</dt>
      <dd>${t.deviceType[device.type]}</dd>
      <dt>${t.devices.status}</dt>
      <dd>${this.renderOnline(device)}</dd>
      <dt>${t.devices.lastContact}</dt>
      <dd>${this.lastContact(device)}</dd>
      <dt>${t.devices.battery}</dt>
      <dd>${device.battery === undefined ? '–' : formatPercent(device.battery, this.locale)}</dd>
      <dt>${t.devices.power}</dt>
      <dd>${t.power[device.power]}</dd>
      <dt>${t.devices.fill}</dt>
      <dd>${this.renderFill(device)}</dd>
      <dt>${t.devices.nextDose}</dt>
      <dd>${device.nextDose === undefined ? t.devices.none : formatDateTime(device.nextDose.dueAt, this.locale)}</dd>
      <dt>${t.devices.mode}</dt>
      <dd>${t.deviceMode[device.mode]}</dd>
    </dl>`;
  }

  private renderFleet(devices: DeviceView[]): unknown {
    const t = this.t;
    const online = devices.filter((d) => d.online).length;
    const paused = devices.filter((d) => d.mode !== 'active').length;
    const needle = this.search.trim().toLowerCase();
    const shown = devices
      .filter((d) => this.statusFilter === '' || this.statusOf(d) === this.statusFilter)
      .filter((d) => this.typeFilter === '' || d.type === this.typeFilter)
      .filter(
        (d) =>
          needle === '' ||
          d.deviceId.toLowerCase().includes(needle) ||
          (d.citizenId ?? '').toLowerCase().includes(needle),
      )
      // Offline first (they need attention), then by id.
      .sort((a, b) => Number(a.online) - Number(b.online) || a.deviceId.localeCompare(b.deviceId));
    const value = (event: Event): string => (event.target as HTMLInputElement | HTMLSelectElement).value;
    return html`<p part="counts">${t.devices.counts(online, devices.length - online, paused)}</p>
      <div class="toolbar" role="group" aria-label=${t.filters}>
        <label
          >${t.devices.status}
          <select @change=${(e: Event) => (this.statusFilter = value(e) as StatusFilter)}>
            <option value="">${t.all}</option>
            <option value="online">${t.devices.online}</option>
            <option value="offline">${t.devices.offline}</option>
            <option value="paused">${t.deviceMode.paused} / ${t.deviceMode.travel}</option>
          </select></label
        >
        <label
          >${t.devices.type}
          <select @change=${(e: Event) => (this.typeFilter = value(e) as DeviceType | '')}>
            <option value="">${t.all}</option>
            ${DEVICE_TYPES.map((type) => html`<option value=${type}>${t.deviceType[type]}</option>`)}
          </select></label
        >
        <label>${t.devices.search} <input type="search" @input=${(e: Event) => (this.search = value(e))} /></label>
      </div>
      <p class="muted" role="status">${t.count(shown.length, devices.length)}</p>
      ${
        devices.length === 0
          ? html`<p>${t.devices.empty}</p>`
          : html`<div class="scroll">
              <table part="table">
                <thead>
                  <tr>
                    <th scope="col">${t.devices.device}</th>
                    <th scope="col">${t.devices.status}</th>
                    <th scope="col">${t.devices.lastContact}</th>
                    <th scope="col">${t.devices.battery}</th>
                    <th scope="col">${t.devices.power}</th>
                    <th scope="col">${t.devices.fill}</th>
                    <th scope="col">${t.devices.nextDose}</th>
                    <th scope="col">${t.devices.mode}</th>
                  </tr>
                </thead>
                <tbody>
                  ${shown.map(
                    (d) =>
                      html`<tr>
                        <th scope="row">
                          <button
                            class="secondary"
                            @click=${() => emit(this, 'mt-device-selected', { deviceId: d.deviceId })}
                          >
                            ${d.deviceId}
                          </button>
                          <div class="muted">
                            ${t.deviceType[d.type]}${d.citizenId === undefined ? '' : ` · ${d.citizenId}`}
                          </div>
                        </th>
                        <td>${this.renderOnline(d)}</td>
                        <td class="nowrap">${this.lastContact(d, true)}</td>
                        <td>${d.battery === undefined ? '–' : formatPercent(d.battery, this.locale)}</td>
                        <td>${t.power[d.power]}</td>
                        <td>${this.renderFill(d)}</td>
                        <td class="nowrap">
                          ${d.nextDose === undefined ? t.devices.none : this.short(d.nextDose.dueAt)}
                        </td>
                        <td>${t.deviceMode[d.mode]}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }`;
  }

  private statusOf(device: DeviceView): StatusFilter {
    if (device.mode !== 'active') return 'paused';
    return device.online ? 'online' : 'offline';
  }

  private renderOnline(device: DeviceView): unknown {
    const t = this.t;
    return html`<span class=${device.online ? 'on' : 'off'}
        >${device.online ? t.devices.online : t.devices.offline}</span
      >${device.locked ? html` · <span class="off">${t.devices.locked}</span>` : nothing}`;
  }

  private lastContact(device: DeviceView, short = false): string {
    if (device.lastContactAt === undefined) return this.t.devices.never;
    return short ? this.short(device.lastContactAt) : formatDateTime(device.lastContactAt, this.locale);
  }

  /** Table cells: time only today, no year this year (the card shows full dates). */
  private short(epochMs: number): string {
    return formatShortDateTime(epochMs, this.locale, this.live.session?.now() ?? Date.now());
  }

  /** Roll pouches or cassette counts. Cassettes are named by id only: their `medication` part is never read. */
  private renderFill(device: DeviceView): unknown {
    const t = this.t;
    const parts: unknown[] = [];
    if (device.fill.pouchesLeft !== undefined)
      parts.push(html`<li>${t.devices.pouchesLeft(device.fill.pouchesLeft)}</li>`);
    for (const cassette of device.fill.cassettes ?? []) {
      parts.push(html`<li>${t.devices.cassette(cassette.cassetteId, cassette.remaining)}</li>`);
    }
    return parts.length === 0
      ? '–'
      : html`<ul>
          ${parts}
        </ul>`;
  }
}
