import * as echarts from 'echarts/core';
import { BarChart, LineChart, MapChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { ChartCanvas } from '../../shared/echart.tsx';

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
 * An ECharts chart for the cockpit (canvas, the shared host). `onClick` receives the clicked
 * item's name and, for a series, its series name, so every number can drill down to its records.
 */
export function CockpitChart(props: {
  option: Record<string, unknown>;
  height?: number;
  label: string;
  onClick?: (name: string, seriesName: string | undefined) => void;
}) {
  const { option, height = 320, label, onClick } = props;
  return (
    <ChartCanvas
      option={option}
      height={height}
      label={label}
      onClick={onClick && ((c) => onClick(c.name, c.seriesName))}
    />
  );
}
