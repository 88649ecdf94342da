// Subject syntax and NATS-style wildcard matching shared by both bus adapters.

import { describe, expect, it } from 'vitest';
import {
  assertName,
  assertRequestSubject,
  parseSubject,
  subjectCovers,
  subjectsIntersect,
} from './subject.ts';

describe('subjects', () => {
  it('a literal subject splits into its tokens', () => {
    expect(parseSubject('yidi.events.460000.settled', 'literal')).toEqual([
      'yidi',
      'events',
      '460000',
      'settled',
    ]);
  });

  it('wildcards are refused in literal subjects and allowed in filters', () => {
    expect(() => parseSubject('yidi.*.settled', 'literal')).toThrow(TypeError);
    expect(() => parseSubject('yidi.>', 'literal')).toThrow(TypeError);
    expect(parseSubject('yidi.*.settled', 'filter')).toHaveLength(3);
    expect(parseSubject('yidi.>', 'filter')).toHaveLength(2);
  });

  it('empty tokens, blanks and a non-final > are refused', () => {
    for (const bad of ['', 'yidi..settled', 'yidi.events.', 'yidi. x', 'yidi.>.settled']) {
      expect(() => parseSubject(bad, 'filter'), bad).toThrow(TypeError);
    }
  });

  it('* matches exactly one token and > one or more', () => {
    expect(subjectCovers('yidi.*.settled', 'yidi.460000.settled')).toBe(true);
    expect(subjectCovers('yidi.*.settled', 'yidi.460000.x.settled')).toBe(false);
    expect(subjectCovers('yidi.*', 'yidi')).toBe(false);
    expect(subjectCovers('yidi.>', 'yidi.460000.settled')).toBe(true);
    expect(subjectCovers('yidi.>', 'yidi')).toBe(false);
    expect(subjectCovers('yidi.settled', 'yidi.settled')).toBe(true);
    expect(subjectCovers('yidi.settled', 'yidi.reversed')).toBe(false);
  });

  it('a filter covers a narrower filter but not a wider one', () => {
    expect(subjectCovers('yidi.events.>', 'yidi.events.*.settled')).toBe(true);
    expect(subjectCovers('yidi.events.*', 'yidi.events.>')).toBe(false);
    expect(subjectCovers('yidi.events.460000', 'yidi.events.*')).toBe(false);
  });

  it('filters intersect when some subject matches both', () => {
    expect(subjectsIntersect('yidi.events.>', 'yidi.*.settled')).toBe(true);
    expect(subjectsIntersect('yidi.events.>', 'yidi.rpc.decide')).toBe(false);
    expect(subjectsIntersect('yidi.*', 'yidi.a.b')).toBe(false);
    expect(() => assertRequestSubject('yidi.>', ['yidi.events.>'])).toThrow(TypeError);
    expect(() => assertRequestSubject('yidi.rpc.460000.decide', ['yidi.events.>'])).not.toThrow();
  });

  it('stream and durable names refuse the characters JetStream forbids', () => {
    expect(() => assertName('settlement_460000-v2', 'durable name')).not.toThrow();
    for (const bad of ['', 'a.b', 'a*', 'a>', 'a b', 'a/b', 'x'.repeat(65)]) {
      expect(() => assertName(bad, 'durable name'), bad).toThrow(TypeError);
    }
  });
});
