export { PROTOCOL_VERSION } from '@medtek/core';
