/**
 * City supply-chain simulator: one station, storage points (储血点) and hospitals; red cells and platelets per
 * ABO/RhD group; a day step for stock, with emergency requests timed in minutes inside the day.
 *
 * Pure and deterministic: the same scenario, policies and seed give the same result. Every allocation — routine
 * replenishment, patient issue, same-day top-ups, emergencies — goes through the server's `allocateFefo`; alert
 * levels and cuts through `daysOfSupply`/`alertLevel`/`allocationCut`; shelf lives through the component catalogue
 * (`getProduct` + `computeExpiry`).
 *
 * Day d, at 12:00 China Standard Time (`now`):
 *  1. expired units leave stock everywhere (outdates, counted where they expire);
 *  2. units whose testing ends today are released into station stock (discards by cause at release);
 *     transfers between stations requested yesterday arrive;
 *  3. alerts per class and group (station days of supply, with projection) → cuts and recruitment;
 *  4. replenishment: station → storage points and station-supplied hospitals; storage points → their hospitals
 *     (order-up-to, identical group only, routine quantities cut by the alert level);
 *  5. patient demand at each hospital (negative binomial per group) issued from hospital stock (substitution policy);
 *     what is missing is fetched the same day from the storage point, then the station; the rest is a shortage;
 *  6. emergency requests (minute of day): hospital → storage point → station → neighbouring station;
 *  7. collections for day d (capacity: supply ratio × seasonality × weekday × recruitment lift; planned by the
 *     collection policy); transfers between stations requested for tomorrow.
 */
import { ALL_BLOOD_GROUPS, formatBloodGroup } from '../abo-rh/blood-group.ts';
import type { BloodGroupCode } from '../abo-rh/blood-group.ts';
import { IDENTICAL_ONLY, compatibleDonorGroups } from '../abo-rh/compatibility.ts';
import type { CompatibilityPolicy } from '../abo-rh/compatibility.ts';
import type { AlertLevel } from '../allocation/days-of-supply.ts';
import { ALERT_LEVELS } from '../allocation/days-of-supply.ts';
import { allocateFefo } from '../allocation/fefo.ts';
import type { AllocationLine, AllocationResult, IssuingOrder, StockUnit } from '../allocation/fefo.ts';
import { getProduct } from '../components/catalogue.ts';
import { computeExpiry } from '../components/expiry.ts';
import type { AboGroup, RhD } from '../types.ts';
import { forecastDays } from './forecast.ts';
import type { GroupState, NodeKind, ScenarioConfig, SimClass, SimulationPolicies } from './model.ts';
import { SIM_CLASSES } from './model.ts';
import { severity } from './policies.ts';
import { createRng, negativeBinomial, poisson, binomial } from './random.ts';
import type { Rng } from './random.ts';

const DAY_MS = 86_400_000;
const GROUPS: readonly BloodGroupCode[] = ALL_BLOOD_GROUPS.map(formatBloodGroup);
const NG = GROUPS.length;
const GROUP_OBJ = ALL_BLOOD_GROUPS;
const PRIOR_DAYS = 182;
const NODE_KINDS: readonly NodeKind[] = ['station', 'storage_point', 'hospital'];

/** A unit in the simulation: an allocation `StockUnit` plus its group index (order of `ALL_BLOOD_GROUPS`). */
export interface SimUnit extends StockUnit {
  readonly collectedAt: Date;
  readonly g: number;
}

interface Node {
  readonly index: number;
  readonly kind: NodeKind;
  readonly name: string;
  readonly parent: number | null;
  readonly stock: Record<SimClass, Stock>;
  /** Demand history per class and group (hospitals: own patients; others: the sum of those they supply). */
  readonly history: Record<SimClass, number[][]>;
}

/** Per class counters (after warm-up unless noted). Group arrays are indexed like `ALL_BLOOD_GROUPS`. */
export interface ClassCounters {
  /** Units released into station stock (after testing), plus transfers in. */
  received: number[];
  collected: number[];
  discarded: { tti: number; lipaemia: number; other: number };
  outdated: Record<NodeKind, number[]>;
  /** Patient demand by recipient group (units), routine + emergency. */
  demanded: number[];
  /** Units issued to patients by recipient group. */
  issued: number[];
  /** Units demanded but not supplied the same day (routine) or at all (emergency). */
  short: number[];
  substituted: number;
  ageSumDays: number;
  /** Hospital replenishment orders and those filled in full (as requested, before cuts). */
  orders: number;
  ordersFilled: number;
  shortageDays: number;
  countedDays: number;
  /** Sum of daily station days of supply per group (mean = ÷ countedDays). */
  dosSum: number[];
  transfersIn: number[];
  alertDays: Record<AlertLevel, number>;
  /** Days at each level per group. */
  alertDaysByGroup: Record<AlertLevel, number[]>;
}

export interface EmergencyStats {
  requests: number;
  units: number;
  unmet: number;
  /** Minutes from request to issue, one entry per request fully or partly met. */
  minutes: number[];
  /** Requests met in full within 60 minutes. */
  within60: number;
  /** Unmet units by recipient group code. */
  unmetByGroup: Record<string, number>;
  /**
   * RhD+ units given to RhD− patients under `emergencyConsentFallback` (signed consent, no anti-D) because no RhD−
   * unit was left anywhere; a patient with anti-D would have gone without these.
   */
  rhdPositiveWithConsentUnits: number;
  rhdPositiveWithConsentRequests: number;
}

/** One group's alert lead time: days between the alert (≥ yellow) and station DOS falling below 3. */
export interface AlertLead {
  readonly group: BloodGroupCode;
  readonly day: number;
  readonly leadDays: number;
}

