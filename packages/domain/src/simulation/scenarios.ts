/**
 * Benchmark scenarios S1–S7 of supply-chain-benchmarks.md §8 as data. S6 (the Stanford replay) runs through
 * `replay.ts`; S7 is S1 under each issuing order.
 */
import type { BloodGroupCode } from '../abo-rh/blood-group.ts';
import type { ClassConfig, EmergencyEvent, FactorWindow, HospitalSpec, ScenarioConfig } from './model.ts';

/** Scenario ids accepted by the CLI. */
export type ScenarioId = 'S1' | 'S2' | 'S3' | 'S4' | 'S5' | 'S6' | 'S7';
export const SCENARIO_IDS: readonly ScenarioId[] = ['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7'];

const START = '2025-03-01';
const dayOf = (iso: string): number => Math.round((Date.parse(`${iso}T12:00:00+08:00`) - Date.parse(`${START}T12:00:00+08:00`)) / 86_400_000);

/** §6/§8: ABO O/A/B/AB = 34.2/28.7/28.2/8.9 %, RhD− 0.4 % of each. */
export const CHINA_GROUP_MIX: Readonly<Record<BloodGroupCode, number>> = (() => {
  const abo = { O: 0.342, A: 0.287, B: 0.282, AB: 0.089 };
  const neg = 0.004;
  const out = {} as Record<BloodGroupCode, number>;
  for (const [g, p] of Object.entries(abo)) {
    out[`${g}+` as BloodGroupCode] = p * (1 - neg);
    out[`${g}-` as BloodGroupCode] = p * neg;
  }
  return out;
})();

/** §8 RBC weekday factors, index 0 = Sunday: Mon–Fri 1.0, Sat 0.8, Sun 0.7 (normalised in the model). */
export const RBC_WEEKDAY = [0.7, 1, 1, 1, 1, 1, 0.8] as const;
/**
 * Stanford platelet weekday means (§4), re-labelled to the true days (the source labels are shifted by one:
 * the low pair labelled Sn/M is Sat/Sun). Index 0 = Sunday.
 */
export const STANFORD_PLT_WEEKDAY = [28.4, 37.5, 37.4, 39.1, 37.8, 40.5, 27.2] as const;

const RBC: ClassConfig = {
  productId: 'SRBC_MAP', testingDays: 1, demandWeekday: RBC_WEEKDAY, dispersion: 1.75,
  // Zhengzhou 2013-17: non-test discard 3.2 %, lipaemia 2.8 % (§2a); TTI-unqualified assumed 1 %
  discard: { tti: 0.01, lipaemia: 0.028, other: 0.004 },
};
const PLT: ClassConfig = {
  productId: 'PLT_APH_5D', testingDays: 2, demandWeekday: STANFORD_PLT_WEEKDAY, dispersion: 1.75,
  // China prefecture stations: apheresis PLT discard 0.28 % (§2b); TTI assumed 0.5 %
  discard: { tti: 0.005, lipaemia: 0, other: 0.003 },
};

function hospitals(): HospitalSpec[] {
  const out: HospitalSpec[] = [];
  for (let i = 0; i < 8; i++) out.push({ name: `large-${i + 1}`, rbcPerDay: 30, pltPerDay: 4, storagePoint: null, emergencyPerDay: 0.15 });
  for (let i = 0; i < 12; i++) out.push({ name: `small-${i + 1}`, rbcPerDay: 5, pltPerDay: 2 / 3, storagePoint: i < 6 ? 0 : 1, emergencyPerDay: 0.03 });
  return out;
}

/** S1 steady city: 1 station, 2 storage points, 20 hospitals; 300 RBC/day, 40 PLT/day; supply = demand × 1.02. */
export function steadyCity(): ScenarioConfig {
  return {
    id: 'S1', title: 'Steady city 稳态城市', days: 730, warmupDays: 60, startDate: START, storagePoints: 2, hospitals: hospitals(),
    groupMix: CHINA_GROUP_MIX, rbc: RBC, platelets: PLT, supplyRatio: 1.02, plateletSupplyRatio: 2,
    collectionWeekday: [1.2, 0.95, 0.95, 0.95, 0.95, 1, 1.2], collectionWindows: [], demandWindows: [],
    driftPerYear: 0.04, peakDaysPerYear: 14, peakFactor: 1.69, citywidePeaks: [], emergencyEvents: [], emergencySize: [4, 10],
    transferCapacity: { rhdPositive: 20, rhdNegative: 4 },
  };
}

