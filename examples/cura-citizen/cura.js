import { connectSession, restClient } from '/shared/dev-session.js';
import { setupLanguageSwitch, t } from '/shared/language.js';

// The coordinator ("tovholder") of home care North screens citizens and follows their technology.
const ROLE = 'coordinator';
setupLanguageSwitch();
const api = restClient(ROLE);
await connectSession(document.getElementById('session'), ROLE, (user) => {
  document.getElementById('user-name').textContent = user.name;
});

const select = document.getElementById('citizen-select');
const citizens = (await api('GET', '/citizens')).data ?? [];
const STEP_NAMES = [
  ['selvhjulpen', 'self-reliant'],
  ['FlexSmart-app', 'FlexSmart app'],
  ['MedidoClock', 'MedidoClock'],
  ['Smila', 'Smila'],
  ['MedimiSmart', 'MedimiSmart'],
  ['fysisk besøg', 'physical visit'],
];
for (const citizen of citizens) select.add(new Option(citizen.name, citizen.id));
// Start with a citizen who has a dispenser (step 2–4), like a record opened from an alarm.
const first = citizens.find((c) => c.staircaseStep >= 2 && c.staircaseStep <= 4) ?? citizens[0];
if (first) select.value = first.id;

let current;
async function showCitizen(citizenId) {
  const answer = await api('GET', `/citizens/${encodeURIComponent(citizenId)}`);
  if (!answer.ok) return;
  current = answer.data;
  renderCitizen();
  // One device-status element per citizen device (device-id narrows the widget to that device).
  const slot = document.getElementById('device-slot');
  slot.replaceChildren(
    ...current.devices.map((device) => {
      const element = document.createElement('mt-device-status');
      element.setAttribute('device-id', device.deviceId);
      return element;
    }),
  );
  document.getElementById('no-device').hidden = current.devices.length > 0;
  document.getElementById('screening-result').textContent = '';
}

function renderCitizen() {
  if (!current) return;
  const { citizen } = current;
  document.getElementById('citizen-name').textContent = citizen.name;
  document.getElementById('citizen-address').textContent = citizen.address;
  document.getElementById('citizen-id').textContent = citizen.id;
  const step = STEP_NAMES[citizen.staircaseStep] ?? ['', ''];
  document.getElementById('citizen-step').textContent = `${citizen.staircaseStep} (${t(step[0], step[1])})`;
}

select.addEventListener('change', () => void showCitizen(select.value));
document.addEventListener('languagechange', renderCitizen);

// The wizard is form-associated: the record's own form could submit it; here the page shows the recommendation.
document.getElementById('wizard').addEventListener('mt-screening-completed', (event) => {
  const step = STEP_NAMES[event.detail.step] ?? ['', ''];
  document.getElementById('screening-result').textContent = t(
    `Screening afsluttet: anbefalet trin ${event.detail.step} (${step[0]}).`,
    `Screening completed: recommended step ${event.detail.step} (${step[1]}).`,
  );
});

if (first) await showCitizen(first.id);
