/** The chart theme, taken from the KERN design tokens (CSS custom properties) at runtime. */
export interface ChartTheme {
  text: string;
  muted: string;
  border: string;
  palette: string[];
  /** Light to dark blue for heatmaps (plain hex: ECharts cannot read every CSS colour syntax). */
  ramp: string[];
  font: string;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  return style.getPropertyValue(name).trim() || fallback;
}

export function readTheme(el: HTMLElement): ChartTheme {
  const s = getComputedStyle(el);
  return {
    text: cssVar(s, '--kern-color-layout-text-default', '#1b1b1b'),
    muted: cssVar(s, '--kern-color-layout-text-muted', '#545454'),
    border: cssVar(s, '--kern-color-layout-border', '#c6c6c6'),
    font: cssVar(s, '--kern-typography-font-family-default', 'Fira Sans, sans-serif'),
    // Primary action blue first, then an orange and KERN's green and red: hues that stay apart for colour-blind viewers.
    ramp: ['#eef3fb', '#8fb3e8', '#2a5db0', '#0b2f6b'],
    palette: [
      cssVar(s, '--kern-color-action-default', '#0a4ab8'),
      '#b35900',
      cssVar(s, '--kern-color-feedback-success', '#1e7a44'),
      cssVar(s, '--kern-color-brand-colorpalette-1-300', '#8fb3e8'),
      cssVar(s, '--kern-color-feedback-danger', '#c0392b'),
    ],
  };
}
