import { expect } from '@esm-bundle/chai';
import { CloseCode, ERROR_CODES, PROTOCOL_VERSION } from '@medtek/core';

// The core package must run unchanged in the browser: widgets share its protocol tables.
describe('@medtek/core in Chromium', () => {
  it('loads the protocol tables', () => {
    expect(PROTOCOL_VERSION).to.equal(1);
    expect(ERROR_CODES).to.include('auth_required');
    expect(CloseCode.AuthTimeout).to.equal(4001);
  });
});
