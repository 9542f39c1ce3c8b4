/*
 * DEVELOPMENT ONLY. A stand-in for the host portal's own login: `pnpm start` writes /dev-session.json with one
 * development token per role (signed with the server's local development key, valid 30 minutes, rewritten every
 * 10). A real portal hands the widgets its own access token as a property; tokens never go into a URL.
 */
const REFRESH_MS = 5 * 60_000;

/** A fresh development token (and display name) for `role`. */
export async function devLogin(role) {
  const response = await fetch('/dev-session.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`no development session (${response.status}): start the demo with pnpm start`);
  const session = await response.json();
  const user = session.users?.[role];
  if (!user) throw new Error(`the development session has no ${role}`);
  return user;
}

/** The live endpoint of the server that served this page. */
export function liveUrl() {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/live`;
}

/**
 * Logs `role` in on an `<mt-session>` (server + token as properties) and keeps the token fresh. Calls
 * `onUser(user)` with the display name and teams after each login.
 */
export async function connectSession(sessionElement, role, onUser = () => undefined) {
  sessionElement.server = liveUrl();
  const login = async () => {
    const user = await devLogin(role);
    sessionElement.token = user.token;
    onUser(user);
    return user;
  };
  const user = await login();
  setInterval(() => void login().catch((error) => console.warn(error)), REFRESH_MS);
  return user;
}

/** REST `/api/v1` with the role's current development token. */
export function restClient(role) {
  return async (method, path, body) => {
    const { token } = await devLogin(role);
    const response = await fetch(`/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    const data = text === '' ? undefined : JSON.parse(text);
    return { ok: response.ok, status: response.status, data };
  };
}
