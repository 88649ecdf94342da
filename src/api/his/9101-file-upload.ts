// 9101 文件上传: an institution stores a file (for 3202, a zip holding one tab-separated .txt, or the .txt itself).
import { formatChinaDateTime } from '../../core/time.ts';
import { FileStore, MAX_FILE_BYTES, MAX_FILENAME_LENGTH, textOfFile } from '../../store/file-store.ts';
import { fieldError } from './envelope.ts';
import { type HisTransaction, inputNode, inputText } from './transaction.ts';

const PATH = 'input.fsUploadIn';
const MIB = 1024 * 1024;

/**
 * The largest HIS request body: a file of MAX_FILE_BYTES sent as a JSON array of byte numbers ("255," is four
 * characters a byte) with room for the envelope. Fastify's default of 1 MiB would refuse most uploads.
 */
export const HIS_BODY_LIMIT_BYTES = 4 * MAX_FILE_BYTES + MIB;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** `in`: the bytes as real HIS send them (an array of numbers 0–255, signed −128–127 from Java), or base64 text. */
export function bytesOfInput(value: unknown, path: string): Uint8Array {
  const tooLarge = () => fieldError(path, `文件超过${MAX_FILE_BYTES / MIB}MB`);
  if (Array.isArray(value)) {
    if (value.length > MAX_FILE_BYTES) throw tooLarge();
    const bytes = new Uint8Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const b = value[i];
      if (typeof b !== 'number' || !Number.isInteger(b) || b < -128 || b > 255)
        throw fieldError(`${path}[${i}]`, '应为0至255（或-128至127）的整数字节');
      bytes[i] = b & 0xff;
    }
    if (bytes.length === 0) throw fieldError(path, '文件内容为空');
    return bytes;
  }
  if (typeof value === 'string') {
    const text = value.replace(/\s+/g, '');
    if (text === '') throw fieldError(path, '文件内容为空');
    if (Math.floor(text.length / 4) * 3 > MAX_FILE_BYTES) throw tooLarge();
    if (!BASE64.test(text)) throw fieldError(path, '应为字节数组或base64编码的文件内容');
    return new Uint8Array(Buffer.from(text, 'base64'));
  }
  if (value === undefined || value === null) throw fieldError(path, '必填');
  throw fieldError(path, '应为字节数组或base64编码的文件内容');
}

/** A plain filename: no folders, no control characters, at most MAX_FILENAME_LENGTH characters. */
export function inputFilename(node: Record<string, unknown>, path: string): string {
  const filename = inputText(node, path, 'filename', true);
  if (filename.length > MAX_FILENAME_LENGTH)
    throw fieldError(`${path}.filename`, `长度不能超过${MAX_FILENAME_LENGTH}位`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused.
  if (/[/\\\u0000-\u001f]/.test(filename) || filename === '.' || filename === '..')
    throw fieldError(`${path}.filename`, '应为文件名，不能含路径或控制字符');
  return filename;
}

/** fixmedins_code inside a file node must be the caller's own (files are per institution). */
export function checkOwnInstitution(node: Record<string, unknown>, path: string, own: string): void {
  const code = inputText(node, path, 'fixmedins_code', true);
  if (code !== own) throw fieldError(`${path}.fixmedins_code`, `应为本机构编号${own}`);
}

export const fileUpload: HisTransaction = {
  infno: '9101',
  name: '文件上传',
  needsSignIn: true,
  inputPath: PATH,
  async handle({ request, node, platform, institution, now }) {
    const data = inputNode(request, 'fsUploadIn');
    checkOwnInstitution(data, PATH, institution.fixmedins_code);
    const filename = inputFilename(data, PATH);
    const bytes = bytesOfInput(data.in, `${PATH}.in`);
    const content = textOfFile(bytes);
    if (!content.ok) throw fieldError(`${PATH}.in`, content.reason);
    const files = new FileStore(platform.db, node.province);
    await files.purgeExpired(institution.fixmedins_code, now);
    const file = await files.save(
      institution.fixmedins_code,
      filename,
      bytes,
      { infno: '9101', msgid: request.msgid },
      now,
    );
    return {
      file_qury_no: file.file_qury_no,
      filename: file.filename,
      dld_endtime: formatChinaDateTime(file.expiry.getTime()),
    };
  },
};
