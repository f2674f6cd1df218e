/**
 * Replay of a real daily platelet series through one hospital's order-up-to policy (§8 S6), issuing with the
 * server's allocation code ({@link allocateFefo}). Deterministic: the demand is the data.
 *
 * Model (as the §8 reference frontier): a daily order placed at the start of a day arrives `leadDays` later with
 * `usableDays` of life; unmet demand is lost; metrics over days `from` … end.
 */
import { IDENTICAL_FIRST } from '../abo-rh/compatibility.ts';
import { allocateFefo } from '../allocation/fefo.ts';
import type { IssuingOrder, StockUnit } from '../allocation/fefo.ts';
import type { Forecaster } from './forecast.ts';
import { weekdayLevelForecaster, weekdayMeanForecaster } from './forecast.ts';

const DAY = 86_400_000;
const BASE = Date.UTC(2024, 0, 1, 4, 0, 0); // 12:00 China Standard Time

/**
 * How the daily order is sized:
 * - `position` (the §8 reference): order = c × forecast(t … t+2) − (on hand + pipeline);
 * - `age-aware`: the same target, but the stock counted is what is projected to be still usable at arrival (FIFO
 *   consumption of the forecast until then; units expiring before arrival do not count). Haijema's point: count only
 *   stock that will still be alive.
 */
export type ReplayOrderRule = 'position' | 'age-aware';

export interface ReplayOptions {
  readonly demand: readonly number[];
  readonly usableDays: number;
  readonly leadDays: number;
  /** Safety multiplier c on the forecast. */
  readonly c: number;
  readonly issuingOrder: IssuingOrder;
  readonly orderRule: ReplayOrderRule;
  readonly forecaster: Forecaster;
  /** First day counted in the metrics (default 60). */
  readonly from?: number;
}

/** Replay outcome, §1 names; rates in percent. */
export interface ReplayResult {
  readonly c: number;
  readonly issuingOrder: IssuingOrder;
  readonly orderRule: ReplayOrderRule;
  readonly forecaster: string;
  /** Outdated ÷ units received (%). */
  readonly outdateRate: number;
  /** Units short ÷ units demanded (%). */
  readonly shortageRate: number;
  /** % of days with any unmet demand. */
  readonly shortageDays: number;
  /** Mean on-hand stock after receipt, in days of mean demand. */
  readonly meanOnHandDays: number;
  readonly received: number;
  readonly outdated: number;
  readonly demanded: number;
  readonly short: number;
}

interface RUnit extends StockUnit {
  readonly lastDay: number;
}

/**
 * @param o - series, life, lead time, c, issuing order, order rule and forecaster
 * @returns waste (outdate), shortage and stock figures over days `from` …
 * @see supply-chain-benchmarks.md §8 S6 and its reference frontier
 */
export function replayPlatelets(o: ReplayOptions): ReplayResult {
  const from = o.from ?? 60;
  const n = o.demand.length;
  const pipeline = new Map<number, number>();
  let stock: RUnit[] = [];
  let seq = 0;
  let received = 0, outdated = 0, demanded = 0, short = 0, shortDays = 0, onHandSum = 0, counted = 0;
  const meanDemand = o.demand.slice(from).reduce((s, x) => s + x, 0) / Math.max(1, n - from);
  const now = (d: number): Date => new Date(BASE + d * DAY);
  // warm start: the first `leadDays` days receive the forecast-free mean of the first week
  const firstWeek = o.demand.slice(0, 7).reduce((s, x) => s + x, 0) / 7;
  for (let d = 0; d < o.leadDays; d++) pipeline.set(d, Math.round(firstWeek * o.c));
  for (let t = 0; t < n; t++) {
    const counting = t >= from;
    const expired = stock.filter((u) => u.lastDay < t);
    if (counting) outdated += expired.length;
    stock = stock.filter((u) => u.lastDay >= t);
    const arriving = pipeline.get(t) ?? 0;
    pipeline.delete(t);
    for (let i = 0; i < arriving; i++) {
      const id = `p${String(seq++).padStart(7, '0')}`;
      stock.push({
        id, productId: 'PLT_APH_5D', componentClass: 'platelets', abo: 'O', rhd: 'POS', quantity: 1,
        collectedAt: new Date(now(t).getTime() - o.leadDays * DAY), expiresAt: new Date(now(t + o.usableDays - 1).getTime() + 3_600_000),
        status: 'available', released: true, labelled: true, recalled: false, lastDay: t + o.usableDays - 1,
      });
    }
    if (counting) {
      received += arriving;
      onHandSum += stock.length;
      counted++;
    }
    // order placed at the start of day t (information up to t − 1), arriving at the start of t + leadDays
    const arrival = t + o.leadDays;
    const f = (day: number): number => o.forecaster.forecast(o.demand, t, day);
    const window = (a: number, len: number): number => { let x = 0; for (let d = a; d < a + len; d++) x += f(d); return x; };
    const target = o.c * window(t, o.leadDays + 1);
    let q: number;
    if (o.orderRule === 'position') {
      let pipe = 0;
      for (const v of pipeline.values()) pipe += v;
      q = target - (stock.length + pipe);
    } else {
      // project FIFO consumption of the forecast until arrival; units that expire before arrival do not count
      const lives = stock.map((u) => u.lastDay).sort((a, b) => a - b);
      for (let d = t; d < arrival; d++) {
        if (d > t) for (let k = 0; k < (pipeline.get(d) ?? 0); k++) lives.push(d + o.usableDays - 1);
        lives.sort((a, b) => a - b);
        let need = f(d);
        while (need >= 1 && lives.length > 0) {
          lives.shift();
          need -= 1;
        }
        while (lives.length > 0 && lives[0] <= d) lives.shift();
      }
      q = target - window(t, o.leadDays) - lives.length;
    }
    pipeline.set(arrival, Math.max(0, Math.round(q)));
    const want = o.demand[t];
    if (want > 0) {
      const r = allocateFefo({ lines: [{ lineId: 'd', componentClass: 'platelets', recipient: { abo: 'O', rhd: 'POS' }, quantity: want }], policy: IDENTICAL_FIRST, now: now(t) }, stock, { issuingOrder: o.issuingOrder });
      const used = new Set(r.lines[0].unitIds);
      stock = stock.filter((u) => !used.has(u.id));
      if (counting) {
        demanded += want;
        short += r.lines[0].unfilledQuantity;
        if (r.lines[0].unfilledQuantity > 0) shortDays++;
      }
    }
  }
  return {
    c: o.c, issuingOrder: o.issuingOrder, orderRule: o.orderRule, forecaster: o.forecaster.name,
    outdateRate: received ? (100 * outdated) / received : 0,
    shortageRate: demanded ? (100 * short) / demanded : 0,
    shortageDays: counted ? (100 * shortDays) / counted : 0,
    meanOnHandDays: meanDemand ? onHandSum / counted / meanDemand : 0,
    received, outdated, demanded, short,
  };
}

/** The forecasters of the replay: the §8 baseline (8-week weekday mean) and ours (weekday profile × level). */
export const REPLAY_FORECASTERS = { baseline: weekdayMeanForecaster(8), ours: weekdayLevelForecaster(26, 28) } as const;
