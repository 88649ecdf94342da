// Files of the national interface (9101 上传 / 9102 下载): kept in the node's database, and the zip-of-a-txt format.
import { randomUUID } from 'node:crypto';
import { unzipSync, zipSync } from 'fflate';
import type { Db, Row } from './db.ts';
import { inSchema } from './migrate.ts';
import { nodeSchema } from './schemas.ts';

/** Largest file kept (an upload, or the text inside an uploaded zip): 10 MiB. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** How long a file can be downloaded (dld_endtime) and used by 3202 after it was stored. */
export const FILE_RETENTION_MS = 7 * 24 * 3600_000;
/** Longest filename accepted (the interface's char 200). */
export const MAX_FILENAME_LENGTH = 200;

export interface StoredFile {
  /** 文件查询号: what 9102 and 3202 name the file by. */
  readonly file_qury_no: string;
  readonly fixmedins_code: string;
  readonly filename: string;
  readonly bytes: Uint8Array;
  readonly created_at: Date;
  /** After this the file is no longer given out (dld_endtime). */
  readonly expiry: Date;
}

export class FileStore {
  private readonly schema: string;

  constructor(
    private readonly db: Db,
    province: string,
  ) {
    this.schema = nodeSchema(province);
  }

  private q<T extends Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.db.query<T>(inSchema(this.schema, sql), params);
  }

  /** Stores a file of an institution for FILE_RETENTION_MS; returns it with its new file_qury_no. */
  async save(
    fixmedinsCode: string,
    filename: string,
    bytes: Uint8Array,
    origin: { readonly infno: string; readonly msgid: string },
    now: Date,
  ): Promise<StoredFile> {
    if (bytes.length > MAX_FILE_BYTES)
      throw new RangeError(`a file of ${bytes.length} bytes is over the limit`);
    const file: StoredFile = {
      file_qury_no: randomUUID().replaceAll('-', ''),
      fixmedins_code: fixmedinsCode,
      filename,
      bytes,
      created_at: now,
      expiry: new Date(now.getTime() + FILE_RETENTION_MS),
    };
    await this.q(
      `INSERT INTO {s}.files (file_qury_no, fixmedins_code, filename, bytes, infno, msgid, created_at, expiry)
       VALUES ($1, $2, $3, $4::bytea, $5, $6, $7, $8)`,
      [
        file.file_qury_no,
        fixmedinsCode,
        filename,
        bytes,
        origin.infno,
        origin.msgid,
        file.created_at.toISOString(),
        file.expiry.toISOString(),
      ],
    );
    return file;
  }

  /** An institution's file by its file_qury_no, while it has not expired; another institution's is not found. */
  async find(fixmedinsCode: string, fileQuryNo: string, now: Date): Promise<StoredFile | undefined> {
    const [row] = await this.q<Row>(
      `SELECT file_qury_no, fixmedins_code, filename, bytes, created_at, expiry FROM {s}.files
       WHERE file_qury_no = $1 AND fixmedins_code = $2 AND expiry > $3`,
      [fileQuryNo, fixmedinsCode, now.toISOString()],
    );
    if (!row) return undefined;
    const bytes = row.bytes as Uint8Array;
    return {
      file_qury_no: row.file_qury_no as string,
      fixmedins_code: row.fixmedins_code as string,
      filename: row.filename as string,
      // pg gives a Buffer, PGlite a Uint8Array: one shape for callers
      bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      created_at: new Date(row.created_at as string | Date),
      expiry: new Date(row.expiry as string | Date),
    };
  }

  /** Deletes an institution's expired files; returns how many. */
  async purgeExpired(fixmedinsCode: string, now: Date): Promise<number> {
    const rows = await this.q(
      'DELETE FROM {s}.files WHERE fixmedins_code = $1 AND expiry <= $2 RETURNING file_qury_no',
      [fixmedinsCode, now.toISOString()],
    );
    return rows.length;
  }
}

// ---- the national file format: a .zip holding one tab-separated .txt ----

export type FileText =
  | { readonly ok: true; readonly name: string; readonly text: string }
  | { readonly ok: false; readonly reason: string };

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04] as const;
const EMPTY_ZIP_MAGIC = [0x50, 0x4b, 0x05, 0x06] as const;

const startsWith = (bytes: Uint8Array, magic: readonly number[]): boolean =>
  magic.every((b, i) => bytes[i] === b);

/** Whether the bytes are a zip archive (by its signature, not by the filename). */
export const isZip = (bytes: Uint8Array): boolean =>
  startsWith(bytes, ZIP_MAGIC) || startsWith(bytes, EMPTY_ZIP_MAGIC);

/**
 * The text of an uploaded file: a zip holding exactly one .txt (folders and macOS `__MACOSX/` entries aside),
 * or a plain UTF-8 text. The reason, in Chinese, when it is neither. The text inside a zip is limited to
 * MAX_FILE_BYTES by its declared size, so a small zip cannot blow up to gigabytes in memory.
 */
export function textOfFile(bytes: Uint8Array): FileText {
  let name = '';
  let raw = bytes;
  if (isZip(bytes)) {
    const entries: string[] = [];
    let tooLarge = false;
    let files: Record<string, Uint8Array>;
    try {
      files = unzipSync(bytes, {
        filter: (entry) => {
          if (entry.name.endsWith('/') || entry.name.startsWith('__MACOSX/')) return false;
          entries.push(entry.name);
          if (entry.originalSize > MAX_FILE_BYTES) tooLarge = true;
          return entries.length === 1 && !tooLarge;
        },
      });
    } catch {
      return { ok: false, reason: 'zip文件已损坏或压缩方式不受支持' };
    }
    if (tooLarge) return { ok: false, reason: `zip内文件解压后超过${MAX_FILE_BYTES / 1024 / 1024}MB` };
    if (entries.length !== 1 || !/\.txt$/i.test(entries[0]!))
      return { ok: false, reason: `zip文件应只含一个.txt文件（实有：${entries.join('、') || '无'}）` };
    name = entries[0]!;
    raw = files[name]!;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return { ok: false, reason: '文件内容应为UTF-8编码的文本（或含一个.txt的zip）' };
  }
  if (text.includes('\u0000'))
    return { ok: false, reason: '文件内容应为文本（或含一个.txt的zip），不是二进制文件' };
  return { ok: true, name, text };
}

/** A zip holding one text file, as the platform hands files out. */
export function zipText(name: string, text: string): Uint8Array {
  return zipSync({ [name]: new TextEncoder().encode(text) }, { level: 6 });
}
