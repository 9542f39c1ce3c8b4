import { ErrorCode } from '@medtek/core';
import type { HttpRequest, HttpResponse, TemplatedApp } from 'uWebSockets.js';
import type { z } from 'zod';
import { HttpError, PROBLEM_CONTENT_TYPE, type Problem } from './problem.js';
import { statusLine } from './status.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** What a bearer check yields: the caller, or why it failed (maps to 401). */
export type BearerResult<P> = { ok: true; principal: P } | { ok: false; code: ErrorCode; message: string };

/**
 * One request, copied out of uWS's stack-allocated HttpRequest before any await, plus corked, abort-safe answers.
 * After the client aborts (or after the first answer) every answer is a no-op.
 */
export class RequestContext<P = unknown> {
  responded = false;
  /** Status of the answer sent, once sent. */
  status: number | undefined;
  /** Set by the router when the route requires a bearer token. */
  principal: P | undefined;

  constructor(
    private readonly res: HttpResponse,
    private readonly abortState: { aborted: boolean },
    readonly method: HttpMethod,
    readonly path: string,
    readonly params: Readonly<Record<string, string>>,
    readonly query: URLSearchParams,
    readonly headers: Readonly<Record<string, string>>,
    readonly body: Uint8Array | undefined,
  ) {}

  /** True once the client went away; answers are then no-ops. */
  get aborted(): boolean {
    return this.abortState.aborted;
  }

  /** The body parsed as JSON and validated; throws HttpError 400 naming the bad fields. */
  json<T>(schema: z.ZodType<T>): T {
    if (this.body === undefined || this.body.length === 0) {
      throw new HttpError(ErrorCode.SchemaViolation, 'a JSON request body is required');
    }
    const type = this.headers['content-type'] ?? '';
    if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
      throw new HttpError(ErrorCode.SchemaViolation, 'Content-Type must be application/json', 415);
    }
    let value: unknown;
    try {
      value = JSON.parse(Buffer.from(this.body).toString('utf8'));
    } catch {
      throw new HttpError(ErrorCode.SchemaViolation, 'the request body is not valid JSON');
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const errors = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
      throw new HttpError(ErrorCode.SchemaViolation, 'the request body does not match the schema', 400, {}, errors);
    }
    return parsed.data;
  }

  /** Sends a complete response in one corked write. */
  send(status: number, body: string | Uint8Array, headers: Readonly<Record<string, string>> = {}): void {
    if (this.aborted || this.responded) return;
    this.responded = true;
    this.status = status;
    this.res.cork(() => {
      this.res.writeStatus(statusLine(status));
      for (const [name, value] of Object.entries(headers)) this.res.writeHeader(name, value);
      this.res.end(body);
    });
  }

  sendJson(status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
    this.send(status, JSON.stringify(body), { 'content-type': 'application/json', ...headers });
  }

  sendProblem(problem: Problem, headers: Readonly<Record<string, string>> = {}): void {
    this.send(problem.status, JSON.stringify(problem), { 'content-type': PROBLEM_CONTENT_TYPE, ...headers });
  }

  sendError(error: HttpError): void {
    this.sendProblem(error.toProblem(), error.headers);
  }
}

export type RouteHandler<P> = (ctx: RequestContext<P>) => void | Promise<void>;

export interface RouteOptions {
  /** Require `Authorization: Bearer <token>` (default true: REST is authenticated unless a route says otherwise). */
  auth?: boolean;
}

interface Route<P> {
  method: HttpMethod;
  segments: string[];
  handler: RouteHandler<P>;
  auth: boolean;
}

export interface RouterOptions<P> {
  /** Mount point, e.g. `/api/v1`. */
  prefix: string;
  /** Largest request body; larger ones get 413 before the handler runs. */
  maxBodyBytes: number;
  /** Verifies a bearer token (e.g. the jose verifier). Without it, routes that need auth answer 401. */
  authenticate?: (token: string) => Promise<BearerResult<P>>;
  /** Called with unexpected handler errors (the client gets a 500 without details). */
  onError?: (error: unknown, ctx: RequestContext<P>) => void;
  /** Called after each answered request (metrics). */
  onResponse?: (status: number) => void;
}

const BODY_METHODS: ReadonlySet<HttpMethod> = new Set(['post', 'put', 'patch']);

function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment.length > 0);
}

/**
 * A small REST router over uWS: `/api/v1/...` routes with `:param` segments, size-capped abort-safe JSON bodies,
 * bearer authentication, RFC 9457 problems (404, 405 with Allow, 413, 401 with WWW-Authenticate, 500).
 */
export class RestRouter<P = unknown> {
  private readonly routes: Route<P>[] = [];
  private readonly prefixSegments: string[];

  constructor(private readonly options: RouterOptions<P>) {
    this.prefixSegments = splitPath(options.prefix);
  }

  get(path: string, handler: RouteHandler<P>, options?: RouteOptions): this {
    return this.add('get', path, handler, options);
  }
  post(path: string, handler: RouteHandler<P>, options?: RouteOptions): this {
    return this.add('post', path, handler, options);
  }
  put(path: string, handler: RouteHandler<P>, options?: RouteOptions): this {
    return this.add('put', path, handler, options);
  }
  patch(path: string, handler: RouteHandler<P>, options?: RouteOptions): this {
    return this.add('patch', path, handler, options);
  }
  delete(path: string, handler: RouteHandler<P>, options?: RouteOptions): this {
    return this.add('delete', path, handler, options);
  }

