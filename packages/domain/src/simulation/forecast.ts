/**
 * Demand forecasts for order-up-to targets, and their error. Series are daily counts indexed from 0; two days
 * share a weekday when their indices differ by a multiple of 7. A forecast made at `origin` may use
 * `history[0 .. origin − 1]` only.
 *
 * @see supply-chain-benchmarks.md §8 (reference: 8-week same-weekday mean; 1-day MAPE 18.6 %, flat 22.3 %,
 *   3-day-sum 12.0 % on the Stanford series, days 60–879)
 */

/** A daily demand forecaster. */
export interface Forecaster {
  readonly name: string;
  /**
   * @param history - observed daily demand; only indices `< origin` are read
   * @param origin - first day not yet observed
   * @param target - day to forecast, `≥ origin`
   * @returns expected demand on `target` (≥ 0)
   */
  forecast(history: ArrayLike<number>, origin: number, target: number): number;
  /** Optional fast path: forecasts for `origin … origin + n − 1` in one pass (same values as `forecast`). */
  forecastDays?(history: ArrayLike<number>, origin: number, n: number): number[];
}

/**
 * @returns forecasts for `origin … origin + n − 1`, through the forecaster's fast path when it has one
 */
export function forecastDays(f: Forecaster, history: ArrayLike<number>, origin: number, n: number): number[] {
  if (f.forecastDays) return f.forecastDays(history, origin, n);
  const out: number[] = [];
  for (let k = 0; k < n; k++) out.push(f.forecast(history, origin, origin + k));
  return out;
}

function mean(xs: number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((s, x) => s + x, 0) / xs.length;
}

function sameWeekday(history: ArrayLike<number>, origin: number, target: number, weeks: number): number[] {
  const out: number[] = [];
  let i = target - 7 * Math.ceil((target - origin + 1) / 7);
  for (; i >= 0 && out.length < weeks; i -= 7) out.push(history[i]);
  return out;
}

/** Flat mean of the last `days` observed days (the §8 "flat 8-week mean" comparator). */
export function flatMeanForecaster(days = 56): Forecaster {
  return {
    name: `flat-${days}d-mean`,
    forecast(history, origin) {
      const xs: number[] = [];
      for (let i = origin - 1; i >= 0 && xs.length < days; i--) xs.push(history[i]);
      return mean(xs);
    },
  };
}

/** Mean of the same weekday over the last `weeks` weeks (the §8 baseline; default 8 weeks). */
export function weekdayMeanForecaster(weeks = 8): Forecaster {
  return {
    name: `weekday-${weeks}w-mean`,
    forecast(history, origin, target) {
      const xs = sameWeekday(history, origin, target, weeks);
      return xs.length > 0 ? mean(xs) : flatMeanForecaster().forecast(history, origin, target);
    },
  };
}

/**
 * Weekday profile × recent level: the weekday shape comes from a long window (`profileWeeks`, robust), the level
 * from the last `levelDays` days divided by their weekday factors (reacts to drift within a month). Defaults
 * 26 weeks × 28 days: chosen on the Stanford series (in-sample choice among a few windows; see docs/simulation.md).
 * Window sums are cached per history array and advanced incrementally (histories are append-only in the simulator;
 * a changed past value needs a new array).
 * forecast(t) = level × profile[weekday(t)], profile = same-weekday mean ÷ overall mean over the long window.
 */
