/**
 * The forecast chart as ECharts draws it: history and forecast as lines over the open days,
 * the 80 % and 95 % intervals as shaded bands. A band is two stacked series: its lower
 * bound, invisible, lifts the second, the band's width, whose area is filled.
 */
import type { EChartsCoreOption } from 'echarts/core';
import type { XySpec } from '$lib/charts/chart-options.ts';
import type { ChartTheme } from '$lib/charts/theme.ts';
import { formatDay, formatValue } from '$lib/format.ts';
import type { ForecastChartRow } from './forecast-row.ts';

export const LABELS = {
  actual: 'Ist',
  forecast: 'Prognose',
  band80: '80-%-Intervall',
  band95: '95-%-Intervall',
} as const;

/** The table view and CSV: the same rows with both bounds of each interval. */
export const TABLE_SPEC: XySpec = {
  kind: 'xy',
  x: 'date',
  xLabel: 'Datum',
  xFormat: 'day',
  format: 'int',
  series: [
    { key: 'actual', label: LABELS.actual },
    { key: 'forecast', label: LABELS.forecast },
    { key: 'lower80', label: '80 % von' },
    { key: 'upper80', label: '80 % bis' },
    { key: 'lower95', label: '95 % von' },
    { key: 'upper95', label: '95 % bis' },
  ],
};

const BAND_OPACITY = { band80: 0.36, band95: 0.2 };

function band(
  name: string,
  rows: readonly ForecastChartRow[],
  lower: 'lower80' | 'lower95',
  upper: 'upper80' | 'upper95',
  color: string,
  opacity: number,
) {
  const hidden = { lineStyle: { opacity: 0 }, symbol: 'none', silent: true };
  return [
    {
      ...hidden,
      name: `${name} (Untergrenze)`,
      type: 'line',
      stack: name,
      // The bounds are counts, never negative; 'all' stacks whatever their sign.
      stackStrategy: 'all',
      data: rows.map((r) => r[lower]),
      tooltip: { show: false },
    },
    {
      ...hidden,
      name,
      type: 'line',
      stack: name,
      stackStrategy: 'all',
      itemStyle: { color, opacity },
      areaStyle: { color, opacity },
      data: rows.map((r) => {
        const lo = r[lower];
        const hi = r[upper];
        return lo === null || hi === null ? null : hi - lo;
      }),
    },
  ];
}

function tooltipOf(rows: readonly ForecastChartRow[]) {
  const n = (v: number | null) => formatValue(v, 'int');
  return (params: { dataIndex: number }[]) => {
    const r = rows[params[0]?.dataIndex ?? -1];
    if (!r) return '';
    const lines = [`<strong>${formatDay(r.date, 'EEEEEE, dd.MM.yyyy')}</strong>`];
    if (r.actual !== null) lines.push(`${LABELS.actual}: ${n(r.actual)}`);
    if (r.forecast !== null)
      lines.push(
        `${LABELS.forecast}: ${n(r.forecast)}`,
        `80 %: ${n(r.lower80)} bis ${n(r.upper80)}`,
        `95 %: ${n(r.lower95)} bis ${n(r.upper95)}`,
      );
    return lines.join('<br>');
  };
}

export function forecastOption(
  rows: readonly ForecastChartRow[],
  theme: ChartTheme,
  description: string,
): EChartsCoreOption {
  const blue = theme.palette[0]!;
  const axisText = { color: theme.muted, fontFamily: theme.font, fontSize: 13 };
  const firstForecast = rows.find((r) => r.forecast !== null)?.date;
  const few = rows.length < 40;
  return {
    animation: false,
    textStyle: { fontFamily: theme.font, color: theme.text },
    aria: { enabled: true, label: { enabled: true, description } },
    legend: {
      top: 0,
      textStyle: { color: theme.text, fontSize: 13 },
      data: [
        { name: LABELS.actual, itemStyle: { color: theme.text } },
        { name: LABELS.forecast, itemStyle: { color: blue } },
        {
          name: LABELS.band80,
          icon: 'rect',
          itemStyle: { color: blue, opacity: BAND_OPACITY.band80 },
        },
        {
          name: LABELS.band95,
          icon: 'rect',
          itemStyle: { color: blue, opacity: BAND_OPACITY.band95 },
        },
      ],
    },
    tooltip: { trigger: 'axis', confine: true, formatter: tooltipOf(rows) },
    // Room above the plot for the legend and the label over the line where the forecast starts.
    grid: { left: 8, right: 16, top: 56, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      boundaryGap: false,
      data: rows.map((r) => r.date),
      axisLabel: { ...axisText, formatter: (v: string) => formatDay(v, 'dd.MM.') },
      axisLine: { lineStyle: { color: theme.border } },
    },
    yAxis: {
      type: 'value',
      min: 0,
      axisLabel: { ...axisText, formatter: (v: number) => formatValue(v, 'int') },
      splitLine: { lineStyle: { color: theme.border, opacity: 0.5 } },
    },
    series: [
      ...band(LABELS.band95, rows, 'lower95', 'upper95', blue, BAND_OPACITY.band95),
      ...band(LABELS.band80, rows, 'lower80', 'upper80', blue, BAND_OPACITY.band80),
      {
        name: LABELS.actual,
        type: 'line',
        showSymbol: few,
        lineStyle: { color: theme.text, width: 1.5 },
        itemStyle: { color: theme.text },
        data: rows.map((r) => r.actual),
      },
      {
        name: LABELS.forecast,
        type: 'line',
        showSymbol: few,
        lineStyle: { color: blue, width: 2 },
        itemStyle: { color: blue },
        data: rows.map((r) => r.forecast),
        ...(firstForecast
          ? {
              markLine: {
                silent: true,
                symbol: 'none',
                lineStyle: { color: theme.muted, type: 'dashed' },
                label: { formatter: 'Prognose ab hier', color: theme.muted, position: 'end' },
                data: [{ xAxis: firstForecast }],
              },
            }
          : {}),
      },
    ],
  };
}
