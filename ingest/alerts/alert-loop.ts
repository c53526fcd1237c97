/**
 * The alert evaluator: every interval it reads each rule, and when one starts or stops
 * holding it queues one notice for each channel. The state (which alerts hold, what is still
 * queued) is written before anything is sent, so a restart neither forgets an alert nor
 * sends it again; a channel that fails keeps its notice queued for the next evaluation and
 * the failure is logged and recorded for Datenqualität.
 */
import {
  alertStateSchema,
  EMPTY_STATE,
  readJsonFile,
  type AlertState,
  type Channel,
  type Notice,
} from '../../queries/alerts/notification-files.ts';
import type { Reading } from './conditions.ts';
import { recordFailure } from './failure-log.ts';
import { writePrivateJson } from './private-json.ts';
import type { AlertRule } from './rules.ts';

export type Deliver = (notice: Notice, rule: AlertRule) => Promise<void>;

export interface AlertLoopOptions {
  rules: readonly AlertRule[];
  stateFile: string;
  failuresFile: string;
  intervalMs: number;
  read: (rule: AlertRule, now: Date) => Promise<Reading | null>;
  channels: Partial<Record<Channel, Deliver>>;
  log: (msg: string) => void;
}

export interface AlertLoop {
  /** One evaluation and delivery round (the loop runs them; tests may too). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

function transitions(
  state: AlertState,
  rule: AlertRule,
  reading: Reading,
  now: Date,
): Notice | null {
  const active = state.active[rule.name];
  if (reading.holds === (active !== undefined)) return null;
  const notice: Notice = {
    rule: rule.name,
    state: reading.holds ? 'started' : 'ended',
    value: reading.value,
    limit: reading.limit,
    time: now.toISOString(),
  };
  if (reading.holds) state.active[rule.name] = notice;
  else delete state.active[rule.name];
  return notice;
}

export function startAlertLoop(o: AlertLoopOptions): AlertLoop {
  const state = readJsonFile(o.stateFile, alertStateSchema, structuredClone(EMPTY_STATE));
  const byName = new Map(o.rules.map((r) => [r.name, r]));
  const configured = (Object.keys(o.channels) as Channel[]).filter((c) => o.channels[c]);
  // Alerts of rules taken out of the file end silently.
  for (const name of Object.keys(state.active)) if (!byName.has(name)) delete state.active[name];
  state.outbox = state.outbox.filter((q) => byName.has(q.notice.rule));

  async function evaluate(now: Date): Promise<void> {
    for (const rule of o.rules) {
      let reading: Reading | null;
      try {
        reading = await o.read(rule, now);
      } catch (err) {
        o.log(`Alarm „${rule.name}“: nicht auswertbar (${(err as Error).message})`);
        continue;
      }
      const notice = reading && transitions(state, rule, reading, now);
      if (notice && configured.length) state.outbox.push({ notice, pending: [...configured] });
    }
    writePrivateJson(o.stateFile, state);
  }

  async function deliver(): Promise<void> {
    for (const queued of state.outbox) {
      const rule = byName.get(queued.notice.rule)!;
      const left: Channel[] = [];
      for (const channel of queued.pending) {
        try {
          await o.channels[channel]!(queued.notice, rule);
        } catch (err) {
          const error = (err as Error).message;
          const subject = `${queued.notice.rule} (${queued.notice.state === 'started' ? 'ausgelöst' : 'beendet'})`;
          o.log(`Alarm ${subject}: Zustellung per ${channel} fehlgeschlagen: ${error}`);
          recordFailure(o.failuresFile, { kind: 'alert', channel, subject, error });
          left.push(channel);
        }
      }
      queued.pending = left;
    }
    state.outbox = state.outbox.filter((q) => q.pending.length > 0);
    writePrivateJson(o.stateFile, state);
  }

  let running: Promise<void> | null = null;
  const tick = () =>
    (running ??= (async () => {
      try {
        await evaluate(new Date());
        await deliver();
      } finally {
        running = null;
      }
    })());
  const timer = setInterval(
    () => void tick().catch((err) => o.log(`Alarme: ${(err as Error).message}`)),
    o.intervalMs,
  );
  timer.unref();
  return {
    tick,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