/** Daily series of one run (for reports). Per-group arrays are [day][group]. */
export interface DailySeries {
  readonly date: string[];
  readonly stationStock: Record<SimClass, number[][]>;
  readonly systemStock: Record<SimClass, number[]>;
  readonly stationDos: number[][];
  readonly alert: number[][];
  readonly collected: Record<SimClass, number[]>;
  readonly demand: Record<SimClass, number[]>;
}

/** Whole-run stock ledger (warm-up included) for the conservation check. */
export interface Ledger {
  readonly unitsIn: number;
  readonly issued: number;
  readonly outdated: number;
  readonly discarded: number;
  readonly onHand: number;
  readonly inTesting: number;
}

export interface RunResult {
  readonly scenario: string;
  readonly seed: number;
  readonly counters: Record<SimClass, ClassCounters>;
  readonly emergency: EmergencyStats;
  readonly alertLeads: AlertLead[];
  /** Lowest station DOS of any RhD-positive RBC group after warm-up. */
  readonly minRhdPositiveDos: number;
  /** Collections as a share of baseline capacity on each day of a collection window (for S2's 0.9× check). */
  readonly collectionRecovery: { day: number; share: number }[];
  readonly ledger: Record<SimClass, Ledger>;
  readonly series?: DailySeries;
}

export interface RunOptions {
  readonly seed: number;
  /** Keep daily series (memory: ~days × 40 numbers). */
  readonly keepSeries?: boolean;
  /** Override simulated days (smoke tests). */
  readonly days?: number;
}

function zeros(): number[] {
  return new Array<number>(NG).fill(0);
}

function newCounters(): ClassCounters {
  return {
    received: zeros(), collected: zeros(), discarded: { tti: 0, lipaemia: 0, other: 0 },
    outdated: { station: zeros(), storage_point: zeros(), hospital: zeros() },
    demanded: zeros(), issued: zeros(), short: zeros(), substituted: 0, ageSumDays: 0, orders: 0, ordersFilled: 0,
    shortageDays: 0, countedDays: 0, dosSum: zeros(), transfersIn: zeros(),
    alertDays: { green: 0, watch: 0, yellow: 0, orange: 0, red: 0 },
    alertDaysByGroup: { green: zeros(), watch: zeros(), yellow: zeros(), orange: zeros(), red: zeros() },
  };
}

const GROUP_INDEX = new Map<string, number>(GROUPS.map((g, i) => [g, i]));
const byExpiry = (a: SimUnit, b: SimUnit): number => a.expiresAt.getTime() - b.expiresAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * A node's stock of one class, in per-group buckets kept in expiry order (for one product per class, expiry order is
 * collection order, so the same order serves FEFO and FIFO).
 */
export class Stock {
  readonly buckets: SimUnit[][] = GROUPS.map(() => []);
  private readonly dirty: boolean[] = GROUPS.map(() => false);
  push(u: SimUnit): void {
    const b = this.buckets[u.g];
    if (b.length > 0 && byExpiry(b[b.length - 1], u) > 0) this.dirty[u.g] = true;
    b.push(u);
  }
  sorted(g: number): SimUnit[] {
    if (this.dirty[g]) {
      this.buckets[g].sort(byExpiry);
      this.dirty[g] = false;
    }
    return this.buckets[g];
  }
  count(g: number): number {
    return this.buckets[g].length;
  }
  get size(): number {
    let n = 0;
    for (const b of this.buckets) n += b.length;
    return n;
  }
  /** Removes expired units (expiresAt ≤ now) and returns them. */
  sweep(nowMs: number): SimUnit[] {
    const out: SimUnit[] = [];
    for (let g = 0; g < NG; g++) {
      const b = this.sorted(g);
      let i = 0;
      while (i < b.length && b[i].expiresAt.getTime() <= nowMs) i++;
      if (i > 0) out.push(...b.splice(0, i));
    }
    return out;
  }
  /** Removes the given units (by group and id) and returns them. */
  remove(picks: readonly { unitId: string; g: number }[]): SimUnit[] {
    const byGroup = new Map<number, Set<string>>();
    for (const p of picks) {
      const set = byGroup.get(p.g) ?? new Set<string>();
      set.add(p.unitId);
      byGroup.set(p.g, set);
    }
    const taken: SimUnit[] = [];
    for (const [g, ids] of byGroup) {
      const keep: SimUnit[] = [];
      for (const u of this.buckets[g]) (ids.has(u.id) ? taken : keep).push(u);
      this.buckets[g] = keep;
    }
    return taken;
  }
  /**
   * Candidate units for the lines: compatible groups only and, for FEFO/FIFO, only the first (Σ quantity of the lines
   * that group can serve + 20) of each group in issuing order (as the server's candidate query does, which limits each
   * group to quantity + 20). A unit beyond that prefix can never be picked, so the allocation is unchanged.
   */
  candidates(lines: readonly AllocationLine[], policy: CompatibilityPolicy, order: IssuingOrder): SimUnit[] {
    const need = new Map<number, number>();
    for (const l of lines) {
      for (const d of compatibleDonorGroups(l.componentClass, l.recipient, policy)) {
        const g = GROUP_INDEX.get(formatBloodGroup(d)) as number;
        need.set(g, (need.get(g) ?? 0) + l.quantity);
      }
    }
    const prefixOnly = order === 'FEFO' || order === 'FIFO';
    const out: SimUnit[] = [];
    for (const g of [...need.keys()].sort((a, b) => a - b)) {
      const b = this.sorted(g);
      const limit = prefixOnly ? Math.ceil(need.get(g) as number) + 20 : b.length;
      for (let i = 0; i < b.length && i < limit; i++) out.push(b[i]);
    }
    return out;
  }
  all(): SimUnit[] {
    return this.buckets.flat();
  }
}

/**
 * Builds a simulator stock from allocation stock units (e.g. the rows of a server database) — used by the parity test
 * that compares the simulator's allocation with the server's orders service.
 */
