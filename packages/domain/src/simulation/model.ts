/**
 * Scenario and policy types of the city supply-chain simulator. A scenario is data; policies are small
 * interfaces so that another implementation (e.g. the issue-5 three-tier reserve) can be plugged in.
 */
import type { CompatibilityPolicy } from '../abo-rh/compatibility.ts';
import type { AlertLevel, AlertThresholds } from '../allocation/days-of-supply.ts';
import type { IssuingOrder } from '../allocation/fefo.ts';
import type { BloodGroupCode } from '../abo-rh/blood-group.ts';
import type { Forecaster } from './forecast.ts';

/** Simulated component classes. */
export type SimClass = 'red_cells' | 'platelets';
export const SIM_CLASSES: readonly SimClass[] = ['red_cells', 'platelets'];

/** Echelon of a stock-holding node. */
export type NodeKind = 'station' | 'storage_point' | 'hospital';

/** A window of days (0-based simulation days) with a multiplicative factor. */
export interface FactorWindow {
  readonly startDay: number;
  readonly days: number;
  readonly factor: number;
  readonly label: string;
}

export interface HospitalSpec {
  readonly name: string;
  /** Mean RBC units per day (before weekday factors and drift). */
  readonly rbcPerDay: number;
  /** Mean therapeutic platelet doses per day. */
  readonly pltPerDay: number;
  /** Index of the storage point that supplies it, or `null` for the station. */
  readonly storagePoint: number | null;
  /** Emergency (抢救) requests per day (Poisson). */
  readonly emergencyPerDay: number;
}

/** A one-off emergency demand (mass casualty, massive transfusion). */
export interface EmergencyEvent {
  readonly day: number;
  readonly hospital: number;
  /** Minute of the day of the first request. */
  readonly minute: number;
  /** Requests: units and recipient group (`O+` for an untyped patient). */
  readonly requests: readonly { readonly units: number; readonly group: BloodGroupCode; readonly afterMinutes: number }[];
  readonly label: string;
}

/** Discard causes before release (fraction of collected units). */
export interface DiscardRates {
  /** Unqualified TTI screening. */
  readonly tti: number;
  /** Lipaemia and other appearance defects (Zhengzhou: 2.8 % of RBC). */
  readonly lipaemia: number;
  /** Bag damage, volume, cold chain. */
  readonly other: number;
}

export interface ClassConfig {
  /** Catalogue product id; its shelf life comes from the component catalogue. */
  readonly productId: string;
  /** Days from collection until release into stock (testing). */
  readonly testingDays: number;
  /** Demand weekday factors, index 0 = Sunday (JS `getUTCDay` of the civil date). */
  readonly demandWeekday: readonly number[];
  /** Variance ÷ mean of daily demand per hospital and group. */
  readonly dispersion: number;
  readonly discard: DiscardRates;
}

export interface ScenarioConfig {
  readonly id: string;
  readonly title: string;
  /** Simulated days, including warm-up. */
  readonly days: number;
  readonly warmupDays: number;
  /** First simulated date (civil, China Standard Time), e.g. `2025-01-01`. */
  readonly startDate: string;
  readonly storagePoints: number;
  readonly hospitals: readonly HospitalSpec[];
  /**
   * Share of each ABO/RhD group in donors and patients. Platelet demand uses the ABO shares with RhD+ only
   * (RhD− platelet patients are served by planned apheresis or RhD+ platelets with anti-D: outside this model).
   */
  readonly groupMix: Readonly<Record<BloodGroupCode, number>>;
  readonly rbc: ClassConfig;
  readonly platelets: ClassConfig;
  /** Usable RBC supply capacity ÷ expected demand (S1: 1.02). */
  readonly supplyRatio: number;
  /** Apheresis platelet capacity ÷ expected demand (donors booked by appointment; the plan, not capacity, binds). */
  readonly plateletSupplyRatio: number;
  /** Collection weekday factors (index 0 = Sunday), normalised to mean 1 inside the model. */
  readonly collectionWeekday: readonly number[];
  /** Collection factors (Spring Festival, summer holiday, winter …). */
  readonly collectionWindows: readonly FactorWindow[];
  /** RBC demand factors (holiday dip, post-holiday rebound, winter). */
  readonly demandWindows: readonly FactorWindow[];
  /** Demand drift per year (§8: +4 %/yr); supply capacity follows it. */
  readonly driftPerYear: number;
  /** Peak days per hospital per year and their factor (§4: 14/yr, +69 %). */
  readonly peakDaysPerYear: number;
  readonly peakFactor: number;
  /** Citywide peak days (simulation days) with their factor. */
  readonly citywidePeaks: readonly { readonly day: number; readonly factor: number; readonly label: string }[];
  readonly emergencyEvents: readonly EmergencyEvent[];
  /** Units in one emergency request (uniform integer range). */
  readonly emergencySize: readonly [number, number];
  /** Neighbouring stations' daily transfer capacity per group (RBC units), for transfers between stations. */
  readonly transferCapacity: Readonly<Record<'rhdPositive' | 'rhdNegative', number>>;
}

