/**
 * Annotations are the one thing people write through the dashboard, yet the dashboard holds
 * no ClickHouse user that may write: it hands them to the ingest service (POST and DELETE
 * /v1/annotations at LAGEBILD_INGEST_URL) with an annotate token (LAGEBILD_ANNOTATE_TOKEN).
 * The service stores each save and each delete as a new version of the row, so nothing is
 * ever destroyed. Every way this can fail ends in a German message saying what became of it.
 */
import { randomUUID } from 'node:crypto';
import { loadConfig } from '$config/environment.ts';

export type WriteOutcome = { ok: true } | { ok: false; status: number; error: string };

/** Long enough for an insert into a busy ClickHouse, short enough not to leave the admin waiting. */
const TIMEOUT_MS = 10_000;

const failed = (status: number, error: string): WriteOutcome => ({ ok: false, status, error });

/** What the ingest service's answer means for the admin; `done` is "gespeichert" or "gelöscht". */
function outcome(status: number, error: string, done: string): WriteOutcome {
  const notDone = `die Anmerkung wurde nicht ${done}`;
  switch (status) {
    case 400:
      return failed(400, `Anmerkung ungültig: ${error}`);
    case 401:
    case 403:
      return failed(
        503,
        `Der Ingest-Dienst hat das Token des Dashboards abgelehnt (LAGEBILD_ANNOTATE_TOKEN) – ${notDone}.`,
      );
    case 404:
      return failed(404, 'Anmerkung nicht gefunden.');
    case 429:
      return failed(
        429,
        `Zu viele Änderungen in kurzer Zeit – ${notDone}. Bitte gleich noch einmal versuchen.`,
      );
    case 503:
      return failed(
        503,
        `ClickHouse ist gerade nicht erreichbar – ${notDone}. Bitte später noch einmal versuchen.`,
      );
    default:
      return failed(502, `Der Ingest-Dienst antwortete mit Status ${status} – ${notDone}.`);
  }
}

async function send(
  method: 'POST' | 'DELETE',
  path: string,
  done: string,
  body?: object,
): Promise<WriteOutcome> {
  const { ingestUrl: url, annotateToken: token } = loadConfig().dashboard;
  if (!token)
    return failed(
      503,
      `Dem Dashboard fehlt das Token für Anmerkungen (LAGEBILD_ANNOTATE_TOKEN) – die Anmerkung wurde nicht ${done}.`,
    );
  let res: Response;
  try {
    res = await fetch(url + path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    // A timed-out request may have reached ClickHouse after all; a refused one never did.
    if ((err as Error).name === 'TimeoutError')
      return failed(
        504,
        `Der Ingest-Dienst hat nicht innerhalb von ${TIMEOUT_MS / 1000} s geantwortet – ob die Anmerkung ${done} wurde, zeigt die Liste nach dem Neuladen.`,
      );
    return failed(
      503,
      `Der Ingest-Dienst (${url}) ist nicht erreichbar – die Anmerkung wurde nicht ${done}. Bitte später noch einmal versuchen.`,
    );
  }
  const answer = (await res.json().catch(() => ({}))) as { error?: unknown };
  if (res.ok) return { ok: true };
  return outcome(res.status, typeof answer.error === 'string' ? answer.error : '', done);
}

/** Creates (without `id`) or updates an annotation from the form's fields. */
export function saveAnnotation(input: Record<string, string>): Promise<WriteOutcome> {
  const annotation = Object.fromEntries(
    Object.entries({ ...input, id: input.id || randomUUID() }).filter(([, v]) => v !== ''),
  );
  return send('POST', '/v1/annotations', 'gespeichert', annotation);
}

export function deleteAnnotation(id: string): Promise<WriteOutcome> {
  return send('DELETE', `/v1/annotations/${encodeURIComponent(id)}`, 'gelöscht');
}
