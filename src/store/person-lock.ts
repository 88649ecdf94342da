// What every insured-side write that must queue per person starts with: the person's row lock, and the node's serial.
import type { Person } from '../core/dataset/model.ts';
import type { Queryable, Row } from './db.ts';
import { inSchema } from './migrate.ts';

/** The person's row of one insurance type, locked until the transaction ends; undefined when there is none. */
export async function lockPerson(
  tx: Queryable,
  schema: string,
  psnNo: string,
  insutype: string,
): Promise<Person | undefined> {
  const [person] = await tx.query<Person & Row>(
    inSchema(schema, 'SELECT * FROM {s}.persons WHERE psn_no = $1 AND insutype = $2 FOR UPDATE'),
    [psnNo, insutype],
  );
  return person;
}

/** The next value of the node's serial (it also numbers mdtrt_id and setl_id, so serials are unique). */
export async function nextSerial(tx: Queryable, schema: string): Promise<number> {
  const [row] = await tx.query<{ id: number }>(
    inSchema(schema, "SELECT nextval('{s}.serial')::bigint AS id"),
  );
  return row!.id;
}
