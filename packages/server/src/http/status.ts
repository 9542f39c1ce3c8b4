import { ErrorCode } from '@medtek/core';

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  304: 'Not Modified',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The status line uWS wants, e.g. "404 Not Found". */
export function statusLine(status: number): string {
  return `${status} ${STATUS_TEXT[status] ?? ''}`.trimEnd();
}

export function statusTitle(status: number): string {
  return STATUS_TEXT[status] ?? 'Error';
}

/** HTTP status for each protocol error code (REST reuses the one code table). */
export const HTTP_STATUS_OF: Record<ErrorCode, number> = {
  [ErrorCode.FrameTooLarge]: 413,
  [ErrorCode.MalformedMsgpack]: 400,
  [ErrorCode.LimitExceeded]: 413,
  [ErrorCode.ExtensionRejected]: 400,
  [ErrorCode.UnknownFrameType]: 400,
  [ErrorCode.SchemaViolation]: 400,
  [ErrorCode.UnsupportedVersion]: 400,
  [ErrorCode.AuthRequired]: 401,
  [ErrorCode.AuthFailed]: 401,
  [ErrorCode.TokenExpired]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.RateLimited]: 429,
  [ErrorCode.SeqGap]: 409,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.Internal]: 500,
};
