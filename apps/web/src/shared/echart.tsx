import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { BarSeriesOption } from 'echarts/charts';
import type { ComposeOption } from 'echarts/core';

// Only what the pages draw, so the chart chunk stays small.
echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<
  BarSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

/** What a click on a chart hands back: the item's name, its index and its series. */
export type ChartClick = { name: string; dataIndex: number; seriesName: string | undefined };

/**
 * The one host of an ECharts canvas: made when the element mounts, resized with its container,
 * given each new option whole, disposed on unmount. `EChart` (the bar charts) and the
 * cockpit's chart (maps and lines too) are this host with their own option types.
 */
export function ChartCanvas(props: {
  option: echarts.EChartsCoreOption;
  height: number;
  label: string;
  onClick?: ((click: ChartClick) => void) | undefined;
}) {
  const { option, height, label, onClick } = props;
  const ref = useRef<HTMLDivElement>(null);
  const chartRef = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  useEffect(() => {
    clickRef.current = onClick;
  });

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = echarts.init(el, null, { renderer: 'canvas' });
    chartRef.current = chart;
    chart.on('click', (params) => {
      if (typeof params.name !== 'string') return;
      clickRef.current?.({
        name: params.name,
        dataIndex: params.dataIndex,
        seriesName: params.seriesName,
      });
    });
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    chartRef.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={ref} role="img" aria-label={label} style={{ width: '100%', height }} />;
}

/**
 * An Apache ECharts bar chart (canvas renderer) that follows its container's width. `label`
 * names the chart for screen readers; the data should also be readable elsewhere on the page.
 */
export function EChart(props: {
  option: ChartOption;
  height?: number;
  label: string;
  onClickCategory?: (name: string, dataIndex: number) => void;
}) {
  const { option, height = 320, label, onClickCategory } = props;
  return (
    <ChartCanvas
      option={option}
      height={height}
      label={label}
      onClick={onClickCategory && ((c) => onClickCategory(c.name, c.dataIndex))}
    />
  );
}