function springFestivalWindows(): { collection: FactorWindow[]; demand: FactorWindow[] } {
  const collection: FactorWindow[] = [];
  const demand: FactorWindow[] = [];
  for (const cny of ['2026-02-17', '2027-02-06']) {
    const d = dayOf(cny);
    collection.push({ startDay: d - 7, days: 21, factor: 0.6, label: `Spring Festival ${cny} collections ×0.6` });
    demand.push({ startDay: d, days: 7, factor: 0.85, label: 'holiday week demand ×0.85' });
    demand.push({ startDay: d + 7, days: 14, factor: 1.1, label: 'post-holiday demand +10 %' });
  }
  for (const [from, to] of [['2025-12-01', '2026-03-01'], ['2026-12-01', '2027-03-01']]) {
    demand.push({ startDay: dayOf(from), days: dayOf(to) - dayOf(from), factor: 1.05, label: 'winter demand +5 %' });
  }
  return { collection, demand };
}

/** S2 Spring Festival: collections ×0.6 for 21 days (CNY −7…+14), demand 0.85× in the holiday week then +10 % for 2 weeks; winter +5 %. */
export function springFestival(): ScenarioConfig {
  const w = springFestivalWindows();
  return { ...steadyCity(), id: 'S2', title: 'Spring Festival 春节', collectionWindows: w.collection, demandWindows: w.demand };
}

/** S3 summer student holiday: collections ×0.8 for 8 weeks (July–August). */
export function summerHoliday(): ScenarioConfig {
  return {
    ...steadyCity(), id: 'S3', title: 'Summer student holiday 暑假',
    collectionWindows: ['2025-07-01', '2026-07-01'].map((d) => ({ startDay: dayOf(d), days: 56, factor: 0.8, label: `summer holiday ${d.slice(0, 4)} ×0.8` })),
  };
}

/** S4 mass casualty: one hospital +50 RBC units (O-heavy) within 6 h, on a citywide +69 % peak day. */
export function massCasualty(): ScenarioConfig {
  const day = dayOf('2026-04-15');
  const requests: EmergencyEvent['requests'] = [
    { units: 10, group: 'O+', afterMinutes: 0 }, { units: 10, group: 'O+', afterMinutes: 45 }, { units: 8, group: 'A+', afterMinutes: 120 },
    { units: 8, group: 'O+', afterMinutes: 180 }, { units: 6, group: 'B+', afterMinutes: 240 }, { units: 8, group: 'O+', afterMinutes: 330 },
  ];
  return {
    ...steadyCity(), id: 'S4', title: 'Mass casualty 突发批量伤员',
    citywidePeaks: [{ day, factor: 1.69, label: 'citywide peak day +69 %' }],
    emergencyEvents: [{ day, hospital: 0, minute: 22 * 60 - 30, requests, label: 'mass casualty: +50 U in 6 h' }],
  };
}

/** S5 RhD− and rare: RhD− demand at 0.4 % of RBC plus one RhD− massive-transfusion patient (10 units). */
export function rhdNegative(): ScenarioConfig {
  return {
    ...steadyCity(), id: 'S5', title: 'RhD-negative 稀有血型',
    emergencyEvents: [{ day: dayOf('2026-01-10'), hospital: 10, minute: 14 * 60, label: 'RhD− massive transfusion 10 U',
      requests: [{ units: 4, group: 'O-', afterMinutes: 0 }, { units: 4, group: 'O-', afterMinutes: 60 }, { units: 2, group: 'O-', afterMinutes: 180 }] }],
  };
}

/**
 * @param id - S1–S5 or S7 (S7 runs S1; S6 is the replay)
 * @returns the scenario data
 */
export function scenarioConfig(id: Exclude<ScenarioId, 'S6'>): ScenarioConfig {
  switch (id) {
    case 'S1':
      return steadyCity();
    case 'S2':
      return springFestival();
    case 'S3':
      return summerHoliday();
    case 'S4':
      return massCasualty();
    case 'S5':
      return rhdNegative();
    case 'S7':
      return { ...steadyCity(), id: 'S7', title: 'Issuing ablation 发血顺序对比' };
  }
}
