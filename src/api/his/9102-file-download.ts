// 9102 文件下载: an institution fetches one of its own files (an upload, or a 3202 result) by file_qury_no.

import { FileStore } from '../../store/file-store.ts';
import { checkOwnInstitution, inputFilename } from './9101-file-upload.ts';
import { fieldError } from './envelope.ts';
import { type HisTransaction, inputNode, inputText } from './transaction.ts';

const PATH = 'input.fsDownloadIn';

/**
 * The national platform answers 9102 with the raw file bytes as the HTTP body. Inside our JSON envelope the
 * same bytes are the `output`, base64-encoded (a JSON string): decode it to get the .zip.
 */
export const fileDownload: HisTransaction = {
  infno: '9102',
  name: '文件下载',
  needsSignIn: true,
  inputPath: PATH,
  async handle({ request, node, platform, institution, now }) {
    const data = inputNode(request, 'fsDownloadIn');
    checkOwnInstitution(data, PATH, institution.fixmedins_code);
    const fileQuryNo = inputText(data, PATH, 'file_qury_no', true);
    const filename = inputFilename(data, PATH);
    const file = await new FileStore(platform.db, node.province).find(
      institution.fixmedins_code,
      fileQuryNo,
      now,
    );
    if (!file)
      throw fieldError(
        `${PATH}.file_qury_no`,
        `本机构没有文件查询号为${fileQuryNo}的文件，或已过下载截止时间`,
      );
    if (file.filename !== filename)
      throw fieldError(`${PATH}.filename`, `与文件查询号${fileQuryNo}的文件名${file.filename}不符`);
    return Buffer.from(file.bytes).toString('base64');
  },
};