export function createStock(units: readonly StockUnit[]): Stock {
  const stock = new Stock();
  for (const u of units) {
    stock.push({ ...u, collectedAt: u.collectedAt ?? u.expiresAt, g: GROUP_INDEX.get(formatBloodGroup(u)) as number });
  }
  return stock;
}

/**
 * The simulator's allocation call: candidates from the stock (compatible groups, issuing-order prefix) through the
 * domain's {@link allocateFefo} — the same function the server's orders service calls.
 *
 * @param stock - a node's stock of one class
 * @param lines - order lines
 * @param policy - compatibility policy
 * @param now - instant of allocation
 * @param options - issuing order (default FEFO) and modified-FIFO threshold
 * @returns the allocation
 */
export function allocateFromStock(stock: Stock, lines: AllocationLine[], policy: CompatibilityPolicy, now: Date, options: { issuingOrder?: IssuingOrder; modifiedFifoYoungDays?: number } = {}): AllocationResult {
  const order = options.issuingOrder ?? 'FEFO';
  return allocateFefo({ lines, policy, now }, stock.candidates(lines, policy, order), { issuingOrder: order, modifiedFifoYoungDays: options.modifiedFifoYoungDays });
}

function civilDate(startMs: number, day: number): { iso: string; weekday: number } {
  const d = new Date(startMs + day * DAY_MS + 8 * 3_600_000);
  return { iso: d.toISOString().slice(0, 10), weekday: d.getUTCDay() };
}

function weekdayOf(startMs: number, day: number): number {
  const w0 = new Date(startMs + 8 * 3_600_000).getUTCDay();
  return (((w0 + day) % 7) + 7) % 7;
}

function windowFactor(windows: readonly { startDay: number; days: number; factor: number }[], day: number): number {
  let f = 1;
  for (const w of windows) if (day >= w.startDay && day < w.startDay + w.days) f *= w.factor;
  return f;
}

function normalised(xs: readonly number[]): number[] {
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  return xs.map((x) => x / m);
}

/**
 * Runs one seed of a scenario.
 *
 * @param scenario - network, demand, supply and events
 * @param policies - replenishment, issuing order, substitution, alerts, collection, recruitment, transfers, forecaster
 * @param options - seed (and optional series / shorter run)
 * @returns counters, emergency statistics, alert lead times and the stock ledger
 */
