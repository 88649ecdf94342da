// 2403 住院信息变更: corrects the admission while nothing is settled; a new category or day is judged again.
import { visitChangeTransaction } from './visit-input.ts';

export const admissionChange = visitChangeTransaction('2403', '住院信息变更', 'adminfo', true);
