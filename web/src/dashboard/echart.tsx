// One ECharts chart in a React tree: tree-shaken (only the charts and components the dashboard draws), created once
// per mount, updated in place when its option changes (no flicker on refresh), resized with its box.
import {
  BarChart,
  type BarSeriesOption,
  LineChart,
  type LineSeriesOption,
  LinesChart,
  type LinesSeriesOption,
  ScatterChart,
  type ScatterSeriesOption,
} from 'echarts/charts';
import {
  GridComponent,
  type GridComponentOption,
  LegendComponent,
  type LegendComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
} from 'echarts/components';
import { type ComposeOption, type ECharts, init, use } from 'echarts/core';
import { LabelLayout } from 'echarts/features';
import { CanvasRenderer } from 'echarts/renderers';
import { type CSSProperties, useEffect, useRef } from 'react';

use([
  BarChart,
  LineChart,
  LinesChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  LabelLayout,
  CanvasRenderer,
]);

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | LinesSeriesOption
  | ScatterSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
>;

export interface EChartProps {
  readonly option: ChartOption;
  /** What the chart shows, in words: canvas has no text a screen reader can read. */
  readonly label: string;
  readonly style?: CSSProperties;
  readonly testId?: string;
}

export function EChart({ option, label, style, testId }: EChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | undefined>(undefined);

  useEffect(() => {
    const element = box.current!;
    const instance = init(element, undefined, { renderer: 'canvas' });
    chart.current = instance;
    // A box that leaves the page reports 0 × 0 before React's cleanup runs: a chart resized to nothing would paint
    // into empty canvases, so only a box that is there and has a size is followed.
    const observer = new ResizeObserver(([entry]) => {
      const size = entry?.contentRect;
      if (element.isConnected && size && size.width > 0 && size.height > 0) instance.resize();
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = undefined;
    };
  }, []);

  // Merged into the chart that is there: ECharts moves bars and lines to their new values instead of redrawing.
  useEffect(() => {
    chart.current?.setOption(option, { lazyUpdate: true });
  }, [option]);

  return (
    <div
      ref={box}
      role="img"
      aria-label={label}
      data-testid={testId}
      style={{ width: '100%', height: 320, ...style }}
    />
  );
}
