// The dashboard's charts as ECharts options, built from one statistics answer (pure: same answer, same option).
import { percent, yuan } from '../shared/format.ts';
import type { ChartOption } from './echart.tsx';
import { LABEL_POSITIONS, PROVINCE_POINTS, shortName } from './provinces.ts';
import type { NationalStats, ProvinceStats } from './stats-types.ts';

const BLUE = '#1668dc';
const ORANGE = '#fa8c16';
const GREEN = '#52c41a';
const GREY = '#bfbfbf';

/** 1.2亿, 3.5万, 800: the axis of a yuan amount (the tooltip shows the exact amount). */
export function compactYuan(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e8) return `${(value / 1e8).toFixed(1)}亿`;
  if (abs >= 1e4) return `${(value / 1e4).toFixed(abs >= 1e5 ? 0 : 1)}万`;
  return String(value);
}

/** A share as a percentage; one that rounds to 0.0 % but is not nothing says so (a county of 2,871 is 0.03 %). */
export const sharePercent = (ratio: number | null): string =>
  ratio !== null && ratio > 0 && ratio < 0.0005 ? '<0.1%' : percent(ratio);

const times = (value: unknown) => `${Number(value).toLocaleString('zh-CN')} 人次`;
const inYuan = (value: unknown) => yuan(Number(value));

/** Provinces with settlements as treatment or as insured place, in code order. */
export const activeProvinces = (stats: NationalStats): ProvinceStats[] =>
  stats.provinces.filter((p) => p.as_treatment.settlements !== 0 || p.as_insured.settlements !== 0);

export function monthlyOption(stats: NationalStats): ChartOption {
  const months = stats.months;
  return {
    animationDurationUpdate: 400,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 64, top: 40, bottom: 28 },
    xAxis: { type: 'category', data: months.map((m) => m.month) },
    yAxis: [
      { type: 'value', name: '人次', minInterval: 1 },
      {
        type: 'value',
        name: '元',
        splitLine: { show: false },
        axisLabel: { formatter: (v: number) => compactYuan(v) },
      },
    ],
    series: [
      {
        id: 'inpatient',
        name: '住院',
        type: 'bar',
        stack: 'settlements',
        color: BLUE,
        barMaxWidth: 40,
        data: months.map((m) => m.inpatient.settlements),
        tooltip: { valueFormatter: times },
      },
      {
        id: 'outpatient',
        name: '门诊',
        type: 'bar',
        stack: 'settlements',
        color: GREEN,
        barMaxWidth: 40,
        data: months.map((m) => m.outpatient.settlements),
        tooltip: { valueFormatter: times },
      },
      {
        id: 'fund',
        name: '基金支付',
        type: 'line',
        yAxisIndex: 1,
        color: ORANGE,
        data: months.map((m) => Number(m.fund_pay_sumamt)),
        tooltip: { valueFormatter: inYuan },
      },
    ],
  };
}

export function provinceOption(stats: NationalStats): ChartOption {
  const provinces = activeProvinces(stats);
  const crowded = provinces.length > 12;
  return {
    animationDurationUpdate: 400,
    tooltip: { trigger: 'axis', valueFormatter: times },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 40, bottom: crowded ? 56 : 28 },
    xAxis: {
      type: 'category',
      data: provinces.map((p) => shortName(p.name)),
      axisLabel: { interval: 0, rotate: crowded ? 45 : 0 },
    },
    yAxis: { type: 'value', name: '人次', minInterval: 1 },
    series: [
      {
        id: 'as-treatment',
        name: '作为就医地（接收外省参保人）',
        type: 'bar',
        color: BLUE,
        barMaxWidth: 40,
        data: provinces.map((p) => p.as_treatment.settlements),
      },
      {
        id: 'as-insured',
        name: '作为参保地（本省参保人外出）',
        type: 'bar',
        color: ORANGE,
        barMaxWidth: 40,
        data: provinces.map((p) => p.as_insured.settlements),
      },
    ],
  };
}

/** Longitude and latitude span of the mainland's provincial capitals, with room for labels. */
export const MAP_BOUNDS = { lonMin: 80, lonMax: 132, latMin: 17, latMax: 49 } as const;
/** Width ÷ height that keeps the points' geography (a degree of longitude is cos 35° of a degree of latitude). */
export const MAP_ASPECT =
  ((MAP_BOUNDS.lonMax - MAP_BOUNDS.lonMin) * Math.cos((35 * Math.PI) / 180)) /
  (MAP_BOUNDS.latMax - MAP_BOUNDS.latMin);

/** The busiest flows the map draws: with hundreds, lines would only hide each other (the table says how many). */
export const MAP_FLOWS = 30;

