export { HttpError, PROBLEM_CONTENT_TYPE, type Problem, problem, problemType } from './problem.js';
export {
  type BearerResult,
  type HttpMethod,
  RequestContext,
  RestRouter,
  type RouteHandler,
  type RouteOptions,
  type RouterOptions,
} from './router.js';
export { CONTENT_TYPES, resolveStaticPath, serveStatic, type StaticOptions } from './static-files.js';
export { HTTP_STATUS_OF, statusLine, statusTitle } from './status.js';
export {
  checkUpgrade,
  ConnectionGate,
  copyUpgradeRequest,
  refuseUpgrade,
  type UpgradePolicy,
  type UpgradeRefusal,
  type UpgradeRequest,
  upgradeIfAllowed,
} from './upgrade.js';
export { TokenBucket } from './rate-limit.js';
