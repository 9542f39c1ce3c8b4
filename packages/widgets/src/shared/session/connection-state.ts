/** The live connection as a user sees it: trying to connect, connected and authenticated, or not connected. */
export type ConnectionState = 'connecting' | 'online' | 'offline';
