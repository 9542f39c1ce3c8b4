import { connectSession } from '/shared/dev-session.js';
import { setupLanguageSwitch, currentLanguage } from '/shared/language.js';

const ROLE = 'superuser';

setupLanguageSwitch();
const session = document.getElementById('session');
await connectSession(session, ROLE, (user) => {
  document.getElementById('user-name').textContent = user.name;
});

// The key figures (<mt-key-figures>) use the session's server and token and the server's own calculation; the page
// only shows the simulated clock and asks for fresh figures when an alarm was acknowledged here.
const figures = document.getElementById('key-figures');
document.getElementById('alarm-list').addEventListener('mt-alarm-acknowledged', () => void figures.refresh());

function showServerTime() {
  const now = session.session?.now();
  if (now === undefined || session.session?.user === undefined) return;
  const element = document.getElementById('server-time');
  element.textContent = new Intl.DateTimeFormat(currentLanguage() === 'en' ? 'en-GB' : 'da-DK', {
    timeZone: 'Europe/Copenhagen',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(now));
  element.dateTime = new Date(now).toISOString();
}
document.addEventListener('languagechange', showServerTime);
showServerTime();
setInterval(showServerTime, 5_000);
