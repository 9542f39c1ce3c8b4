import { describe, expect, it } from 'vitest';
import { CloseCode, ERROR_CODES, ErrorCode } from '../src/index.js';

describe('code table', () => {
  it('has unique error codes in snake_case', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    for (const code of ERROR_CODES) expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
    expect(ERROR_CODES).toContain(ErrorCode.AuthRequired);
  });

  it('uses only RFC 6455 or private-range close codes, each once', () => {
    const codes = Object.values(CloseCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect((code >= 1000 && code <= 1015) || (code >= 4000 && code <= 4999)).toBe(true);
  });
});
