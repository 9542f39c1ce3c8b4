import type { ErrorCode } from '@medtek/core';
import { HTTP_STATUS_OF, statusTitle } from './status.js';

/** RFC 9457 problem details, plus Medtek's `code` from packages/core/src/protocol/codes.ts. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: ErrorCode;
  /** Field-level problems of a rejected body (path → message). */
  errors?: { path: string; message: string }[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Stable, dereferenceable-by-docs type URI per code (docs/server.md lists them). */
export function problemType(code: ErrorCode): string {
  return `https://medtek.dk/problems/${code.replace(/_/g, '-')}`;
}

export function problem(code: ErrorCode, detail?: string, status = HTTP_STATUS_OF[code]): Problem {
  const body: Problem = { type: problemType(code), title: statusTitle(status), status, code };
  if (detail !== undefined) body.detail = detail;
  return body;
}

/** Throw from a route handler to answer with a problem; anything else thrown becomes a 500 without details. */
export class HttpError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    readonly status: number = HTTP_STATUS_OF[code],
    readonly headers: Readonly<Record<string, string>> = {},
    readonly errors?: { path: string; message: string }[],
  ) {
    super(detail ?? code);
    this.name = 'HttpError';
  }

  toProblem(): Problem {
    const body = problem(this.code, this.detail, this.status);
    if (this.errors) body.errors = this.errors;
    return body;
  }
}
