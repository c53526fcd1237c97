/**
 * Failed deliveries of alerts and briefings, kept for Datenqualität (read with
 * queries/alerts/notification-files.ts). Only the latest are kept: the page shows what is
 * wrong now, the process log has the rest.
 */
import {
  failureLogSchema,
  readJsonFile,
  type DeliveryFailure,
} from '../../queries/alerts/notification-files.ts';
import { writePrivateJson } from './private-json.ts';

const KEPT = 100;

export function recordFailure(file: string, failure: Omit<DeliveryFailure, 'at'>): void {
  const log = readJsonFile(file, failureLogSchema, { failures: [] });
  log.failures.push({ at: new Date().toISOString(), ...failure });
  writePrivateJson(file, { failures: log.failures.slice(-KEPT) });
}
