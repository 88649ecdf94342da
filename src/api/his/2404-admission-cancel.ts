// 2404 入院办理撤销: only an admission without fee lines (withdraw them first with 2302).
import { visitCancelTransaction } from './visit-input.ts';

export const admissionCancel = visitCancelTransaction('2404', '入院办理撤销');
