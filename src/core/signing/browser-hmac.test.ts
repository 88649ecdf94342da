// The workstation's HMAC-SM3 (sm-crypto, in the browser) is the node's (Node's createHmac('sm3')): same cainfo, byte for byte.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacSm3Signer } from '../../../web/src/hospital/hmac-sm3.ts';
import { signedContent } from './canonical.ts';
import { signEnvelope } from './envelope.ts';
import { envelopeSignerOf, verifyBytes } from './keys.ts';

const SECRET = 'c0ffee-0123456789abcdef';
const CONTENTS = [
  '',
  'abc',
  '{"fixmedins_name":"海口市第一人民医院","input":{"signIn":{"ip":"","mac":"","opter_no":"D001"}}}',
  'x'.repeat(1000),
  '😀 emoji and ü',
];

describe('HMAC-SM3 in the browser', () => {
  it('equals Node’s createHmac("sm3") for texts of every kind, and for long and short secrets', () => {
    for (const secret of [SECRET, 'k'.repeat(100), '密钥密钥密钥密钥密钥密钥']) {
      const browser = hmacSm3Signer(secret);
      for (const content of CONTENTS) {
        const node = createHmac('sm3', secret).update(content, 'utf8').digest('base64');
        expect(browser.sign(content)).toBe(node);
        expect(browser.sign(content)).toBe(envelopeSignerOf({ signtype: 'SM3', secret }).sign(content));
      }
    }
  });

  it('signs an envelope the node verifies', () => {
    const envelope = signEnvelope(
      { infno: '9001', fixmedins_name: '海口市第一人民医院', input: { a: [1, 2] } },
      hmacSm3Signer(SECRET),
    );
    expect(envelope.signtype).toBe('SM3');
    const bytes = Buffer.from(signedContent(envelope), 'utf8');
    expect(verifyBytes(bytes, 'SM3', envelope.cainfo, { secret: SECRET })).toBe(true);
    expect(verifyBytes(bytes, 'SM3', envelope.cainfo, { secret: `${SECRET}x` })).toBe(false);
  });
});