export function flowOption(stats: NationalStats): ChartOption {
  const names = new Map(stats.provinces.map((p) => [p.province, shortName(p.name)]));
  const drawn = stats.flows.filter((f) => f.settlements > 0).slice(0, MAP_FLOWS);
  const most = Math.max(1, ...drawn.map((f) => f.settlements));
  const busiest = Math.max(1, ...stats.provinces.map((p) => p.as_treatment.settlements));
  const width = (n: number) => 1 + (4 * Math.sqrt(Math.max(0, n))) / Math.sqrt(most);
  return {
    animationDurationUpdate: 400,
    tooltip: { trigger: 'item' },
    grid: { left: 8, right: 8, top: 8, bottom: 8 },
    xAxis: { type: 'value', min: MAP_BOUNDS.lonMin, max: MAP_BOUNDS.lonMax, show: false },
    yAxis: { type: 'value', min: MAP_BOUNDS.latMin, max: MAP_BOUNDS.latMax, show: false },
    series: [
      {
        id: 'flows',
        name: '跨省流向',
        type: 'lines',
        coordinateSystem: 'cartesian2d',
        z: 1,
        // No trail: a trail repaints the whole layer every frame (motion blur) for little to see.
        effect: { show: true, period: 5, trailLength: 0, symbol: 'arrow', symbolSize: 7, color: ORANGE },
        lineStyle: { color: ORANGE, opacity: 0.55, curveness: 0.25 },
        data: drawn.flatMap((f) => {
          const from = PROVINCE_POINTS[f.insured_province];
          const to = PROVINCE_POINTS[f.treatment_province];
          if (!from || !to) return [];
          return [
            {
              name: `${names.get(f.insured_province)} → ${names.get(f.treatment_province)}`,
              coords: [[...from], [...to]],
              value: f.settlements,
              lineStyle: { width: width(f.settlements), opacity: 0.25 + (0.5 * f.settlements) / most },
              tooltip: {
                formatter: `${names.get(f.insured_province)} → ${names.get(f.treatment_province)}<br/>结算 ${times(
                  f.settlements,
                )}，基金支付 ${yuan(f.fund_pay_sumamt)}`,
              },
            },
          ];
        }),
      },
      {
        id: 'provinces',
        name: '省份',
        type: 'scatter',
        z: 2,
        labelLayout: { hideOverlap: true },
        data: stats.provinces.flatMap((p) => {
          const point = PROVINCE_POINTS[p.province];
          if (!point) return [];
          const active = p.as_treatment.settlements !== 0 || p.as_insured.settlements !== 0;
          return [
            {
              name: shortName(p.name),
              value: [point[0], point[1]],
              symbolSize: 6 + (14 * Math.sqrt(Math.max(0, p.as_treatment.settlements))) / Math.sqrt(busiest),
              itemStyle: { color: active ? BLUE : GREY },
              label: {
                show: true,
                position: LABEL_POSITIONS[p.province] ?? 'right',
                fontSize: 11,
                color: active ? '#262626' : '#8c8c8c',
                formatter: '{b}',
              },
              tooltip: {
                formatter: `${p.name}<br/>作为就医地 ${times(p.as_treatment.settlements)}<br/>作为参保地 ${times(
                  p.as_insured.settlements,
                )}`,
              },
            },
          ];
        }),
      },
    ],
  };
}

export function coverageOption(stats: NationalStats): ChartOption {
  const provinces = stats.provinces;
  return {
    animationDurationUpdate: 400,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 56, top: 40, bottom: 48 },
    xAxis: {
      type: 'category',
      data: provinces.map((p) => shortName(p.name)),
      axisLabel: { interval: 0, rotate: 45 },
    },
    yAxis: [
      { type: 'value', name: '机构数', minInterval: 1 },
      {
        type: 'value',
        name: '县域覆盖率',
        min: 0,
        max: 1,
        splitLine: { show: false },
        axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` },
      },
    ],
    series: [
      {
        id: 'hospitals',
        name: '联网定点医疗机构',
        type: 'bar',
        stack: 'institutions',
        color: BLUE,
        data: provinces.map((p) => p.coverage.hospitals),
        tooltip: { valueFormatter: (v) => `${v} 家` },
      },
      {
        id: 'pharmacies',
        name: '联网定点零售药店',
        type: 'bar',
        stack: 'institutions',
        color: GREEN,
        data: provinces.map((p) => p.coverage.pharmacies),
        tooltip: { valueFormatter: (v) => `${v} 家` },
      },
      {
        id: 'county-share',
        name: '有联网医疗机构的县（区）占比',
        type: 'line',
        yAxisIndex: 1,
        color: ORANGE,
        data: provinces.map((p) => p.coverage.county_share ?? 0),
        tooltip: { valueFormatter: (v) => sharePercent(Number(v)) },
      },
    ],
  };
}
