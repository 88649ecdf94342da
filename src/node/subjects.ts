// Bus subjects of the provincial nodes and the hub, in one place so that both ends agree.

/** Request/reply subject served by one provincial node. */
export const nodeSubject = (province: string, operation: string): string =>
  `yidi.node.${province}.${operation}`;

/** Request/reply subject served by the national hub. */
export const hubSubject = (operation: string): string => `yidi.hub.${operation}`;

/** Durable: a filing of the insured province was approved, changed or cancelled (to the hub's national index). */
export const filingEventSubject = (insuredProvince: string): string =>
  `yidi.events.filing.${insuredProvince}`;
export const FILING_EVENTS = 'yidi.events.filing.>';

/** Durable: the hub passes a filing on to the node of the province it is for (就医地). */
export const offsiteFilingSubject = (treatmentProvince: string): string =>
  `yidi.events.offsite-filing.${treatmentProvince}`;

/** Durable: a node's 协查 message (request, answer, outcome) to the national hub, which keeps the registry. */
export const crossCheckEventSubject = (fromProvince: string): string =>
  `yidi.events.crosscheck.${fromProvince}`;
export const CROSS_CHECK_EVENTS = 'yidi.events.crosscheck.>';

/** Durable: the hub passes a 协查 message on to the node of the other side (or back, with its clearing period). */
export const crossCheckInboxSubject = (province: string): string =>
  `yidi.events.crosscheck-inbox.${province}`;
