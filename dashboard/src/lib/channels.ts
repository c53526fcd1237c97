/** German names of the contact channels. */
export const CHANNEL_LABELS: Record<string, string> = {
  visits: 'Kontakte vor Ort',
  calls: '115-Anrufe',
  emails: 'E-Mails',
};

export const WEEKDAY_NAMES = [
  'Montag',
  'Dienstag',
  'Mittwoch',
  'Donnerstag',
  'Freitag',
  'Samstag',
  'Sonntag',
];
