// A validated policy document (参保地待遇) compiled to fen and basis points for the engine.
import type { BenefitDoc, LayerDoc, PolicyDoc, Selector } from '../dataset/schema.ts';
import { parseRatio, parseYuan } from '../money.ts';

export interface Band {
  /** Upper end of the band in fen; null = no end. */
  readonly upto_fen: number | null;
  readonly prop_bp: number;
}

export interface CompiledLayer {
  readonly id: string;
  readonly fund_pay_type: string;
  readonly basis: 'inscp' | 'over_cap' | 'inscp_self';
  /** For basis over_cap: the layer whose over-cap amount this one works on. */
  readonly of: string;
  readonly when: Selector | undefined;
  readonly offsite: boolean;
  readonly deductible:
    | {
        readonly per: 'settlement' | 'year';
        readonly rules: readonly { readonly when: Selector | undefined; readonly amount_fen: number }[];
      }
    | undefined;
  readonly bands: {
    readonly over: 'settlement' | 'year';
    readonly rules: readonly { readonly when: Selector | undefined; readonly ladder: readonly Band[] }[];
  };
  readonly cap_fen: number | undefined;
}

export interface CompiledBenefit {
  readonly name: string;
  readonly med_types: readonly string[];
  readonly covers: 'psn_part' | 'inscp_part' | undefined;
  readonly layers: readonly CompiledLayer[];
}

export type OffsiteAdjustment = { readonly minus_bp: number } | { readonly times_bp: number };

export interface CompiledPolicy {
  readonly admdvs: string;
  readonly insutype: string;
  readonly name: string;
  readonly offsite: Readonly<Record<string, OffsiteAdjustment>>;
  readonly benefits: readonly CompiledBenefit[];
}

function fen(value: number | string): number {
  const parsed = parseYuan(value);
  if (!parsed.ok) throw new RangeError(`policy amount ${value} was not validated`);
  return parsed.value;
}

function bp(value: number | string): number {
  const parsed = parseRatio(value);
  if (!parsed.ok) throw new RangeError(`policy ratio ${value} was not validated`);
  return parsed.value;
}

function compileLayer(doc: LayerDoc, first: string): CompiledLayer {
  return {
    id: doc.id,
    fund_pay_type: doc.fund_pay_type,
    basis: doc.basis,
    of: doc.of ?? first,
    when: doc.when,
    offsite: doc.offsite ?? false,
    deductible: doc.deductible && {
      per: doc.deductible.per,
      rules: doc.deductible.rules.map((r) => ({ when: r.when, amount_fen: fen(r.amount) })),
    },
    bands: {
      over: doc.bands.over,
      rules: doc.bands.rules.map((r) => ({
        when: r.when,
        ladder: r.ladder.map((b) => ({
          upto_fen: b.upto === null ? null : fen(b.upto),
          prop_bp: bp(b.prop),
        })),
      })),
    },
    cap_fen: doc.cap && fen(doc.cap.amount),
  };
}

function compileBenefit(doc: BenefitDoc): CompiledBenefit {
  const first = doc.layers[0]!.id;
  return {
    name: doc.name,
    med_types: doc.med_types,
    covers: doc.account?.covers,
    layers: doc.layers.map((l) => compileLayer(l, first)),
  };
}

/** Compiles a policy that validateDataset accepted; amounts that do not parse mean it was not validated. */
export function compilePolicy(doc: PolicyDoc): CompiledPolicy {
  const offsite: Record<string, OffsiteAdjustment> = {};
  for (const [dclaType, adjustment] of Object.entries(doc.offsite ?? {}) as [
    string,
    { minus?: number | string; times?: number | string },
  ][]) {
    offsite[dclaType] =
      adjustment.minus !== undefined
        ? { minus_bp: bp(adjustment.minus) }
        : { times_bp: bp(adjustment.times!) };
  }
  return {
    admdvs: doc.admdvs,
    insutype: doc.insutype,
    name: doc.name,
    offsite,
    benefits: doc.benefits.map(compileBenefit),
  };
}
