declare module 'echarts/lib/i18n/langDE.js' {
  const lang: Parameters<typeof import('echarts/core').registerLocale>[1];
  export default lang;
}
