/** One open day of the forecast chart: history carries `actual`, the forecast days the rest. */
export interface ForecastChartRow {
  date: string;
  actual: number | null;
  forecast: number | null;
  lower80: number | null;
  upper80: number | null;
  lower95: number | null;
  upper95: number | null;
}
