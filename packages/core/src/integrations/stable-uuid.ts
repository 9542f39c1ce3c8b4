/**
 * A UUID derived from a name (no randomness in core): four FNV-1a 32-bit hashes with different seeds, formatted as
 * an RFC 9562 version-8 ("custom") UUID. The same resource always gets the same `urn:uuid:` in every export, so a
 * receiver can recognise a re-sent entry.
 */
export function stableUuid(name: string): string {
  const parts = [0x811c9dc5, 0x01000193, 0x9e3779b9, 0x85ebca6b].map((seed) => {
    let hash = seed >>> 0;
    for (let index = 0; index < name.length; index += 1) {
      hash ^= name.charCodeAt(index);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash.toString(16).padStart(8, '0');
  });
  const hex = parts.join('');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
