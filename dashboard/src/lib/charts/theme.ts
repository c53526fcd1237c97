/**
 * The chart theme, taken at draw time from the KERN design tokens and the chart colours of
 * app.css (CSS custom properties), so the charts follow the light or dark theme of the page.
 */
export interface ChartTheme {
  text: string;
  muted: string;
  border: string;
  background: string;
  /** Tooltip box: KERN's first layer above the page. */
  surface: string;
  palette: string[];
  /** Low to high for heatmaps (plain hex: ECharts interpolates only colours it can parse). */
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
    background: cssVar(s, '--kern-color-layout-background-default', '#fff'),
    surface: cssVar(s, '--kern-color-layout-background-level-1', '#f5f5f5'),
    font: cssVar(s, '--kern-typography-font-family-default', 'Fira Sans, sans-serif'),
    ramp: cssVar(s, '--lagebild-chart-ramp', '#eef3fb, #8fb3e8, #2a5db0, #0b2f6b')
      .split(',')
      .map((c) => c.trim()),
    // Primary action blue first, then an orange and KERN's green and red: hues that stay apart for colour-blind viewers.
    palette: [
      cssVar(s, '--kern-color-action-default', '#0a4ab8'),
      cssVar(s, '--lagebild-chart-orange', '#b35900'),
      cssVar(s, '--kern-color-feedback-success', '#1e7a44'),
      cssVar(s, '--kern-color-brand-colorpalette-1-300', '#8fb3e8'),
      cssVar(s, '--kern-color-feedback-danger', '#c0392b'),
    ],
  };
}

/**
 * Calls `redraw` when the page's theme changes: the header's switch (KERN's `data-kern-theme`
 * on `<html>`) or the system setting. Returns the function that stops listening.
 */
export function onThemeChange(redraw: () => void): () => void {
  const media = matchMedia('(prefers-color-scheme: dark)');
  const observer = new MutationObserver(redraw);
  observer.observe(document.documentElement, {
    attributes: true,
    attributeFilter: ['data-kern-theme'],
  });
  media.addEventListener('change', redraw);
  return () => {
    observer.disconnect();
    media.removeEventListener('change', redraw);
  };
}
