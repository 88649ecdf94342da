// Redelivery backoff and reply-failure rules shared by both bus adapters.

import { describe, expect, it } from 'vitest';
import {
  assertEventId,
  describeReplyFailure,
  encodeJson,
  MAX_PAYLOAD_BYTES,
  MAX_REDELIVERY_DELAY_MS,
  REDELIVERY_BASE_DELAY_MS,
  redeliveryDelayMs,
} from './delivery.ts';
import { ReplyError } from './port.ts';

describe('delivery rules', () => {
  it('redelivery waits 50 ms, then doubles up to the maximum', () => {
    expect(redeliveryDelayMs(1)).toBe(REDELIVERY_BASE_DELAY_MS);
    expect(redeliveryDelayMs(2)).toBe(2 * REDELIVERY_BASE_DELAY_MS);
    expect(redeliveryDelayMs(3)).toBe(4 * REDELIVERY_BASE_DELAY_MS);
    expect(redeliveryDelayMs(1_000)).toBe(MAX_REDELIVERY_DELAY_MS);
  });

  it('a ReplyError keeps its code and anything else becomes internal', () => {
    expect(describeReplyFailure(new ReplyError('filing-expired', '备案已过期'))).toEqual({
      code: 'filing-expired',
      message: '备案已过期',
    });
    expect(describeReplyFailure(new Error('boom'))).toEqual({ code: 'internal', message: 'boom' });
    expect(describeReplyFailure('thrown string')).toEqual({ code: 'internal', message: 'thrown string' });
  });

  it('a body over the NATS payload limit is refused', () => {
    expect(() => encodeJson('x'.repeat(MAX_PAYLOAD_BYTES))).toThrow(RangeError);
    expect(encodeJson(undefined)).toBe('null');
  });

  it('an event id must be a short single line', () => {
    expect(() => assertEventId('2304:H46010100001:MSG0001')).not.toThrow();
    expect(() => assertEventId('')).toThrow(TypeError);
    expect(() => assertEventId('a\nb')).toThrow(TypeError);
  });
});
