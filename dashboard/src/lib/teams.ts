/** German names of the teams, for selects and tables. */
export const TEAM_LABELS: Record<string, string> = {
  'melde-pass': 'Melde/Pass',
  kfz: 'Kfz',
  fahrerlaubnis: 'Fahrerlaubnis',
  haendler: 'Händlerschalter',
  empfang: 'Empfang',
  ausgabe: 'Ausgabe',
  partner: 'Partner',
  telefon: '115',
  email: 'E-Mail',
};
