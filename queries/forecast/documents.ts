/** The document types whose issuances come back as renewals, with their German labels. */
export const DOCUMENTS = ['personalausweis', 'reisepass', 'fuehrerschein-umtausch'] as const;
export type DocumentType = (typeof DOCUMENTS)[number];

export const DOCUMENT_LABELS: Record<DocumentType, string> = {
  personalausweis: 'Personalausweis',
  reisepass: 'Reisepass',
  'fuehrerschein-umtausch': 'Führerschein-Umtausch',
};