/** What a policy may read about one group at the station on one day. */
export interface GroupState {
  readonly cls: SimClass;
  readonly group: BloodGroupCode;
  readonly day: number;
  /** Station issuable stock (units). */
  readonly stationStock: number;
  /** Units in testing, by release day offset (index 0 = released tomorrow). */
  readonly inTesting: number;
  /** Stock at storage points and hospitals. */
  readonly downstreamStock: number;
  /** Forecast citywide demand of the group for day `day + k`. */
  forecast(k: number): number;
  /** True when `stationStock` is already the stock projected usable at release of today's collection (platelets). */
  readonly projectedAtRelease?: boolean;
  /** Expected usable collections of the group for day `day + k` at the current capacity (before policy caps). */
  expectedSupply(k: number): number;
}

/** Alerts and cuts (§3): a level per class and group; the cut withheld from routine hospital replenishment. */
export interface AlertPolicy {
  readonly name: string;
  level(s: GroupState): AlertLevel;
  /** Share (0–1) of routine replenishment withheld at a level. */
  cut(level: AlertLevel, cls: SimClass): number;
  /** Station days of supply (for reports). */
  daysOfSupply(s: GroupState): number;
}

/** Order-up-to targets of the three tiers (the reserve policy). */
export interface ReplenishmentPolicy {
  readonly name: string;
  /**
   * Target stock (units) of a node for one class and group after today's delivery.
   * @param forecastDays - forecast demand of that node and group summed over the next `n` days
   */
  target(kind: NodeKind, cls: SimClass, group: BloodGroupCode, forecastDays: (n: number) => number): number;
}

/** How many units to collect today for one class and group, given the capacity of the day. */
export interface CollectionPolicy {
  readonly name: string;
  collect(s: GroupState, capacity: number, stationTarget: number, level: AlertLevel): number;
}

/** Donor recruitment response (targeted recall) to alerts: extra collection capacity as a factor of baseline. */
export interface RecruitmentPolicy {
  readonly name: string;
  /**
   * Extra collections as a share of baseline capacity (added to the seasonal factor).
   * @param daysInCampaign - days since the campaign for the group started (0 = none running)
   * @param seasonalFactor - today's collection factor (e.g. 0.6 in the Spring Festival)
   */
  lift(level: AlertLevel, daysInCampaign: number, seasonalFactor: number): number;
  /** Whether a level or a seasonal collection dip starts (or keeps) a campaign. */
  triggers(level: AlertLevel, seasonalFactor: number): boolean;
}

/** Transfers between stations: units requested from neighbouring stations today (arrive tomorrow). */
export interface TransferPolicy {
  readonly name: string;
  request(s: GroupState, level: AlertLevel, stationTarget: number, capacity: number): number;
}

/** All policies of one run. */
export interface SimulationPolicies {
  readonly issuingOrder: IssuingOrder;
  readonly modifiedFifoYoungDays?: number;
  /** Routine substitution policy at hospitals and the station. */
  readonly substitution: CompatibilityPolicy;
  /** Emergency substitution policy (untyped patients get O). */
  readonly emergencySubstitution: CompatibilityPolicy;
  /**
   * RhD− emergency patients only, after every RhD− source (hospital, storage point, station, neighbouring stations)
   * is empty: a last pass under this policy, normally `emergencyPolicy({ antiD: false, rhdPositiveConsent: true })`
   * (RhD+ with signed consent for a patient without anti-D, china-blood-service-rules §5.4). `null` = none (unmet).
   */
  readonly emergencyConsentFallback?: CompatibilityPolicy | null;
  /**
   * Platelets only: when no ABO-identical dose is left at the station, a second pass under this policy (the
   * emergency rule's ABO-compatible platelets); `null` = identical only (a shortage instead).
   */
  readonly plateletShortfallSubstitution: CompatibilityPolicy | null;
  /**
   * Platelets only: issue doses on their last usable day first, ABO-identical then ABO-compatible (under
   * `plateletShortfallSubstitution`), before fresher identical doses. Off by default: routine practice in China is
   * ABO-identical apheresis platelets; this is the non-identical-issue trade the NHSBT accepts to cut waste.
   */
  readonly plateletExpiringCrossGroup?: boolean;
  readonly replenishment: ReplenishmentPolicy;
  readonly alerts: AlertPolicy;
  readonly alertThresholds?: AlertThresholds;
  readonly collection: CollectionPolicy;
  readonly recruitment: RecruitmentPolicy;
  readonly transfers: TransferPolicy;
  readonly forecaster: Forecaster;
}
