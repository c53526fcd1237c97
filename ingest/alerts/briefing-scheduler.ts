/**
 * Sends the Morgenbriefing at the configured time (briefing-schedule.ts). A failed send is
 * logged, recorded for Datenqualität and tried again a few times, a few minutes apart (the
 * dashboard may be restarting).
 */
import { berlinDate } from '../../calendar/berlin-time.ts';
import type { LocalDate } from '../../calendar/local-date.ts';
import { briefingDateFor, nextBriefingAt } from './briefing-schedule.ts';
import { recordFailure } from './failure-log.ts';

const ATTEMPTS = 3;
const RETRY_MS = 5 * 60_000;

export function startBriefingSchedule(o: {
  clock: string;
  send: (date: LocalDate) => Promise<void>;
  failuresFile: string;
  log: (msg: string) => void;
}): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  const at = (when: Date, run: () => void) => {
    timer = setTimeout(run, Math.max(0, when.getTime() - Date.now()));
    timer.unref();
  };
  const plan = () => at(nextBriefingAt(new Date(), o.clock), () => void attempt(1));
  async function attempt(n: number, date = briefingDateFor(berlinDate(new Date()))) {
    try {
      await o.send(date);
      o.log(`Morgenbriefing ${date} per E-Mail versandt.`);
      plan();
    } catch (err) {
      const error = (err as Error).message;
      o.log(`Morgenbriefing ${date}: Versand fehlgeschlagen (Versuch ${n}/${ATTEMPTS}): ${error}`);
      recordFailure(o.failuresFile, {
        kind: 'briefing',
        channel: 'mail',
        subject: `Morgenbriefing ${date}`,
        error,
      });
      if (n < ATTEMPTS) at(new Date(Date.now() + RETRY_MS), () => void attempt(n + 1, date));
      else plan();
    }
  }
  plan();
  return { stop: () => clearTimeout(timer) };
}