  /** Registers the router on a uWS app under its prefix. */
  attach(app: TemplatedApp): void {
    const pattern = `/${this.prefixSegments.join('/')}`;
    const handle = (res: HttpResponse, req: HttpRequest): void => this.dispatch(res, req);
    app.any(pattern, handle);
    app.any(`${pattern}/*`, handle);
  }

  private add(method: HttpMethod, path: string, handler: RouteHandler<P>, options: RouteOptions = {}): this {
    this.routes.push({ method, segments: splitPath(path), handler, auth: options.auth ?? true });
    return this;
  }

  private match(segments: string[]): { route: Route<P>; params: Record<string, string> }[] {
    const found: { route: Route<P>; params: Record<string, string> }[] = [];
    for (const route of this.routes) {
      if (route.segments.length !== segments.length) continue;
      const params: Record<string, string> = {};
      const ok = route.segments.every((pattern, i) => {
        const actual = segments[i]!;
        if (pattern.startsWith(':')) {
          params[pattern.slice(1)] = actual;
          return true;
        }
        return pattern === actual;
      });
      if (ok) found.push({ route, params });
    }
    return found;
  }

  private dispatch(res: HttpResponse, req: HttpRequest): void {
    // Everything from `req` must be copied now: it is stack-allocated and gone after this function returns.
    const method = req.getMethod() as HttpMethod;
    const url = req.getUrl();
    const query = new URLSearchParams(req.getQuery() ?? '');
    const headers: Record<string, string> = {};
    req.forEach((name, value) => {
      headers[name] = value;
    });

    let segments: string[];
    try {
      segments = splitPath(url).map((segment) => decodeURIComponent(segment));
    } catch {
      segments = [];
    }
    const relative = segments.slice(this.prefixSegments.length);
    const candidates = this.match(relative);
    const chosen = candidates.find((candidate) => candidate.route.method === method);

    const abortState = { aborted: false };
    res.onAborted(() => {
      abortState.aborted = true;
    });
    const earlyCtx = (params: Record<string, string> = {}) =>
      new RequestContext<P>(res, abortState, method, url, params, query, headers, undefined);

    if (!chosen) {
      const ctx = earlyCtx();
      if (candidates.length > 0) {
        const allow = [...new Set(candidates.map((c) => c.route.method.toUpperCase()))].join(', ');
        ctx.sendError(
          new HttpError(ErrorCode.NotFound, `method ${method.toUpperCase()} not allowed here`, 405, { allow }),
        );
      } else {
        ctx.sendError(new HttpError(ErrorCode.NotFound, `no such resource: ${url}`));
      }
      if (ctx.status !== undefined) this.options.onResponse?.(ctx.status);
      return;
    }

    if (!BODY_METHODS.has(method)) {
      void this.run(chosen.route, earlyCtx(chosen.params));
      return;
    }
    const declared = Number(headers['content-length'] ?? '0');
    if (declared > this.options.maxBodyBytes) {
      this.tooLarge(earlyCtx(chosen.params));
      return;
    }
    const chunks: Uint8Array[] = [];
    let received = 0;
    let rejected = false;
    res.onData((chunk, isLast) => {
      if (rejected || abortState.aborted) return;
      received += chunk.byteLength;
      if (received > this.options.maxBodyBytes) {
        rejected = true;
        this.tooLarge(earlyCtx(chosen.params));
        return;
      }
      // uWS neuters the chunk when this callback returns: copy it.
      chunks.push(new Uint8Array(chunk.slice(0)));
      if (!isLast) return;
      const body = chunks.length === 1 ? chunks[0]! : new Uint8Array(Buffer.concat(chunks));
      void this.run(
        chosen.route,
        new RequestContext<P>(res, abortState, method, url, chosen.params, query, headers, body),
      );
    });
  }

  private tooLarge(ctx: RequestContext<P>): void {
    ctx.sendError(
      new HttpError(ErrorCode.LimitExceeded, `the request body exceeds ${this.options.maxBodyBytes} bytes`, 413),
    );
    if (ctx.status !== undefined) this.options.onResponse?.(ctx.status);
  }

  private async run(route: Route<P>, ctx: RequestContext<P>): Promise<void> {
    try {
      if (route.auth) {
        const principal = await this.authenticate(ctx);
        if (principal === undefined) return;
        ctx.principal = principal;
      }
      await route.handler(ctx);
      if (!ctx.responded && !ctx.aborted) {
        throw new Error(`route ${route.method.toUpperCase()} ${ctx.path} finished without answering`);
      }
    } catch (error) {
      if (error instanceof HttpError) {
        ctx.sendError(error);
      } else {
        this.options.onError?.(error, ctx);
        ctx.sendError(new HttpError(ErrorCode.Internal, 'internal error'));
      }
    } finally {
      if (ctx.status !== undefined) this.options.onResponse?.(ctx.status);
    }
  }

  private async authenticate(ctx: RequestContext<P>): Promise<P | undefined> {
    const header = ctx.headers.authorization ?? '';
    const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(header);
    const challenge = { 'www-authenticate': 'Bearer realm="medtek"' };
    if (!match || !this.options.authenticate) {
      ctx.sendError(new HttpError(ErrorCode.AuthRequired, 'a bearer token is required', 401, challenge));
      return undefined;
    }
    const result = await this.options.authenticate(match[1]!);
    if (!result.ok) {
      const error = `Bearer realm="medtek", error="invalid_token"`;
      ctx.sendError(new HttpError(result.code, result.message, 401, { 'www-authenticate': error }));
      return undefined;
    }
    return result.principal;
  }
}
