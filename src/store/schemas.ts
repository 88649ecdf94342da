// Which schema holds whose data: one per provincial node, one for the hub.
import { PROVINCES } from '../core/regions.ts';

export const HUB_SCHEMA = 'hub';
export const nodeSchema = (province: string): string => `node_${province}`;
export const ALL_PROVINCES: readonly string[] = PROVINCES.map((p) => p.admdvs);
