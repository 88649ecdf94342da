// A problem with the engine's input: the JSON path of the field and what is wrong, for `file: path: reason` lines.

export interface Problem {
  readonly path: string;
  readonly message: string;
}

/** Thrown when the rules refuse a settlement (no benefit for the med_type, a negative visit, a bad line). */
export class SettlementRefused extends Error {
  constructor(
    /** Stable code for the edges: HIS err_msg, REST problem+json, `yidi calc` exit 2. */
    readonly code: 'invalid-fee-lines' | 'negative-visit' | 'no-benefit' | 'policy-overpays',
    readonly problems: readonly Problem[],
  ) {
    super(problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('\n'));
    this.name = 'SettlementRefused';
  }
}