export function runScenario(scenario: ScenarioConfig, policies: SimulationPolicies, options: RunOptions): RunResult {
  const days = options.days ?? scenario.days;
  const warmup = Math.min(scenario.warmupDays, Math.floor(days / 3));
  const seed = options.seed;
  const rngDemand = createRng(seed, 1);
  const rngSupply = createRng(seed, 2);
  const rngEmergency = createRng(seed, 3);
  const rngPeak = createRng(seed, 4);
  const startMs = Date.parse(`${scenario.startDate}T12:00:00+08:00`);
  const products = { red_cells: getProduct(scenario.rbc.productId), platelets: getProduct(scenario.platelets.productId) };
  const cfg = { red_cells: scenario.rbc, platelets: scenario.platelets };
  const demandWd = { red_cells: normalised(scenario.rbc.demandWeekday), platelets: normalised(scenario.platelets.demandWeekday) };
  const collWd = normalised(scenario.collectionWeekday);
  const rbcMix = GROUPS.map((g) => scenario.groupMix[g]);
  const pltMix = GROUPS.map((g) => (g.endsWith('+') ? scenario.groupMix[g] + scenario.groupMix[`${g.slice(0, -1)}-` as BloodGroupCode] : 0));
  const mixOf: Record<SimClass, number[]> = { red_cells: rbcMix, platelets: pltMix };
  const mix = rbcMix;
  const discardShare = {
    red_cells: scenario.rbc.discard.tti + scenario.rbc.discard.lipaemia + scenario.rbc.discard.other,
    platelets: scenario.platelets.discard.tti + scenario.platelets.discard.lipaemia + scenario.platelets.discard.other,
  };
  // expected citywide demand per day: routine × peak-day uplift + emergency requests (supply capacity follows it)
  const peakUplift = 1 + (scenario.peakDaysPerYear / 365) * (scenario.peakFactor - 1);
  const emergencyUnits = scenario.hospitals.reduce((s, h) => s + h.emergencyPerDay, 0) * (scenario.emergencySize[0] + scenario.emergencySize[1]) / 2;
  const UNTYPED_EMERGENCY_SHARE = 0.3;
  const routineRbc = scenario.hospitals.reduce((s, h) => s + h.rbcPerDay, 0) * peakUplift;
  /** Expected demand per group: routine by the group mix, emergencies 30 % untyped (group O+) and 70 % by the mix. */
  const groupMean: Record<SimClass, number[]> = {
    red_cells: GROUPS.map((g, i) => routineRbc * rbcMix[i] + emergencyUnits * ((1 - UNTYPED_EMERGENCY_SHARE) * rbcMix[i] + (g === 'O+' ? UNTYPED_EMERGENCY_SHARE : 0))),
    platelets: GROUPS.map((_, i) => scenario.hospitals.reduce((s, h) => s + h.pltPerDay, 0) * pltMix[i]),
  };
  const cityMean = {
    red_cells: scenario.hospitals.reduce((s, h) => s + h.rbcPerDay, 0) * peakUplift + emergencyUnits,
    platelets: scenario.hospitals.reduce((s, h) => s + h.pltPerDay, 0),
  };
  const allocOptions = { issuingOrder: policies.issuingOrder, modifiedFifoYoungDays: policies.modifiedFifoYoungDays };

  // ── network ──
  const nodes: Node[] = [];
  const mkNode = (kind: NodeKind, name: string, parent: number | null): Node => {
    const node: Node = {
      index: nodes.length, kind, name, parent,
      stock: { red_cells: new Stock(), platelets: new Stock() },
      history: { red_cells: GROUPS.map(() => []), platelets: GROUPS.map(() => []) },
    };
    nodes.push(node);
    return node;
  };
  const station = mkNode('station', 'station', null);
  const sps = Array.from({ length: scenario.storagePoints }, (_, i) => mkNode('storage_point', `storage-point-${i + 1}`, station.index));
  const hospitals = scenario.hospitals.map((h) => mkNode('hospital', h.name, h.storagePoint === null ? station.index : sps[h.storagePoint].index));
  const childrenOf = (n: Node): Node[] => nodes.filter((c) => c.parent === n.index);
  const supplied = (n: Node): number[] => (n.kind === 'hospital' ? [n.index] : n.kind === 'storage_point' ? childrenOf(n).map((c) => c.index) : hospitals.map((h) => h.index));
  const suppliedBy = nodes.map(supplied);
  const hospitalSpec = (n: Node) => scenario.hospitals[n.index - 1 - scenario.storagePoints];
  const ratePerDay = (n: Node, cls: SimClass): number =>
    suppliedBy[n.index].reduce((s, i) => s + (cls === 'red_cells' ? hospitalSpec(nodes[i]).rbcPerDay : hospitalSpec(nodes[i]).pltPerDay), 0);

  // prior history: expected demand for PRIOR_DAYS before day 0 (weekday shape, no noise) so forecasts start sane
  for (const n of nodes) {
    for (const cls of SIM_CLASSES) {
      for (let g = 0; g < NG; g++) {
        const h = n.history[cls][g];
        for (let i = -PRIOR_DAYS; i < 0; i++) h.push(ratePerDay(n, cls) * mixOf[cls][g] * demandWd[cls][weekdayOf(startMs, i)]);
      }
    }
  }

  // ── helpers ──
  let seq = 0;
  const nowOf = (day: number): Date => new Date(startMs + day * DAY_MS);
  const makeUnit = (cls: SimClass, g: number, collectedDay: number): SimUnit => {
    const collectedAt = new Date(startMs + collectedDay * DAY_MS - 4 * 3_600_000); // 08:00
    const group = GROUP_OBJ[g];
    return {
      id: `u${String(seq++).padStart(8, '0')}`, productId: products[cls].id, componentClass: cls, abo: group.abo as AboGroup, rhd: group.rhd as RhD,
      quantity: 1, collectedAt, expiresAt: computeExpiry(products[cls], { collectedAt, preparedAt: collectedAt }),
      status: 'available', released: true, labelled: true, recalled: false, g,
    };
  };
  const counters = { red_cells: newCounters(), platelets: newCounters() };
  const ledger = {
    red_cells: { unitsIn: 0, issued: 0, outdated: 0, discarded: 0 },
    platelets: { unitsIn: 0, issued: 0, outdated: 0, discarded: 0 },
  };
  const emergency: EmergencyStats = { requests: 0, units: 0, unmet: 0, minutes: [], within60: 0, unmetByGroup: {}, rhdPositiveWithConsentUnits: 0, rhdPositiveWithConsentRequests: 0 };
  const testing: Record<SimClass, Map<number, SimUnit[]>> = { red_cells: new Map(), platelets: new Map() };
  const transfersDue: Record<SimClass, number[]> = { red_cells: zeros(), platelets: zeros() };
  const campaignDay = { red_cells: zeros(), platelets: zeros() };
  const lastLevel: Record<SimClass, AlertLevel[]> = { red_cells: GROUPS.map(() => 'green'), platelets: GROUPS.map(() => 'green') };
  const alertRun = zeros().map(() => -1); // first day of the current ≥ yellow run per RBC group
  const alertLeads: AlertLead[] = [];
  let minRhdPositiveDos = Number.POSITIVE_INFINITY;
  const prevDos = zeros().map(() => Number.POSITIVE_INFINITY);
  const collectionRecovery: { day: number; share: number }[] = [];

  let counting = false;
  /** Remove allocated units from a node; record issue to patients when `toPatient`. */
  const take = (node: Node, cls: SimClass, result: AllocationResult, day: number, toPatient: boolean): SimUnit[] => {
    const picks: { unitId: string; g: number }[] = [];
    for (const l of result.lines) for (const u of l.units) picks.push({ unitId: u.unitId, g: GROUP_INDEX.get(formatBloodGroup(u.donor)) as number });
    if (picks.length === 0) return [];
    const taken = node.stock[cls].remove(picks);
    if (toPatient) {
      ledger[cls].issued += taken.length;
      if (counting) {
        const c = counters[cls];
        for (const l of result.lines) for (const u of l.units) if (!u.identical) c.substituted++;
        const now = nowOf(day).getTime();
        for (const u of taken) c.ageSumDays += (now - u.collectedAt.getTime()) / DAY_MS;
      }
    }
    return taken;
  };
  const allocate = (node: Node, cls: SimClass, lines: AllocationLine[], policy: CompatibilityPolicy, day: number, expiringOnly = false): AllocationResult => {
    if (!expiringOnly) return allocateFromStock(node.stock[cls], lines, policy, nowOf(day), allocOptions);
    const end = nowOf(day + 1).getTime();
    const stock = node.stock[cls].candidates(lines, policy, 'LIFO').filter((u) => u.expiresAt.getTime() <= end);
    return allocateFefo({ lines, policy, now: nowOf(day) }, stock, allocOptions);
  };

  const forecastFor = (node: Node, cls: SimClass, g: number, day: number, n: number): number[] =>
    forecastDays(policies.forecaster, node.history[cls][g], PRIOR_DAYS + day, n);

  // initial stock: every node at its order-up-to target (RBC ages spread over 1–10 d, platelets 2–3 d)
  for (const n of nodes) {
    for (const cls of SIM_CLASSES) {
      for (let g = 0; g < NG; g++) {
        const fc = forecastFor(n, cls, g, 0, 7);
        const target = policies.replenishment.target(n.kind, cls, GROUPS[g], (k) => fc.slice(0, k).reduce((x, y) => x + y, 0));
        const units = Math.round(target);
        for (let i = 0; i < units; i++) {
          const age = cls === 'red_cells' ? 1 + (i % 10) : 2 + (i % 2);
          n.stock[cls].push(makeUnit(cls, g, -age));
          ledger[cls].unitsIn++;
        }
      }
    }
  }

  const series: DailySeries | undefined = options.keepSeries
    ? { date: [], stationStock: { red_cells: [], platelets: [] }, systemStock: { red_cells: [], platelets: [] }, stationDos: [], alert: [],
      collected: { red_cells: [], platelets: [] }, demand: { red_cells: [], platelets: [] } }
    : undefined;

  for (let day = 0; day < days; day++) {
    counting = day >= warmup;
    const now = nowOf(day);
    const nowMs = now.getTime();
    const { iso, weekday } = civilDate(startMs, day);
    const drift = 1 + scenario.driftPerYear * (day / 365);
    const demandWindow = windowFactor(scenario.demandWindows, day);
    const cityPeak = scenario.citywidePeaks.filter((p) => p.day === day).reduce((f, p) => f * p.factor, 1);
    const collWindow = windowFactor(scenario.collectionWindows, day);

    // 1. outdates
    for (const n of nodes) {
      for (const cls of SIM_CLASSES) {
        for (const u of n.stock[cls].sweep(nowMs)) {
          ledger[cls].outdated++;
          if (counting) counters[cls].outdated[n.kind][u.g]++;
        }
      }
    }
    // 2. releases and transfers in
    for (const cls of SIM_CLASSES) {
      const released = testing[cls].get(day) ?? [];
      testing[cls].delete(day);
      for (const u of released) {
        station.stock[cls].push(u);
        if (counting) counters[cls].received[u.g]++;
      }
      for (let g = 0; g < NG; g++) {
        for (let i = 0; i < transfersDue[cls][g]; i++) {
          station.stock[cls].push(makeUnit(cls, g, day - (cls === 'red_cells' ? 5 : 2)));
          ledger[cls].unitsIn++;
          if (counting) {
            counters[cls].received[g]++;
            counters[cls].transfersIn[g]++;
          }
        }
        transfersDue[cls][g] = 0;
      }
    }

    // 3. alerts per class and group
    const inTestingCount = (cls: SimClass, g: number): number => {
      let x = 0;
      for (const us of testing[cls].values()) for (const u of us) if (u.g === g) x++;
      return x;
    };
    const stockByGroup = (n: Node, cls: SimClass): number[] => {
      const a = zeros();
      for (let g = 0; g < NG; g++) a[g] = n.stock[cls].count(g);
      return a;
    };
    /** Baseline × weekday × (seasonal factor + recruitment lift). */
    const capacityFactor = (cls: SimClass, d: number, g: number, lift: number): number => {
      const wd = weekdayOf(startMs, d);
      const ratio = cls === 'red_cells' ? scenario.supplyRatio : scenario.plateletSupplyRatio;
      const base = groupMean[cls][g] * ratio * (1 + scenario.driftPerYear * (d / 365));
      // apheresis platelet donors come by appointment: no weekday pattern
      return base * (cls === 'red_cells' ? collWd[wd] : 1) * (windowFactor(scenario.collectionWindows, d) + lift);
    };
    const stationByGroup = { red_cells: stockByGroup(station, 'red_cells'), platelets: stockByGroup(station, 'platelets') };
    const downstream = { red_cells: zeros(), platelets: zeros() };
    for (const n of nodes) if (n.kind !== 'station') for (const cls of SIM_CLASSES) for (let g = 0; g < NG; g++) downstream[cls][g] += n.stock[cls].count(g);
    const cityForecast = { red_cells: GROUPS.map((_, g) => forecastFor(station, 'red_cells', g, day, 14)), platelets: GROUPS.map((_, g) => forecastFor(station, 'platelets', g, day, 14)) };
    const states: Record<SimClass, GroupState[]> = { red_cells: [], platelets: [] };
    const levels: Record<SimClass, AlertLevel[]> = { red_cells: [], platelets: [] };
    for (const cls of SIM_CLASSES) {
      for (let g = 0; g < NG; g++) {
        const lift = policies.recruitment.lift(lastLevel[cls][g], campaignDay[cls][g] > 0 ? day - campaignDay[cls][g] + 1 : 0, collWindow);
        const s: GroupState = {
          cls, group: GROUPS[g], day, stationStock: stationByGroup[cls][g], inTesting: inTestingCount(cls, g), downstreamStock: downstream[cls][g],
          forecast: (k) => cityForecast[cls][g][Math.min(k, 13)],
          expectedSupply: (k) => capacityFactor(cls, day + k, g, lift) * 1,
        };
        states[cls].push(s);
        const level = policies.alerts.level(s);
        levels[cls].push(level);
        lastLevel[cls][g] = level;
        if (policies.recruitment.triggers(level, collWindow)) {
          if (campaignDay[cls][g] === 0) campaignDay[cls][g] = day;
        } else campaignDay[cls][g] = 0;
        if (counting) {
          counters[cls].alertDays[level]++;
          counters[cls].alertDaysByGroup[level][g]++;
          counters[cls].dosSum[g] += Math.min(60, policies.alerts.daysOfSupply(s));
        }
      }
    }
    // alert lead time before station DOS < 3 (RBC)
    for (let g = 0; g < NG; g++) {
      const dos = policies.alerts.daysOfSupply(states.red_cells[g]);
      const lvl = levels.red_cells[g];
      if (severity(lvl) >= severity('yellow')) {
        if (alertRun[g] < 0) alertRun[g] = day;
      } else alertRun[g] = -1;
      if (counting) {
        if (dos < 3 && prevDos[g] >= 3) alertLeads.push({ group: GROUPS[g], day, leadDays: alertRun[g] < 0 ? 0 : day - alertRun[g] });
        if (GROUPS[g].endsWith('+')) minRhdPositiveDos = Math.min(minRhdPositiveDos, dos);
      }
      prevDos[g] = dos;
    }

    // 4. replenishment, top-down
    const replenish = (supplier: Node, cls: SimClass): void => {
      const kids = childrenOf(supplier);
      const lines: AllocationLine[] = [];
      const wanted = new Map<string, number>();
      for (const k of kids) {
        const onHand = stockByGroup(k, cls);
        for (let g = 0; g < NG; g++) {
          const fc = forecastFor(k, cls, g, day, 7);
          const target = policies.replenishment.target(k.kind, cls, GROUPS[g], (n) => fc.slice(0, n).reduce((s, x) => s + x, 0));
          const want = Math.max(0, Math.round(target - onHand[g]));
          if (want <= 0) continue;
          const cut = policies.alerts.cut(levels[cls][g], cls);
          const qty = Math.floor(want * (1 - cut));
          const lineId = `${k.index}|${g}`;
          wanted.set(lineId, want);
          if (qty > 0) lines.push({ lineId, componentClass: cls, recipient: GROUP_OBJ[g], quantity: qty });
        }
      }
      const result = lines.length > 0 ? allocate(supplier, cls, lines, IDENTICAL_ONLY, day) : { lines: [] } as unknown as AllocationResult;
      const moved = take(supplier, cls, result, day, false);
      const byId = new Map(moved.map((u) => [u.id, u]));
      const got = new Map<string, number>();
      for (const l of result.lines) {
        got.set(l.lineId, l.allocatedQuantity);
        const kid = nodes[Number(l.lineId.split('|')[0])];
        for (const id of l.unitIds) kid.stock[cls].push(byId.get(id) as SimUnit);
      }
      if (counting && cls === 'red_cells') {
        for (const k of kids) {
          if (k.kind !== 'hospital') continue;
          let ordered = false, full = true;
          for (let g = 0; g < NG; g++) {
            const w = wanted.get(`${k.index}|${g}`);
            if (w === undefined) continue;
            ordered = true;
            if ((got.get(`${k.index}|${g}`) ?? 0) < w) full = false;
          }
          if (ordered) {
            counters[cls].orders++;
            if (full) counters[cls].ordersFilled++;
          }
        }
      }
    };
    for (const cls of SIM_CLASSES) {
      replenish(station, cls);
      for (const sp of sps) replenish(sp, cls);
    }

    // 5. patient demand
    let anyShort: Record<SimClass, boolean> = { red_cells: false, platelets: false };
    const dayDemand = { red_cells: 0, platelets: 0 };
    const demandToday = nodes.map(() => ({ red_cells: zeros(), platelets: zeros() }));
    const pending: Record<SimClass, { h: Node; lines: AllocationLine[]; open: AllocationLine[] }[]> = { red_cells: [], platelets: [] };
    for (const h of hospitals) {
      const spec = hospitalSpec(h);
      const peak = rngPeak.next() < scenario.peakDaysPerYear / 365 ? scenario.peakFactor : 1;
      for (const cls of SIM_CLASSES) {
        const base = (cls === 'red_cells' ? spec.rbcPerDay : spec.pltPerDay) * demandWd[cls][weekday] * drift;
        const f = cls === 'red_cells' ? demandWindow * cityPeak * peak : 1;
        const lines: AllocationLine[] = [];
        for (let g = 0; g < NG; g++) {
          const q = negativeBinomial(rngDemand, base * f * mixOf[cls][g], cfg[cls].dispersion);
          demandToday[h.index][cls][g] = q;
          if (q > 0) lines.push({ lineId: `${h.index}|${g}`, componentClass: cls, recipient: GROUP_OBJ[g], quantity: q });
        }
        if (lines.length === 0) continue;
        const res = allocate(h, cls, lines, policies.substitution, day);
        take(h, cls, res, day, true);
        const open = res.lines.filter((l) => l.unfilledQuantity > 0).map((l) => ({ lineId: l.lineId, componentClass: cls, recipient: l.recipient, quantity: l.unfilledQuantity }));
        pending[cls].push({ h, lines, open });
      }
    }
    // same-day top-ups, batched per supplier: storage points, then the station (then, for platelets, the
    // ABO-compatible shortfall pass)
    for (const cls of SIM_CLASSES) {
      const unfilled = new Map<string, number>();
      for (const p of pending[cls]) for (const l of p.open) unfilled.set(l.lineId, l.quantity);
      const pass = (src: Node, lineIds: string[], policy: CompatibilityPolicy, expiringOnly = false): void => {
        const lines: AllocationLine[] = [];
        for (const id of lineIds) {
          const q = unfilled.get(id) ?? 0;
          if (q > 0) lines.push({ lineId: id, componentClass: cls, recipient: GROUP_OBJ[Number(id.split('|')[1])], quantity: q });
        }
        if (lines.length === 0) return;
        const r = allocate(src, cls, lines, policy, day, expiringOnly);
        take(src, cls, r, day, true);
        for (const l of r.lines) unfilled.set(l.lineId, l.unfilledQuantity);
      };
      for (const sp of sps) pass(sp, pending[cls].filter((p) => p.h.parent === sp.index).flatMap((p) => p.open.map((l) => l.lineId)), policies.substitution);
      const all = pending[cls].flatMap((p) => p.open.map((l) => l.lineId));
      if (cls === 'platelets' && policies.plateletExpiringCrossGroup && policies.plateletShortfallSubstitution !== null) {
        // units on their last usable day go first, to ABO-identical then ABO-compatible recipients
        pass(station, all, policies.plateletShortfallSubstitution, true);
      }
      pass(station, all, policies.substitution);
      if (cls === 'platelets' && policies.plateletShortfallSubstitution !== null) pass(station, all, policies.plateletShortfallSubstitution);
      for (const p of pending[cls]) {
        for (const l of p.lines) {
          const g = Number(l.lineId.split('|')[1]);
          dayDemand[cls] += l.quantity;
          const miss = unfilled.get(l.lineId) ?? 0;
          if (counting) {
            counters[cls].demanded[g] += l.quantity;
            counters[cls].issued[g] += l.quantity - miss;
            counters[cls].short[g] += miss;
          }
          if (miss > 0) anyShort[cls] = true;
        }
      }
    }

    // 6. emergencies (RBC)
    const requests: { hospital: Node; minute: number; units: number; g: number }[] = [];
    for (const h of hospitals) {
      const k = poisson(rngEmergency, hospitalSpec(h).emergencyPerDay);
      for (let i = 0; i < k; i++) {
        const [lo, hi] = scenario.emergencySize;
        const units = lo + Math.floor(rngEmergency.next() * (hi - lo + 1));
        const untyped = rngEmergency.next() < UNTYPED_EMERGENCY_SHARE;
        let g = 0;
        if (!untyped) {
          const u = rngEmergency.next();
          let acc = 0;
          for (g = 0; g < NG - 1; g++) if ((acc += mix[g]) > u) break;
        }
        requests.push({ hospital: h, minute: Math.floor(rngEmergency.next() * 1440), units, g });
      }
    }
    for (const ev of scenario.emergencyEvents) {
      if (ev.day !== day) continue;
      for (const r of ev.requests) requests.push({ hospital: hospitals[ev.hospital], minute: ev.minute + r.afterMinutes, units: r.units, g: GROUPS.indexOf(r.group) });
    }
    requests.sort((a, b) => a.minute - b.minute || a.hospital.index - b.hospital.index);
    let neighbourLeft = GROUPS.map((gc) => (gc.endsWith('-') ? scenario.transferCapacity.rhdNegative : scenario.transferCapacity.rhdPositive));
    for (const rq of requests) {
      let open: AllocationLine[] = [{ lineId: 'e', componentClass: 'red_cells', recipient: GROUP_OBJ[rq.g], quantity: rq.units }];
      let minutes = 0;
      const legs: [Node, number, number][] = [];
      for (let n: Node | null = rq.hospital; n !== null; n = n.parent === null ? null : nodes[n.parent]) {
        legs.push([n, n.kind === 'hospital' ? 5 : n.kind === 'storage_point' ? 25 : 35, n.kind === 'hospital' ? 10 : n.kind === 'storage_point' ? 15 : 30]);
      }
      /** Walks the supply chain up from the hospital under `policy`; returns the units issued. */
      const walkLegs = (policy: CompatibilityPolicy): number => {
        let issued = 0;
        for (const [n, base, spread] of legs) {
          if (open.length === 0) break;
          const r = allocate(n, 'red_cells', open, policy, day);
          const got = take(n, 'red_cells', r, day, true);
          if (got.length > 0) minutes = Math.max(minutes, base + rngEmergency.next() * spread);
          issued += got.length;
          open = r.lines.filter((l) => l.unfilledQuantity > 0).map((l) => ({ ...open[0], quantity: l.unfilledQuantity }));
        }
        return issued;
      };
      walkLegs(policies.emergencySubstitution);
      if (open.length > 0) {
        // transfer from a neighbouring station (same group, else O of the same RhD)
        let need = open[0].quantity;
        for (const g of [rq.g, GROUPS.indexOf(GROUP_OBJ[rq.g].rhd === 'POS' ? 'O+' : 'O-')]) {
          const t = Math.min(need, neighbourLeft[g]);
          if (t > 0) {
            neighbourLeft[g] -= t;
            need -= t;
            ledger.red_cells.unitsIn += t;
            ledger.red_cells.issued += t;
            if (counting) {
              counters.red_cells.transfersIn[g] += t;
              counters.red_cells.received[g] += t;
              counters.red_cells.ageSumDays += t * 5;
            }
            minutes = Math.max(minutes, 120 + rngEmergency.next() * 60);
          }
          if (need === 0) break;
        }
        open = need > 0 ? [{ ...open[0], quantity: need }] : [];
      }
      let consentUnits = 0;
      if (open.length > 0 && policies.emergencyConsentFallback && GROUP_OBJ[rq.g].rhd === 'NEG') {
        // Last resort for an RhD− patient in a life-threatening emergency with no RhD− blood anywhere: ABO-compatible
        // RhD+ red cells with signed consent, when the patient has no anti-D (china-blood-service-rules §5.4).
        consentUnits = walkLegs(policies.emergencyConsentFallback);
      }
      const miss = open.length > 0 ? open[0].quantity : 0;
      if (counting) {
        emergency.requests++;
        emergency.units += rq.units;
        emergency.unmet += miss;
        if (miss > 0) emergency.unmetByGroup[GROUPS[rq.g]] = (emergency.unmetByGroup[GROUPS[rq.g]] ?? 0) + miss;
        if (consentUnits > 0) {
          emergency.rhdPositiveWithConsentUnits += consentUnits;
          emergency.rhdPositiveWithConsentRequests++;
        }
        if (miss < rq.units) emergency.minutes.push(minutes);
        if (miss === 0 && minutes <= 60) emergency.within60++;
        counters.red_cells.demanded[rq.g] += rq.units;
        counters.red_cells.issued[rq.g] += rq.units - miss;
        counters.red_cells.short[rq.g] += miss;
      }
      if (miss > 0) anyShort.red_cells = true;
      dayDemand.red_cells += rq.units;
      demandToday[rq.hospital.index].red_cells[rq.g] += rq.units;
    }
    for (const cls of SIM_CLASSES) {
      if (counting) {
        counters[cls].countedDays++;
        if (anyShort[cls]) counters[cls].shortageDays++;
      }
    }
    // record demand history (hospitals, storage points, station)
    for (const n of nodes) {
      for (const cls of SIM_CLASSES) {
        for (let g = 0; g < NG; g++) {
          let x = 0;
          for (const i of suppliedBy[n.index]) x += demandToday[i][cls][g];
          n.history[cls][g].push(x);
        }
      }
    }

    // 7. collections and transfers between stations
    const collectedToday = { red_cells: 0, platelets: 0 };
    for (const cls of SIM_CLASSES) {
      const c = cfg[cls];
      for (let g = 0; g < NG; g++) {
        const s = states[cls][g];
        const level = levels[cls][g];
        const daysIn = campaignDay[cls][g] > 0 ? day - campaignDay[cls][g] + 1 : 0;
        const lift = policies.recruitment.lift(level, daysIn, collWindow);
        const capacity = poisson(rngSupply, capacityFactor(cls, day, g, lift) / (1 - discardShare[cls]));
        // planning happens after today's demand: forecasts from tomorrow on
        const fcStation = forecastFor(station, cls, g, day + 1, 14);
        let planState: GroupState = { ...s, forecast: (k) => fcStation[Math.min(k, 13)] };
        let stationTarget = policies.replenishment.target('station', cls, GROUPS[g], (n) => fcStation.slice(0, n).reduce((a2, x) => a2 + x, 0));
        if (cls === 'platelets') {
          // age-aware (as the S6 replay): stock projected to be still usable when today's collection is released
          const releaseMs = nowOf(day + c.testingDays).getTime();
          const lives: number[] = station.stock.platelets.sorted(g).map((u) => u.expiresAt.getTime());
          for (const [due, us] of testing.platelets) if (due < day + c.testingDays) for (const u of us) if (u.g === g) lives.push(u.expiresAt.getTime());
          lives.sort((x, y) => x - y);
          for (let k = 0; k < c.testingDays - 1; k++) {
            let need = fcStation[k];
            while (need >= 1 && lives.length > 0) {
              lives.shift();
              need -= 1;
            }
          }
          const usable = lives.filter((t) => t > releaseMs).length;
          planState = { ...planState, stationStock: usable, inTesting: 0, projectedAtRelease: true };
          stationTarget -= fcStation.slice(0, c.testingDays - 1).reduce((a2, x) => a2 + x, 0);
        }
        const n = policies.collection.collect(planState, capacity, stationTarget, level);
        if (scenario.collectionWindows.length > 0 && cls === 'red_cells' && collWindow < 1) {
          // expected donor capacity with recruitment as a share of the no-holiday baseline, weighted by the group mix
          if (g === 0) collectionRecovery.push({ day, share: 0 });
          const last = collectionRecovery[collectionRecovery.length - 1];
          collectionRecovery[collectionRecovery.length - 1] = { day, share: last.share + (collWindow + lift) * mix[g] };
        }
        ledger[cls].unitsIn += n;
        collectedToday[cls] += n;
        if (counting) counters[cls].collected[g] += n;
        const tti = binomial(rngSupply, n, c.discard.tti);
        const lip = binomial(rngSupply, n - tti, c.discard.lipaemia / (1 - c.discard.tti));
        const oth = binomial(rngSupply, n - tti - lip, c.discard.other / (1 - c.discard.tti - c.discard.lipaemia));
        ledger[cls].discarded += tti + lip + oth;
        if (counting) {
          counters[cls].discarded.tti += tti;
          counters[cls].discarded.lipaemia += lip;
          counters[cls].discarded.other += oth;
        }
        const ok = n - tti - lip - oth;
        if (ok > 0) {
          const due = day + c.testingDays;
          const list = testing[cls].get(due) ?? [];
          for (let i = 0; i < ok; i++) list.push(makeUnit(cls, g, day));
          testing[cls].set(due, list);
        }
        if (cls === 'red_cells') {
          const cap = GROUPS[g].endsWith('-') ? scenario.transferCapacity.rhdNegative : scenario.transferCapacity.rhdPositive;
          transfersDue[cls][g] = policies.transfers.request(s, level, stationTarget, Math.min(cap, neighbourLeft[g]));
        }
      }
    }
    neighbourLeft = [];

    if (series) {
      series.date.push(iso);
      for (const cls of SIM_CLASSES) {
        series.stationStock[cls].push(stockByGroup(station, cls));
        let sys = 0;
        for (const n of nodes) sys += n.stock[cls].size;
        series.systemStock[cls].push(sys);
        series.collected[cls].push(collectedToday[cls]);
        series.demand[cls].push(dayDemand[cls]);
      }
      series.stationDos.push(states.red_cells.map((s) => Math.round(Math.min(60, policies.alerts.daysOfSupply(s)) * 100) / 100));
      series.alert.push(levels.red_cells.map((l) => ALERT_LEVELS.indexOf(l)));
    }
  }

  const finalLedger = (cls: SimClass): Ledger => {
    let onHand = 0;
    for (const n of nodes) onHand += n.stock[cls].size;
    let inTesting = 0;
    for (const us of testing[cls].values()) inTesting += us.length;
    return { ...ledger[cls], onHand, inTesting };
  };
  return {
    scenario: scenario.id, seed, counters, emergency, alertLeads, minRhdPositiveDos, collectionRecovery,
    ledger: { red_cells: finalLedger('red_cells'), platelets: finalLedger('platelets') },
    series,
  };
}

export { GROUPS as SIM_GROUPS, NODE_KINDS };
export type { Rng };
