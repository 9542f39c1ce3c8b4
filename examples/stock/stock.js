import { connectSession, restClient } from '/shared/dev-session.js';
import { setupLanguageSwitch } from '/shared/language.js';

// The technician role: devices and stock, never medication (the server strips it for this role).
const ROLE = 'technician';
setupLanguageSwitch();
const api = restClient(ROLE);
await connectSession(document.getElementById('session'), ROLE, (user) => {
  document.getElementById('user-name').textContent = user.name;
});

const board = document.getElementById('stock-board');
// Minimum units on the shelf per type and depot (the host's policy; the board shows breaches).
board.thresholds = ['depot-nord', 'depot-syd'].flatMap((location) =>
  ['flexsmart', 'medido', 'smila', 'medimi'].map((deviceType) => ({
    deviceType,
    location,
    minimum: deviceType === 'flexsmart' ? 1 : 2,
  })),
);

// The board asks the host to carry out a move; the host calls REST and hands back the answer (or the refusal).
board.addEventListener('mt-stock-move-requested', async (event) => {
  const { requestId, unitId, move } = event.detail;
  const answer = await api('POST', `/stock/${encodeURIComponent(unitId)}/moves`, move);
  board.applyMoveResult(
    requestId,
    answer.ok
      ? { ok: true, unit: answer.data }
      : {
          ok: false,
          code: answer.data?.refusal ?? answer.data?.code ?? 'error',
          message: answer.data?.message ?? answer.data?.detail ?? String(answer.status),
        },
  );
});
