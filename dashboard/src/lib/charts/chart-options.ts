/**
 * Typed chart specs → ECharts options. Pages describe what they show (rows, x, series,
 * format); this module owns how it is drawn, so every chart looks and reads alike.
 */
import type { EChartsCoreOption } from 'echarts/core';
import { formatDay, formatValue, type ValueFormat } from '../format.ts';
import type { ChartTheme } from './theme.ts';
import { durationAxis, formatDurationTick } from './duration-axis.ts';

export type Row = Record<string, string | number | boolean | null>;

export interface SeriesSpec {
  key: string;
  label: string;
  type?: 'line' | 'bar';
  /** Draw on a second y axis (e.g. a share beside counts). */
  format?: ValueFormat;
}

export interface XySpec {
  kind: 'xy';
  x: string;
  xLabel: string;
  xFormat?: 'day' | 'text';
  series: SeriesSpec[];
  format: ValueFormat;
  /** Shaded periods on the x axis (school holidays), by x value. */
  markAreas?: { from: string; to: string; label: string }[];
  /** A horizontal target line. */
  target?: { value: number; label: string };
  stacked?: boolean;
}

export interface HeatmapSpec {
  kind: 'heatmap';
  x: string;
  xLabel: string;
  y: string;
  yLabel: string;
  value: string;
  valueLabel: string;
  xCategories: { value: string | number; label: string }[];
  yCategories: { value: string | number; label: string }[];
  format: ValueFormat;
}

export interface CalendarSpec {
  kind: 'calendar';
  x: string;
  xLabel: string;
  value: string;
  valueLabel: string;
  year: number;
  format: ValueFormat;
}

export type ChartSpec = XySpec | HeatmapSpec | CalendarSpec;

function axisLabel(theme: ChartTheme) {
  return { color: theme.muted, fontFamily: theme.font, fontSize: 13 };
}

export function xLabelOf(spec: ChartSpec, v: unknown): string {
  if (spec.kind === 'xy' && spec.xFormat === 'day' && typeof v === 'string') return formatDay(v);
  if (spec.kind === 'calendar' && typeof v === 'string') return formatDay(v);
  if (spec.kind === 'heatmap')
    return spec.xCategories.find((c) => c.value === v)?.label ?? String(v);
  return String(v ?? '');
}

/** Every value the y axis must hold: the series (stacked: their sums) and the target line. */
function plotted(spec: XySpec, rows: readonly Row[]): number[] {
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  const values = spec.stacked
    ? rows.map((r) => spec.series.reduce((sum, s) => sum + num(r[s.key]), 0))
    : rows.flatMap((r) => spec.series.map((s) => num(r[s.key])));
  return spec.target ? [...values, spec.target.value] : values;
}

