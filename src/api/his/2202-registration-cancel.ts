// 2202 门诊挂号撤销: only a registration without fee lines (withdraw them first with 2205).
import { visitCancelTransaction } from './visit-input.ts';

export const registrationCancel = visitCancelTransaction('2202', '门诊挂号撤销');
