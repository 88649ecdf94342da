// Limits of one HIS message: fee lines per 2301/2204 upload and nesting depth; refused for their shape, not stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admit, feeLine, type HisWorld, LAOZHANG, startHisWorld } from '../../../test/support/his-world.ts';
import { HIS_BODY_LIMIT_BYTES } from './9101-file-upload.ts';
import { MAX_NESTING_DEPTH } from './envelope.ts';
import { MAX_FEE_LINES_PER_UPLOAD } from './fee-input.ts';
import { HIS_PATH } from './route.ts';

let world: HisWorld;
beforeAll(async () => {
  world = await startHisWorld();
});
afterAll(async () => {
  await world?.close();
});

/** n bed-day lines (甲类, 10.00 each) of a visit. */
const bedDays = (mdtrtId: string, n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) =>
    feeLine(mdtrtId, LAOZHANG, `${prefix}${i + 1}`, '001102000010000', 10, 1, 10, '2026-05-04 08:00:00'),
  );

const storedUnder = async (msgid: string) =>
  (await world.platform.db.query('SELECT 1 FROM node_460000.processed_messages WHERE msgid = $1', [msgid]))
    .length;

describe('fee lines per upload', () => {
  it(`refuses more than ${MAX_FEE_LINES_PER_UPLOAD} lines naming input.feedetail, stores nothing, and refuses a retry the same way`, async () => {
    const mdtrtId = await admit(world.his);
    const before = await world.stored();
    const body = world.his.envelope('2301', {
      feedetail: bedDays(mdtrtId, MAX_FEE_LINES_PER_UPLOAD + 1, 'L'),
    });
    const first = await world.send(body);
    expect(first.infcode).toBe(-1);
    expect(first.err_msg).toBe(
      `input.feedetail：每次上传不超过${MAX_FEE_LINES_PER_UPLOAD}条（本次${MAX_FEE_LINES_PER_UPLOAD + 1}条），请分批上传`,
    );
    expect(await world.stored()).toEqual(before);
    // Refused for its shape before any effect: not kept under the msgid; the retry is read afresh, refused alike.
    expect(await storedUnder(body.msgid as string)).toBe(0);
    expect((await world.send(body)).err_msg).toBe(first.err_msg);
    expect(await storedUnder(body.msgid as string)).toBe(0);
  });

  it(`accepts exactly ${MAX_FEE_LINES_PER_UPLOAD} lines`, async () => {
    const mdtrtId = await admit(world.his);
    const output = await world.his.ok('2301', { feedetail: bedDays(mdtrtId, MAX_FEE_LINES_PER_UPLOAD, 'M') });
    expect(output.result).toHaveLength(MAX_FEE_LINES_PER_UPLOAD);
  }, 120_000);
});

describe('nesting depth', () => {
  it(`refuses a value nested deeper than ${MAX_NESTING_DEPTH} levels naming its path, and stores nothing`, async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 1_000; i++) deep = [deep];
    const before = await world.stored();
    const body = world.his.envelope('1901', { data: { type: 'insutype', extra: deep } });
    const answer = await world.send(body);
    expect(answer.err_msg).toBe(`input.data.extra[0][0]：嵌套层数超过${MAX_NESTING_DEPTH}层`);
    expect(await world.stored()).toEqual(before);
    expect(await storedUnder(body.msgid as string)).toBe(0);
  });
});

describe('NUL characters', () => {
  it('refuses a NUL in a text naming its path (the database cannot hold it), and stores nothing', async () => {
    const before = await world.stored();
    const body = world.his.envelope('1101', {
      data: { psn_no: `${LAOZHANG.psn_no}\u0000`, mdtrt_cert_type: '02' },
    });
    const answer = await world.send(body);
    expect(answer.err_msg).toBe('input.data.psn_no：含有空字符（U+0000）');
    expect(await world.stored()).toEqual(before);
    expect(await storedUnder(body.msgid as string)).toBe(0);
  });
});

describe('body size', () => {
  it('refuses a body over the limit unread, with HTTP 413 and the national envelope', async () => {
    const answer = await world.app.inject({
      method: 'POST',
      url: HIS_PATH,
      headers: { 'content-type': 'application/json' },
      payload: `{"infno":"9101","input":"${'x'.repeat(HIS_BODY_LIMIT_BYTES)}"}`,
    });
    expect(answer.statusCode).toBe(413);
    expect(answer.json()).toMatchObject({
      infcode: -1,
      err_msg: `请求报文：超过${HIS_BODY_LIMIT_BYTES}字节的上限`,
      output: null,
    });
  });
});

describe('refusals that depend on the state of the world', () => {
  it('are still stored under their msgid: a retry gets the first answer', async () => {
    const msgid = world.his.nextMsgid();
    const first = await world.his.call('2301', { feedetail: bedDays('460000999999', 1, 'N') }, { msgid });
    expect(first.err_msg).toMatch(/^input\.feedetail\[0\]\.mdtrt_id：|^input\.mdtrt_id：/);
    expect(await storedUnder(msgid)).toBe(1);
  });
});
