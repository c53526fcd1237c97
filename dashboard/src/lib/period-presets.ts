/** Period presets of the picker (labels German, values in the URL). */
export const PRESETS = [
  { value: 'tag', label: 'Tag' },
  { value: 'woche', label: 'Woche' },
  { value: 'monat', label: 'Monat' },
  { value: 'quartal', label: 'Quartal' },
  { value: 'jahr', label: 'Jahr' },
  { value: 'frei', label: 'Benutzerdefiniert' },
] as const;
export type Preset = (typeof PRESETS)[number]['value'];
