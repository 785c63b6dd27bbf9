import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, MapChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

// The cockpit draws maps and lines as well as bars; registered here so the shared chart stays small.
echarts.use([
  BarChart,
  LineChart,
  MapChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

/** Registers a GeoJSON under `name` once (ECharts keeps maps globally). */
export function registerGeoJson(name: string, geoJson: unknown) {
  if (!echarts.getMap(name)) echarts.registerMap(name, geoJson as never);
}

/**
 * An ECharts chart for the cockpit (canvas). `onClick` receives the clicked item's name and,
 * for a series, its series name, so every number can drill down to its records.
 */
export function CockpitChart(props: {
  option: Record<string, unknown>;
  height?: number;
  label: string;
  onClick?: (name: string, seriesName: string | undefined) => void;
}) {
  const { option, height = 320, label, onClick } = props;
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
      if (typeof params.name === 'string') clickRef.current?.(params.name, params.seriesName);
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