export function weekdayLevelForecaster(profileWeeks = 26, levelDays = 28): Forecaster {
  const span = profileWeeks * 7;
  /** Window sums per series, updated in O(1) when the origin advances by one day (same values as a full recount). */
  const cache = new WeakMap<object, { origin: number; start: number; sums: number[]; counts: number[]; total: number }>();
  const windowSums = (history: ArrayLike<number>, origin: number): { start: number; sums: number[]; counts: number[]; total: number } => {
    const start = Math.max(0, origin - span);
    const key = history as unknown as object;
    const c = typeof key === 'object' && key !== null ? cache.get(key) : undefined;
    if (c !== undefined && c.origin === origin) return c;
    if (c !== undefined && c.origin === origin - 1) {
      const i = origin - 1;
      c.sums[i % 7] += history[i];
      c.counts[i % 7]++;
      c.total += history[i];
      for (let j = c.start; j < start; j++) {
        c.sums[j % 7] -= history[j];
        c.counts[j % 7]--;
        c.total -= history[j];
      }
      c.start = start;
      c.origin = origin;
      return c;
    }
    const sums = new Array<number>(7).fill(0);
    const counts = new Array<number>(7).fill(0);
    let total = 0;
    for (let i = start; i < origin; i++) {
      sums[i % 7] += history[i];
      counts[i % 7]++;
      total += history[i];
    }
    const fresh = { origin, start, sums, counts, total };
    if (typeof key === 'object' && key !== null) cache.set(key, fresh);
    return fresh;
  };
  const model = (history: ArrayLike<number>, origin: number): { level: number; profile: number[] } | null => {
    const { start, sums, counts, total } = windowSums(history, origin);
    if (origin - start < 14) return null;
    const overall = total / (origin - start);
    if (overall <= 0) return { level: 0, profile: new Array<number>(7).fill(1) };
    const profile = sums.map((s, w) => (counts[w] > 0 ? s / counts[w] / overall : 1));
    let lv = 0;
    let n = 0;
    for (let i = Math.max(start, origin - levelDays); i < origin; i++) {
      lv += profile[i % 7] > 0 ? history[i] / profile[i % 7] : 0;
      n++;
    }
    return { level: n > 0 ? lv / n : overall, profile };
  };
  const fallback = weekdayMeanForecaster();
  return {
    name: `weekday-profile-${profileWeeks}w×level-${levelDays}d`,
    forecast(history, origin, target) {
      const m = model(history, origin);
      return m === null ? fallback.forecast(history, origin, target) : m.level * m.profile[target % 7];
    },
    forecastDays(history, origin, n) {
      const m = model(history, origin);
      const out: number[] = [];
      for (let k = 0; k < n; k++) out.push(m === null ? fallback.forecast(history, origin, origin + k) : m.level * m.profile[(origin + k) % 7]);
      return out;
    },
  };
}

/** Mean absolute percentage error of a forecaster over a series. */
export interface ForecastError {
  readonly forecaster: string;
  /** 1-day-ahead MAPE, percent. */
  readonly mape1: number;
  /** MAPE of the sum of the next 3 days (the order-up-to window), percent. */
  readonly mape3: number;
  readonly days: number;
}

/**
 * MAPE of a forecaster at 1 day and for the 3-day sum (forecast made at `t` for days t..t+2, information up to t − 1).
 * Days with zero actual demand are skipped (MAPE is undefined there).
 *
 * @param series - daily demand
 * @param forecaster - the model
 * @param from - first origin (default 60, as §8)
 * @returns errors in percent
 */
export function forecastError(series: readonly number[], forecaster: Forecaster, from = 60): ForecastError {
  let e1 = 0, n1 = 0, e3 = 0, n3 = 0;
  for (let t = from; t < series.length; t++) {
    const f1 = forecaster.forecast(series, t, t);
    if (series[t] > 0) {
      e1 += Math.abs(f1 - series[t]) / series[t];
      n1++;
    }
    if (t + 2 < series.length) {
      const f3 = f1 + forecaster.forecast(series, t, t + 1) + forecaster.forecast(series, t, t + 2);
      const a3 = series[t] + series[t + 1] + series[t + 2];
      if (a3 > 0) {
        e3 += Math.abs(f3 - a3) / a3;
        n3++;
      }
    }
  }
  return { forecaster: forecaster.name, mape1: n1 ? (100 * e1) / n1 : Number.NaN, mape3: n3 ? (100 * e3) / n3 : Number.NaN, days: n1 };
}