export function buildOption(
  spec: ChartSpec,
  rows: readonly Row[],
  theme: ChartTheme,
  description: string,
): EChartsCoreOption {
  const base = {
    animation: false,
    color: theme.palette,
    textStyle: { fontFamily: theme.font, color: theme.text },
    aria: { enabled: true, label: { enabled: true, description } },
    tooltip: {
      trigger: spec.kind === 'xy' ? 'axis' : 'item',
      confine: true,
      backgroundColor: theme.surface,
      borderColor: theme.border,
      textStyle: { color: theme.text, fontFamily: theme.font },
    },
  };
  if (spec.kind === 'xy') {
    const xs = rows.map((r) => r[spec.x] as string);
    return {
      ...base,
      legend: { top: 0, textStyle: { color: theme.text, fontSize: 13 } },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: xs,
        axisLabel: {
          ...axisLabel(theme),
          formatter: (v: string) => (spec.xFormat === 'day' ? formatDay(v, 'dd.MM.') : v),
        },
        axisLine: { lineStyle: { color: theme.border } },
      },
      yAxis: {
        type: 'value',
        ...(spec.format === 'duration' ? durationAxis(plotted(spec, rows)) : {}),
        axisLabel: {
          ...axisLabel(theme),
          formatter: (v: number) =>
            spec.format === 'duration' ? formatDurationTick(v) : formatValue(v, spec.format),
        },
        splitLine: { lineStyle: { color: theme.border, opacity: 0.5 } },
      },
      tooltip: {
        ...base.tooltip,
        valueFormatter: (v: number) => formatValue(v, spec.format),
      },
      series: spec.series.map((s, i) => ({
        name: s.label,
        type: s.type ?? 'line',
        stack: spec.stacked ? 'total' : undefined,
        showSymbol: rows.length < 40,
        data: rows.map((r) => r[s.key] as number | null),
        ...(i === 0 && spec.markAreas?.length
          ? {
              markArea: {
                silent: true,
                itemStyle: { color: theme.palette[3], opacity: 0.18 },
                label: { color: theme.muted, fontSize: 12, position: 'insideTop' },
                data: spec.markAreas.map((m) => [
                  { name: m.label, xAxis: m.from },
                  { xAxis: m.to },
                ]),
              },
            }
          : {}),
        ...(i === 0 && spec.target
          ? {
              markLine: {
                silent: true,
                symbol: 'none',
                lineStyle: { color: theme.text, type: 'dashed' },
                label: {
                  formatter: spec.target.label,
                  color: theme.text,
                  position: 'insideEndTop',
                  // A backing in the page colour keeps the label readable where bars reach above the line.
                  backgroundColor: theme.background,
                  padding: [1, 3],
                },
                data: [{ yAxis: spec.target.value }],
              },
            }
          : {}),
      })),
    };
  }
  if (spec.kind === 'heatmap') {
    const xi = new Map(spec.xCategories.map((c, i) => [c.value, i]));
    const yi = new Map(spec.yCategories.map((c, i) => [c.value, i]));
    const data = rows.flatMap((r) => {
      const x = xi.get(r[spec.x] as string | number);
      const y = yi.get(r[spec.y] as string | number);
      return x === undefined || y === undefined ? [] : [[x, y, r[spec.value] as number]];
    });
    const max = Math.max(1, ...data.map((d) => d[2] as number));
    return {
      ...base,
      grid: { left: 8, right: 16, top: 8, bottom: 56, containLabel: true },
      xAxis: {
        type: 'category',
        data: spec.xCategories.map((c) => c.label),
        axisLabel: axisLabel(theme),
        splitArea: { show: true, areaStyle: { color: [theme.background, theme.surface] } },
      },
      yAxis: {
        type: 'category',
        data: spec.yCategories.map((c) => c.label),
        axisLabel: axisLabel(theme),
        inverse: true,
      },
      visualMap: {
        min: 0,
        max,
        calculable: false,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        itemHeight: 200,
        textStyle: { color: theme.text },
        inRange: { color: theme.ramp },
      },
      tooltip: {
        ...base.tooltip,
        formatter: (p: { value: number[] }) =>
          `${spec.yCategories[p.value[1]!]!.label}, ${spec.xCategories[p.value[0]!]!.label}: ${formatValue(p.value[2]!, spec.format)}`,
      },
      series: [{ type: 'heatmap', data, name: spec.valueLabel }],
    };
  }
  const values = rows.map((r) => [r[spec.x], r[spec.value]]);
  const max = Math.max(1, ...rows.map((r) => Number(r[spec.value] ?? 0)));
  return {
    ...base,
    visualMap: {
      min: 0,
      max,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      textStyle: { color: theme.text },
      inRange: { color: theme.ramp },
    },
    calendar: {
      range: String(spec.year),
      top: 40,
      left: 40,
      right: 16,
      cellSize: ['auto', 16],
      dayLabel: {
        firstDay: 1,
        nameMap: ['So', 'Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa'],
        color: theme.muted,
      },
      monthLabel: {
        nameMap: [
          'Jan',
          'Feb',
          'Mär',
          'Apr',
          'Mai',
          'Jun',
          'Jul',
          'Aug',
          'Sep',
          'Okt',
          'Nov',
          'Dez',
        ],
        color: theme.muted,
      },
      yearLabel: { show: false },
      itemStyle: { borderColor: theme.background },
    },
    tooltip: {
      ...base.tooltip,
      formatter: (p: { value: [string, number] }) =>
        `${formatDay(p.value[0])}: ${formatValue(p.value[1], spec.format)}`,
    },
    series: [
      { type: 'heatmap', coordinateSystem: 'calendar', data: values, name: spec.valueLabel },
    ],
  };
}

/** The same rows as a table: header labels and formatted cells. */
export function tableOf(
  spec: ChartSpec,
  rows: readonly Row[],
): { headers: string[]; cells: string[][]; numeric: boolean[] } {
  if (spec.kind === 'xy') {
    return {
      headers: [spec.xLabel, ...spec.series.map((s) => s.label)],
      numeric: [false, ...spec.series.map(() => true)],
      cells: rows.map((r) => [
        xLabelOf(spec, r[spec.x]),
        ...spec.series.map((s) => formatValue(r[s.key] as number | null, s.format ?? spec.format)),
      ]),
    };
  }
  if (spec.kind === 'heatmap') {
    return {
      headers: [spec.yLabel, spec.xLabel, spec.valueLabel],
      numeric: [false, false, true],
      cells: rows.map((r) => [
        spec.yCategories.find((c) => c.value === r[spec.y])?.label ?? String(r[spec.y]),
        xLabelOf(spec, r[spec.x]),
        formatValue(r[spec.value] as number, spec.format),
      ]),
    };
  }
  return {
    headers: [spec.xLabel, spec.valueLabel],
    numeric: [false, true],
    cells: rows.map((r) => [
      xLabelOf(spec, r[spec.x]),
      formatValue(r[spec.value] as number, spec.format),
    ]),
  };
}

/** CSV for German Excel (`;`, BOM), of the table view. */
export function csvOf(spec: ChartSpec, rows: readonly Row[]): string {
  const t = tableOf(spec, rows);
  const cell = (s: string) => (/[;"\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  return '\ufeff' + [t.headers, ...t.cells].map((r) => r.map(cell).join(';')).join('\r\n') + '\r\n';
}
