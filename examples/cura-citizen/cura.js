import { connectSession, restClient } from '/shared/dev-session.js';
import { setupLanguageSwitch, t } from '/shared/language.js';
import { CURRENT_QUESTIONNAIRE, submitScreening } from '/protocol/medtek-protocol.js';

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
  screeningId = newScreeningId(current.citizen.id);
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

// The wizard is form-associated; the page stores its drafts and the completed screening in the citizen's record
// over REST (PUT /citizens/:id/screenings/:screeningId, a core Screening; the server sets assessedBy/assessedAt).
const me = (await api('GET', '/me')).data;
let screeningId;
const newScreeningId = (citizenId) => `scr-${citizenId}-${Date.now().toString(36)}`;

function draftScreening(answers) {
  return {
    screeningId,
    citizenId: current.citizen.id,
    kind: 'initial',
    questionnaire: { id: CURRENT_QUESTIONNAIRE.id, version: CURRENT_QUESTIONNAIRE.version },
    answers,
    status: 'draft',
    // Required by the schema; the server replaces both with the token's user and its own clock.
    assessedBy: me?.userId ?? 'unknown',
    assessedAt: Date.now(),
  };
}

function showSaveResult(answer, saved, failed) {
  const element = document.getElementById('screening-result');
  element.classList.toggle('error', !answer.ok);
  element.textContent = answer.ok ? saved : `${failed} (${answer.status}: ${answer.data?.message ?? ''})`;
}

async function putScreening(screening) {
  const path = `/citizens/${encodeURIComponent(screening.citizenId)}/screenings/${encodeURIComponent(screening.screeningId)}`;
  try {
    return await api('PUT', path, screening);
  } catch (error) {
    return { ok: false, status: 0, data: { message: String(error) } };
  }
}

const wizard = document.getElementById('wizard');
wizard.addEventListener('mt-screening-draft', async (event) => {
  if (!current) return;
  const answer = await putScreening(draftScreening(event.detail.answers));
  showSaveResult(
    answer,
    t('Kladden er gemt i journalen.', 'The draft is saved in the record.'),
    t('Kladden kunne ikke gemmes', 'The draft could not be saved'),
  );
});

wizard.addEventListener('mt-screening-completed', async (event) => {
  if (!current) return;
  // Core's submit: the answers that count, the recommendation and the follow-up date.
  const submitted = submitScreening(draftScreening(event.detail.answers), {
    assessedBy: me?.userId ?? 'unknown',
    assessedAt: Date.now(),
  });
  if (!submitted.ok) {
    showSaveResult(
      { ok: false, status: 400, data: { message: submitted.code } },
      '',
      t('Ugyldig screening', 'Invalid screening'),
    );
    return;
  }
  const answer = await putScreening(submitted.screening);
  const step = STEP_NAMES[event.detail.step] ?? ['', ''];
  showSaveResult(
    answer,
    t(
      `Screening gemt i journalen: anbefalet trin ${event.detail.step} (${step[0]}).`,
      `Screening saved in the record: recommended step ${event.detail.step} (${step[1]}).`,
    ),
    t('Screeningen kunne ikke gemmes', 'The screening could not be saved'),
  );
  // A submitted screening is final: the next one on this page is a new record.
  if (answer.ok) screeningId = newScreeningId(current.citizen.id);
});

if (first) await showCitizen(first.id);
