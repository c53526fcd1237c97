declare module 'echarts/lib/i18n/langDE.js' {
  const lang: Record<string, unknown>;
  export default lang;
}
