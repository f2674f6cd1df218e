/**
 * Deterministic demo data for a Chinese city central blood station (市中心血站), calibrated to Weifang
 * (潍坊: ≈112,100 donations and 193,600 U of whole blood a year, seed 003) and Jingzhou (荆州: 255 hospitals,
 * apheresis ≈ 5 % of donors at ≈ 1.8 doses each, seed 004); see `shared/data/seed-scenarios.json`.
 *
 * The generator is a day-by-day simulation, pure (no I/O) and seeded, so the same scale, station code and
 * `now` always give the same rows:
 * - collection (whole blood 200/300/400 ml; apheresis platelets 1–2 doses) → component preparation within
 *   the FFP 6-hour limit (suspended RBC, FFP or virus-inactivated FFP; some FFP later → cryo + cryo-poor FP)
 *   → test results in lab batches (≈ 1.5 % unqualified, discarded with the reason code) → release and label;
 * - the station keeps ≈ 7.5–9 days of red cells per ABO/RhD group (issues what is above that target, FEFO),
 *   replenishes two storage points (储血点, ≈ 3 days) and fills hospital orders (routine and emergency) that
 *   are issued, handed over, received, and transfused at the hospitals (which hold ≈ 2–3 days);
 * - rare groups are topped up the way stations do it: RhD-negative and platelet donors are called in when
 *   stock runs low; expired units are swept with an `expire` event.
 * History ends at `now`: nothing happens after it, so the last hours leave donations untested (quarantine),
 * orders allocated but not yet issued, and a few orders just submitted.
 *
 * Every row gets an explicit id from the caller's id bases; the loader inserts with OVERRIDING SYSTEM VALUE
 * and moves the identity sequences past them.
 */
import type { AboGroup, ComponentClass, RhD, Role, UnitStatus } from '@redbridge/domain/types';
import { BulkTable } from './bulk-table.ts';
import { DEMO_USERS, type DemoUserOrg } from './demo-users.ts';
import {
  computeExpiry, computeResidentIdCheckDigit, concludeTests, dinCheckCharacter, getProduct, quantityFor,
  type DonationTestResults, type ProductDefinition, type TestConclusion,
} from './domain.ts';
import {
  DONATION_SITES, GIVEN_FEMALE, GIVEN_MALE, NAMED_HOSPITALS, PRIVATE_HOSPITAL_WORDS, STORAGE_POINTS, SURNAMES, TOWNS,
  WARDS, WEIFANG_REGIONS, type HospitalSeed,
} from './names.ts';
import { Prng, seedFrom } from './prng.ts';

// ---------------------------------------------------------------------------------------------------------
// Scales and calibration

export type DemoScale = 'small' | 'city';

export interface DemoScaleConfig {
  /** Days of history ending today (Asia/Shanghai). */
  readonly days: number;
  readonly hospitals: number;
  /** Mean whole-blood donations per day (before weekday/season factors). */
  readonly wholeBloodPerDay: number;
  /** Mean apheresis platelet donations per day. */
  readonly apheresisPerDay: number;
  /**
   * RhD-negative red cells (U, available + coming) the station keeps per ABO group: below it a RhD-negative
   * donor (稀有血型献血者) is called in, and the station does not issue below it.
   */
  readonly negRbcReserve: Readonly<Record<AboGroup, number>>;
}

/**
 * `small`: two months, 10 hospitals, ≈ 2,400 donations (fast enough for tests and first start).
 * `city`: one year at Weifang's scale (≈ 112,000 donations), 250 hospitals (Jingzhou has 255).
 */
export const DEMO_SCALES: Readonly<Record<DemoScale, DemoScaleConfig>> = {
  small: { days: 60, hospitals: 10, wholeBloodPerDay: 38, apheresisPerDay: 2, negRbcReserve: { O: 2, A: 2, B: 2, AB: 1 } },
  city: { days: 365, hospitals: 250, wholeBloodPerDay: 292, apheresisPerDay: 15.5, negRbcReserve: { O: 6, A: 5, B: 5, AB: 2 } },
};

/** ABO mix of Han Chinese donors (Shandong): O 34.2 %, A 28.7 %, B 28.2 %, AB 8.9 %; RhD-negative 0.4 %. */
export const ABO_MIX: Readonly<Record<AboGroup, number>> = { O: 0.342, A: 0.287, B: 0.282, AB: 0.089 };
export const RHD_NEGATIVE_SHARE = 0.004;

const ABOS: readonly AboGroup[] = ['O', 'A', 'B', 'AB'];
const RHDS: readonly RhD[] = ['POS', 'NEG'];
const STOCK_CLASSES = ['red_cells', 'plasma', 'cryo', 'platelets'] as const;
type StockClass = (typeof STOCK_CLASSES)[number];

/** Days of issue the station aims to hold (red cells: the 7–10-day safe band; plasma/cryo: frozen, longer). */
const STATION_TARGET_DAYS: Readonly<Record<StockClass, number>> = { red_cells: 7.5, plasma: 30, cryo: 20, platelets: 1.6 };
/** Storage points hold about 3 days (Weifang inventory policy: station 7, storage point 3, hospital 3). */
const STORAGE_POINT_TARGET_DAYS = 3.5;
/** Shortest remaining shelf life at issue. */
const MIN_REMAINING_MS: Readonly<Record<StockClass, number>> = {
  red_cells: 1 * 86_400_000, plasma: 30 * 86_400_000, cryo: 30 * 86_400_000, platelets: 10 * 3_600_000,
};
/** Reserve the station never issues below (units of the class), per ABO for RhD-positive stock. */
const STATION_FLOOR: Readonly<Record<StockClass, Readonly<Record<AboGroup, number>>>> = {
  red_cells: { O: 40, A: 30, B: 30, AB: 10 },
  plasma: { O: 8000, A: 6000, B: 6000, AB: 3000 },
  cryo: { O: 30, A: 20, B: 20, AB: 10 },
  platelets: { O: 2, A: 1, B: 1, AB: 0 },
};
/** Platelet doses (available + coming) below which platelet donors of that group are called in. */
const PLATELET_CALL_IN_BELOW: Readonly<Record<AboGroup, number>> = { O: 5, A: 3, B: 3, AB: 2 };

// ---------------------------------------------------------------------------------------------------------
// Output

export interface DemoLogin {
  readonly username: string;
  readonly password: string;
  readonly role: Role;
  readonly displayName: string;
  readonly orgName: string;
}

/** First id to use per identity table (the loader passes current max + 1; 1 on an empty database). */
export interface DemoIdBases {
  organisation: number;
  app_user: number;
  donor: number;
  donation: number;
  blood_unit: number;
  unit_event: number;
  blood_order: number;
  order_line: number;
  order_allocation: number;
  transfusion: number;
  audit_log: number;
}

export const EMPTY_ID_BASES: DemoIdBases = {
  organisation: 1, app_user: 1, donor: 1, donation: 1, blood_unit: 1, unit_event: 1, blood_order: 1, order_line: 1,
  order_allocation: 1, transfusion: 1, audit_log: 1,
};

export interface GenerateOptions {
  readonly scale: DemoScale;
  /** 5-character station code (献血码 `αpppp`, config `stationCode`). */
  readonly stationCode: string;
  readonly now: Date;
  /** argon2id hash of the demo password (shared by every demo account). */
  readonly passwordHash: string;
  readonly idBases?: DemoIdBases;
  /** Override the scale's calibration (tests). */
  readonly config?: Partial<DemoScaleConfig>;
  readonly seed?: number;
}

export interface DemoDataset {
  /** Tables in foreign-key insert order; identity tables carry explicit ids (see `BulkTable.identityId`). */
  readonly tables: readonly BulkTable[];
  /** Id of the station organisation, which is also the tenant `station_id` of every row. */
  readonly stationId: number;
  readonly stationOrgCode: string;
  readonly logins: readonly DemoLogin[];
  readonly counts: {
    readonly organisations: number;
    readonly users: number;
    readonly donors: number;
    readonly donations: number;
    readonly units: number;
    readonly unitsByStatus: Readonly<Record<string, number>>;
    readonly events: number;
    readonly orders: number;
    readonly transfusions: number;
    readonly dailyIssueRows: number;
  };
  /** Next DIN serial per two-digit year (rows of `din_sequence`). */
  readonly dinSequence: readonly { year: number; nextSerial: number }[];
}

// ---------------------------------------------------------------------------------------------------------
// Time (Asia/Shanghai, UTC+8, no DST)

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const CST = 8 * HOUR;

const dayNumberOf = (ms: number): number => Math.floor((ms + CST) / DAY);
const dayStart = (dayNumber: number): number => dayNumber * DAY - CST;
const isoDay = (ms: number): string => new Date(ms + CST).toISOString().slice(0, 10);
const weekday = (dayNumber: number): number => new Date(dayNumber * DAY).getUTCDay();
const yearOf = (ms: number): number => new Date(ms + CST).getUTCFullYear();

// ---------------------------------------------------------------------------------------------------------
// Internal records

type Sex = 'male' | 'female';

interface Donor {
  id: number;
  donorNumber: string;
  idNumber: string;
  name: string;
  sex: Sex;
  birthDate: string;
  phone: string;
  abo: AboGroup;
  rhd: RhD;
  knownAbo: boolean;
  deferredUntil: string | null;
  permanentlyDeferred: boolean;
  createdAt: number;
  updatedAt: number;
  /** Earliest next whole-blood / apheresis donation (ms). */
  nextWholeBlood: number;
  nextApheresis: number;
  apheresisDonor: boolean;
}

interface Unit {
  id: number;
  donationId: number;
  din: string;
  parentId: number | null;
  product: ProductDefinition;
  split: string;
  cls: ComponentClass;
  abo: AboGroup;
  rhd: RhD;
  /** Whether ABO/RhD are known (tested) at `now`. */
  typed: boolean;
  volumeMl: number;
  quantity: number;
  status: UnitStatus;
  released: boolean;
  labelled: boolean;
  location: number;
  orderId: number | null;
  collectedAt: number;
  preparedAt: number;
  expiresAt: number;
  createdAt: number;
  updatedAt: number;
  /** Simulation: 1-U red cell bags are issued only when older (hospitals prefer 1.5–2 U bags). */
  smallBag: boolean;
}

interface Org {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
  type: 'station' | 'storage_point' | 'hospital' | 'health_commission';
  parentId: number | null;
  licence: string | null;
  isbt: string | null;
}

interface Hospital {
  org: Org;
  weight: number;
  county: string;
  /** Index into storagePoints, or -1 when the station supplies it directly. */
  storagePoint: number;
  urban: boolean;
  userId: number;
}

interface StoragePoint {
  org: Org;
  userId: number;
  hospitals: Hospital[];
  share: number;
  pools: Map<string, Unit[]>;
}

interface Pool {
  /** Available units at the station (sorted by expiry when taken from). */
  units: Unit[];
}

const poolKey = (cls: string, abo: AboGroup, rhd: RhD): string => `${cls}|${abo}|${rhd}`;

// ---------------------------------------------------------------------------------------------------------

/**
 * Generates the demo data set.
 *
 * @throws Error when the station code is not 5 characters, or when the generated end state misses the
 *   stock the demo promises (an internal calibration error: the emergency scenario must be fillable).
 */
export function generateDemo(opts: GenerateOptions): DemoDataset {
  const g = new Generator(opts);
  return g.run();
}

class Generator {
  private readonly cfg: DemoScaleConfig;
  private readonly rng: Prng;
  private readonly nowMs: number;
  private readonly ids: DemoIdBases;
  private readonly stationCode: string;

  // tables
  private readonly tOrg = new BulkTable('organisation', [
    ['id', 'int8'], ['station_id', 'int8'], ['code', 'text'], ['name', 'text'], ['name_en', 'text'], ['type', 'text'],
    ['parent_id', 'int8'], ['licence_number', 'text'], ['isbt_facility_code', 'text'], ['created_at', 'timestamptz'],
  ], true);
  private readonly tUser = new BulkTable('app_user', [
    ['id', 'int8'], ['station_id', 'int8'], ['org_id', 'int8'], ['username', 'text'], ['display_name', 'text'], ['role', 'text'],
    ['password_hash', 'text'], ['active', 'bool'], ['created_at', 'timestamptz'],
  ], true);
  private readonly tDonor = new BulkTable('donor', [
    ['id', 'int8'], ['station_id', 'int8'], ['donor_number', 'text'], ['id_number', 'text'], ['name', 'text'], ['sex', 'text'],
    ['birth_date', 'date'], ['phone', 'text'], ['abo', 'text'], ['rhd', 'text'], ['deferred_until', 'date'],
    ['permanently_deferred', 'bool'], ['created_at', 'timestamptz'], ['updated_at', 'timestamptz'],
  ], true);
  private readonly tDonation = new BulkTable('donation', [
    ['id', 'int8'], ['station_id', 'int8'], ['din', 'text'], ['donor_id', 'int8'], ['site_org_id', 'int8'], ['donation_type', 'text'],
    ['volume_ml', 'int4'], ['anticoagulant', 'text'], ['bag_lot', 'text'], ['collected_at', 'timestamptz'], ['status', 'text'],
    ['abo', 'text'], ['rhd', 'text'], ['test_conclusion', 'text'], ['test_results', 'jsonb'], ['test_reasons', 'jsonb'],
    ['tested_at', 'timestamptz'], ['tested_by', 'int8'], ['released_at', 'timestamptz'], ['released_by', 'int8'],
    ['discard_reason', 'text'], ['created_by', 'int8'], ['created_at', 'timestamptz'],
  ], true);
  private readonly tUnit = new BulkTable('blood_unit', [
    ['id', 'int8'], ['station_id', 'int8'], ['din', 'text'], ['donation_id', 'int8'], ['parent_unit_id', 'int8'], ['product_id', 'text'],
    ['product_code', 'text'], ['split_code', 'text'], ['component_class', 'text'], ['abo', 'text'], ['rhd', 'text'],
    ['volume_ml', 'int4'], ['quantity', 'numeric'], ['quantity_unit', 'text'], ['status', 'text'], ['released', 'bool'],
    ['labelled', 'bool'], ['recalled', 'bool'], ['location_org_id', 'int8'], ['order_id', 'int8'], ['collected_at', 'timestamptz'],
    ['prepared_at', 'timestamptz'], ['expires_at', 'timestamptz'], ['created_at', 'timestamptz'], ['updated_at', 'timestamptz'],
  ], true);
  private readonly tEvent = new BulkTable('unit_event', [
    ['id', 'int8'], ['station_id', 'int8'], ['unit_id', 'int8'], ['donation_id', 'int8'], ['din', 'text'], ['type', 'text'],
    ['at', 'timestamptz'], ['actor_id', 'int8'], ['org_id', 'int8'], ['from_status', 'text'], ['to_status', 'text'],
    ['reason', 'text'], ['details', 'jsonb'],
  ], true);
  private readonly tOrder = new BulkTable('blood_order', [
    ['id', 'int8'], ['station_id', 'int8'], ['order_number', 'text'], ['hospital_org_id', 'int8'], ['status', 'text'],
    ['priority', 'text'], ['needed_by', 'timestamptz'], ['note', 'text'], ['created_by', 'int8'], ['created_at', 'timestamptz'],
    ['updated_at', 'timestamptz'], ['issued_at', 'timestamptz'], ['received_at', 'timestamptz'],
  ], true);
  private readonly tLine = new BulkTable('order_line', [
    ['id', 'int8'], ['station_id', 'int8'], ['order_id', 'int8'], ['component_class', 'text'], ['abo', 'text'], ['rhd', 'text'],
    ['quantity', 'numeric'], ['allocated_quantity', 'numeric'],
  ], true);
  private readonly tAlloc = new BulkTable('order_allocation', [
    ['id', 'int8'], ['station_id', 'int8'], ['order_id', 'int8'], ['line_id', 'int8'], ['unit_id', 'int8'], ['created_at', 'timestamptz'],
  ], true);
  private readonly tTransfusion = new BulkTable('transfusion', [
    ['id', 'int8'], ['station_id', 'int8'], ['unit_id', 'int8'], ['hospital_org_id', 'int8'], ['patient_name', 'text'],
    ['patient_id_number', 'text'], ['patient_abo', 'text'], ['patient_rhd', 'text'], ['ward', 'text'], ['transfused_at', 'timestamptz'],
    ['recorded_by', 'int8'], ['created_at', 'timestamptz'],
  ], true);
  private readonly tAudit = new BulkTable('audit_log', [
    ['id', 'int8'], ['station_id', 'int8'], ['at', 'timestamptz'], ['actor_id', 'int8'], ['actor_name', 'text'], ['action', 'text'],
    ['entity_type', 'text'], ['entity_id', 'text'], ['reason', 'text'], ['before', 'jsonb'], ['after', 'jsonb'], ['request_id', 'text'],
  ], true);
  private readonly tDaily = new BulkTable('daily_issue', [
    ['station_id', 'int8'], ['day', 'date'], ['org_id', 'int8'], ['component_class', 'text'], ['abo', 'text'], ['rhd', 'text'],
    ['quantity', 'numeric'],
  ], false);
  private readonly tDin = new BulkTable('din_sequence', [['station_id', 'int8'], ['year', 'int4'], ['next_serial', 'int4']], false);

  // id counters
  private nextId: DemoIdBases;

  // organisations and people
  private station!: Org;
  private commission!: Org;
  private hospitals: Hospital[] = [];
  private storagePoints: StoragePoint[] = [];
  private users = new Map<string, number>();
  private logins: DemoLogin[] = [];
  private donors: Donor[] = [];
  private idNumbers = new Set<string>();
  /** Whole-blood donors in order of eligibility to donate again (returning donors). */
  private returning: Donor[] = [];
  private returningHead = 0;
  private plateletDonors: Donor[] = [];
  private negDonors = new Map<AboGroup, Donor[]>();

  // simulation state
  private units: Unit[] = [];
  private stationPools = new Map<string, Pool>();
  /** Units waiting to become available at the station, bucketed by day number of availability. */
  private pending = new Map<number, Unit[]>();
  /** Quantity per pool key that will become available (released) but is not yet in the pool. */
  private pendingQty = new Map<string, number>();
  /** Smoothed daily inflow per pool key (quantity/day). */
  private inflowRate = new Map<string, number>();
  private inflowToday = new Map<string, number>();
  /** Quantity the station issued (to hospitals and storage points) per pool key and day, oldest first. */
  private issuedHistory = new Map<string, number[]>();
  private demandNoise = new Map<string, number>();
  private dinSerial = new Map<number, number>();
  private daily = new Map<string, number>();
  private lastNegCallIn = new Map<AboGroup, number>();
  private hospitalCum: { direct: Float64Array; directList: Hospital[]; plt: Float64Array; pltList: Hospital[] } | null = null;
  private transferSeq = 0;
  private orderCount = 0;

  constructor(private readonly opts: GenerateOptions) {
    if (!/^[A-Z0-9]{5}$/.test(opts.stationCode)) throw new Error(`stationCode must be 5 characters A–Z/0–9, got ${opts.stationCode}`);
    this.cfg = { ...DEMO_SCALES[opts.scale], ...opts.config };
    this.rng = new Prng(opts.seed ?? seedFrom(`redbridge-demo|${opts.scale}|${opts.stationCode}`));
    this.nowMs = opts.now.getTime();
    this.ids = opts.idBases ?? EMPTY_ID_BASES;
    this.nextId = { ...this.ids };
    this.stationCode = opts.stationCode;
  }

  private id(table: keyof DemoIdBases): number {
    return this.nextId[table]++;
  }

  run(): DemoDataset {
    const lastDay = dayNumberOf(this.nowMs);
    const firstDay = lastDay - this.cfg.days + 1;
    const historyStart = dayStart(firstDay);
    this.buildOrganisations(historyStart - 400 * DAY);
    this.buildUsers(historyStart - 380 * DAY);
    this.initRates();
    for (let day = firstDay; day <= lastDay; day++) this.simulateDay(day, firstDay);
    this.finalSweep();
    this.openOrdersAtEnd(lastDay);
    this.finish();
    return this.dataset();
  }

  // -------------------------------------------------------------------------------------------------------
  // Organisations and users

  private buildOrganisations(createdAt: number): void {
    const stationId = this.id('organisation');
    const org = (type: Org['type'], code: string, name: string, nameEn: string | null, parentId: number | null,
      licence: string | null = null, isbt: string | null = null, id = this.id('organisation')): Org => {
      const o: Org = { id, code, name, nameEn, type, parentId, licence, isbt };
      this.tOrg.push(o.id, stationId, o.code, o.name, o.nameEn, o.type, o.parentId, o.licence, o.isbt, createdAt);
      return o;
    };
    this.station = org('station', this.stationCode, '潍坊市中心血站', 'Weifang Central Blood Station', null,
      `鲁卫血证字〔2024〕第${this.stationCode}号`, this.stationCode, stationId);
    STORAGE_POINTS.forEach((sp, i) => {
      const o = org('storage_point', `${this.stationCode}-SP${String(i + 1).padStart(2, '0')}`, sp.name, sp.nameEn, this.station.id);
      this.storagePoints.push({ org: o, userId: 0, hospitals: [], share: 0, pools: new Map() });
    });
    const seeds = this.hospitalSeeds(this.cfg.hospitals);
    seeds.forEach((h, i) => {
      const spIndex = STORAGE_POINTS.findIndex((sp) => sp.counties.includes(h.county));
      const parent = spIndex >= 0 ? this.storagePoints[spIndex].org.id : this.station.id;
      const o = org('hospital', `${this.stationCode}-H${String(i + 1).padStart(3, '0')}`, h.name, h.nameEn ?? null, parent);
      const hospital: Hospital = {
        org: o, weight: h.weight, county: h.county, storagePoint: spIndex,
        urban: ['潍城区', '寒亭区', '坊子区', '奎文区'].includes(h.county), userId: 0,
      };
      this.hospitals.push(hospital);
      if (spIndex >= 0) this.storagePoints[spIndex].hospitals.push(hospital);
    });
    this.commission = org('health_commission', `${this.stationCode}-WJW`, '潍坊市卫生健康委员会', 'Weifang Municipal Health Commission', null);
    const total = this.hospitals.reduce((s, h) => s + h.weight, 0);
    for (const sp of this.storagePoints) sp.share = sp.hospitals.reduce((s, h) => s + h.weight, 0) / total;
    const direct = this.hospitals.filter((h) => h.storagePoint < 0);
    const pltList = this.hospitals.filter((h) => h.weight >= 2 || this.hospitals.length <= 20);
    const cum = (list: Hospital[], power: number) => {
      const out = new Float64Array(list.length);
      let s = 0;
      list.forEach((h, i) => { s += h.weight ** power; out[i] = s; });
      return out;
    };
    this.hospitalCum = { direct: cum(direct, 1), directList: direct, plt: cum(pltList, 1.3), pltList };
  }

  /** Named hospitals first, then generated township health centres and private hospitals. */
  private hospitalSeeds(n: number): HospitalSeed[] {
    const out: HospitalSeed[] = NAMED_HOSPITALS.slice(0, n).map((h) => ({ ...h }));
    const names = new Set(out.map((h) => h.name));
    const counties = Object.keys(TOWNS);
    const rng = this.rng.fork(11);
    let i = 0;
    while (out.length < n && i < 10_000) {
      const county = counties[i % counties.length];
      const towns = TOWNS[county];
      const town = towns[Math.floor(i / counties.length) % towns.length];
      let name: string;
      let weight: number;
      if (i % 5 === 4) {
        name = `潍坊${rng.pick(PRIVATE_HOSPITAL_WORDS)}${rng.pick(['医院', '医院', '中西医结合医院', '骨科医院', '妇产医院'])}`;
        weight = rng.range(0.4, 2);
      } else {
        const cityPrefix = county.endsWith('区') ? `潍坊市${county}` : county;
        name = `${cityPrefix}${town}${town.endsWith('街道') ? '社区卫生服务中心' : rng.chance(0.4) ? '中心卫生院' : '卫生院'}`;
        weight = rng.range(0.15, 0.6);
      }
      i++;
      if (names.has(name)) continue;
      names.add(name);
      out.push({ name, county, weight });
    }
    return out;
  }

  private buildUsers(createdAt: number): void {
    const stationId = this.station.id;
    const add = (username: string, displayName: string, role: Role, orgId: number, active: boolean): number => {
      const id = this.id('app_user');
      this.tUser.push(id, stationId, orgId, username, displayName, role, this.opts.passwordHash, active, createdAt);
      this.users.set(username, id);
      return id;
    };
    const orgFor = (o: DemoUserOrg): Org => ({
      station: this.station, first_hospital: this.hospitals[0].org, first_storage_point: this.storagePoints[0].org,
      health_commission: this.commission,
    })[o];
    for (const u of DEMO_USERS) {
      const org = orgFor(u.org);
      const displayName = u.org === 'first_hospital' ? `${org.name} 输血科` : u.displayName;
      add(u.username, displayName, u.role, org.id, true);
      this.logins.push({ username: u.username, password: 'Demo@2026', role: u.role, displayName, orgName: org.name });
    }
    this.hospitals[0].userId = this.users.get('hospital')!;
    this.storagePoints[0].userId = this.users.get('storage')!;
    // Staff accounts of the other hospitals and storage points record their receipts and transfusions.
    // They exist for the audit trail and are inactive (no login) in the demo.
    this.storagePoints.slice(1).forEach((sp, i) => {
      sp.userId = add(`sp${String(i + 2).padStart(2, '0')}`, `${sp.org.name}`, 'distribution', sp.org.id, false);
    });
    this.hospitals.slice(1).forEach((h, i) => {
      h.userId = add(`h${String(i + 2).padStart(3, '0')}`, `${h.org.name} 输血科`, 'hospital_transfusion', h.org.id, false);
    });
  }

  private user(name: string): number {
    return this.users.get(name)!;
  }

  // -------------------------------------------------------------------------------------------------------
  // Donors

  private personName(sex: Sex, rng: Prng = this.rng): string {
    const surname = rng.weighted(SURNAMES.map((s) => s[0]), SURNAMES.map((s) => s[1]));
    const given = sex === 'male' ? GIVEN_MALE : GIVEN_FEMALE;
    return rng.chance(0.28) ? surname + rng.pick(given) : surname + rng.pick(given) + rng.pick(given);
  }

  /** A GB 11643-1999 resident ID number of Weifang (3707xx) with a valid check digit. */
  private residentId(birth: Date, sex: Sex, rng: Prng = this.rng): string {
    for (;;) {
      const region = rng.weighted(WEIFANG_REGIONS.map((r) => r.code), WEIFANG_REGIONS.map((r) => r.weight));
      const ymd = birth.toISOString().slice(0, 10).replace(/-/g, '');
      let seq = rng.int(0, 999);
      if ((seq % 2 === 1) !== (sex === 'male')) seq = (seq + 1) % 1000;
      const first17 = `${region}${ymd}${String(seq).padStart(3, '0')}`;
      const id = first17 + computeResidentIdCheckDigit(first17);
      if (!this.idNumbers.has(id)) return id;
    }
  }

  private newDonor(at: number, opts: { abo?: AboGroup; rhd?: RhD; apheresis?: boolean } = {}): Donor {
    const rng = this.rng;
    const sex: Sex = rng.chance(opts.apheresis ? 0.7 : 0.56) ? 'male' : 'female';
    // Age 18–59 at first donation (GB 18467-2011: 18–55, repeat donors to 60), weighted to 20–45.
    const age = rng.weighted([19, 23, 28, 33, 38, 43, 48, 53, 57], [12, 16, 16, 14, 13, 11, 9, 6, 3]) + rng.int(-1, 2);
    const birthMs = at + CST - (age * 365.25 + rng.int(0, 360)) * DAY;
    const birth = new Date(birthMs);
    const idNumber = this.residentId(birth, sex);
    this.idNumbers.add(idNumber);
    const abo = opts.abo ?? rng.weighted(ABOS, ABOS.map((a) => ABO_MIX[a]));
    const rhd = opts.rhd ?? (rng.chance(RHD_NEGATIVE_SHARE) ? 'NEG' : 'POS');
    const id = this.id('donor');
    const donor: Donor = {
      id, donorNumber: `D${String(id).padStart(9, '0')}`, idNumber, name: this.personName(sex), sex,
      birthDate: birth.toISOString().slice(0, 10), phone: `1${rng.pick(['3', '5', '7', '8', '9'])}${String(rng.int(0, 999_999_999)).padStart(9, '0')}`,
      abo, rhd, knownAbo: false, deferredUntil: null, permanentlyDeferred: false, createdAt: at - rng.int(5, 20) * MIN,
      updatedAt: at, nextWholeBlood: 0, nextApheresis: 0, apheresisDonor: opts.apheresis ?? false,
    };
    this.donors.push(donor);
    if (rhd === 'NEG') {
      const list = this.negDonors.get(abo) ?? [];
      list.push(donor);
      this.negDonors.set(abo, list);
    }
    if (opts.apheresis) this.plateletDonors.push(donor);
    return donor;
  }

  private eligible(d: Donor, at: number): boolean {
    return !d.permanentlyDeferred && (d.deferredUntil === null || d.deferredUntil <= isoDay(at));
  }

  /** A whole-blood donor: a returning donor (≥ 6 months since the last whole blood) or a new one. */
  private wholeBloodDonor(at: number): Donor {
    while (this.returningHead < this.returning.length && this.rng.chance(0.6)) {
      const d = this.returning[this.returningHead];
      if (d.nextWholeBlood > at) break;
      this.returningHead++;
      if (d.rhd === 'POS' && !d.apheresisDonor && this.eligible(d, at) && d.nextApheresis <= at) return d;
    }
    return this.newDonor(at);
  }

  private plateletDonor(at: number, abo?: AboGroup): Donor {
    const candidates = this.plateletDonors.filter((d) => d.nextApheresis <= at && d.nextWholeBlood <= at && this.eligible(d, at)
      && (abo === undefined || d.abo === abo) && d.rhd === 'POS');
    if (candidates.length > 0 && this.rng.chance(0.85)) return this.rng.pick(candidates);
    return this.newDonor(at, { apheresis: true, abo, rhd: abo ? 'POS' : undefined });
  }

  private negDonor(at: number, abo: AboGroup): Donor {
    const candidates = (this.negDonors.get(abo) ?? []).filter((d) => d.nextWholeBlood <= at && d.nextApheresis <= at && this.eligible(d, at));
    if (candidates.length > 0) return this.rng.pick(candidates);
    return this.newDonor(at, { abo, rhd: 'NEG' });
  }

  // -------------------------------------------------------------------------------------------------------
  // Events and units

  private event(unit: Unit | null, donationId: number, din: string, type: string, at: number, actorId: number | null,
    orgId: number | null, from: string | null, to: string | null, reason: string | null = null,
    details: Record<string, unknown> | null = null): void {
    this.tEvent.push(0, this.station.id, unit ? unit.id : null, donationId, din, type, at, actorId, orgId, from, to, reason,
      details === null ? null : JSON.stringify(details));
  }

  private newUnit(p: {
    donationId: number; din: string; parentId: number | null; product: ProductDefinition; split?: string; abo: AboGroup; rhd: RhD;
    typed: boolean; volumeMl: number; quantity: number; status: UnitStatus; collectedAt: number; preparedAt: number;
    expiresAt: number; smallBag?: boolean;
  }): Unit {
    const u: Unit = {
      id: this.id('blood_unit'), donationId: p.donationId, din: p.din, parentId: p.parentId, product: p.product, split: p.split ?? '00',
      cls: p.product.componentClass, abo: p.abo, rhd: p.rhd, typed: p.typed, volumeMl: p.volumeMl, quantity: p.quantity,
      status: p.status, released: false, labelled: false, location: this.station.id, orderId: null, collectedAt: p.collectedAt,
      preparedAt: p.preparedAt, expiresAt: p.expiresAt, createdAt: p.preparedAt, updatedAt: p.preparedAt,
      smallBag: p.smallBag ?? false,
    };
    this.units.push(u);
    return u;
  }

  private pool(key: string): Pool {
    let p = this.stationPools.get(key);
    if (!p) {
      p = { units: [] };
      this.stationPools.set(key, p);
    }
    return p;
  }

  /** The unit becomes available at the station at `at`: queue it for the simulation. */
  private willBeAvailable(u: Unit, at: number): void {
    if (u.cls === 'whole_blood') return;
    const day = dayNumberOf(at) + 1; // usable from the next day's planning
    const list = this.pending.get(day) ?? [];
    list.push(u);
    this.pending.set(day, list);
    const key = poolKey(u.cls, u.abo, u.rhd);
    this.pendingQty.set(key, (this.pendingQty.get(key) ?? 0) + u.quantity);
  }

  // -------------------------------------------------------------------------------------------------------
  // Collection → preparation → testing → release

  private nextDin(at: number): string {
    const yy = yearOf(at) % 100;
    const serial = (this.dinSerial.get(yy) ?? 0) + 1;
    this.dinSerial.set(yy, serial);
    return `${this.stationCode}${String(yy).padStart(2, '0')}${String(serial).padStart(6, '0')}`;
  }

  /** Lab batches start 08:00, 14:00 and 20:00; results are signed 2.5–4.5 h later; samples need ≥ 5 h. */
  private testTime(collectedAt: number): number {
    const ready = collectedAt + 5 * HOUR;
    const day = dayNumberOf(ready);
    for (let d = day; d <= day + 1; d++) {
      for (const h of [8, 14, 20]) {
        const start = dayStart(d) + h * HOUR;
        if (start >= ready) return start + this.rng.range(2.5, 4.5) * HOUR;
      }
    }
    return ready + 8 * HOUR;
  }

  private testResults(abo: AboGroup, rhd: RhD): { results: DonationTestResults; reasonCode: string | null; reasons: TestConclusion['reasons'] } {
    const r = this.rng.next();
    // ≈ 1.5 % unqualified; ALT is the largest cause (china-blood-service-rules.md §3.2).
    const failing = r < 0.0065 ? 'alt' : r < 0.0100 ? 'hbsag' : r < 0.0130 ? 'tp' : r < 0.0145 ? 'hcv' : r < 0.0150 ? 'hiv' : null;
    const alt = failing === 'alt' ? Math.round(this.rng.range(52, 160)) : Math.min(50, Math.max(5, Math.round(Math.exp(this.rng.normal(2.9, 0.38)))));
    const results: DonationTestResults = {
      abo, rhd, altUPerL: alt,
      hbsag: failing === 'hbsag' ? 'unqualified' : 'qualified',
      hcv: failing === 'hcv' ? 'unqualified' : 'qualified',
      hiv: failing === 'hiv' ? 'unqualified' : 'qualified',
      tp: failing === 'tp' ? 'unqualified' : 'qualified',
    };
    const decision = concludeTests(results);
    return { results, reasonCode: decision.reasons[0]?.code ?? null, reasons: decision.reasons };
  }

  private collectWholeBlood(donor: Donor, at: number, site: (typeof DONATION_SITES)[number]): void {
    const rng = this.rng;
    const now = this.nowMs;
    const din = this.nextDin(at);
    const donationId = this.id('donation');
    const volumeMl = donor.sex === 'male'
      ? rng.weighted([400, 300, 200], [65, 30, 5])
      : rng.weighted([400, 300, 200], [40, 42, 18]);
    const bagLot = `WG${new Date(at + CST - rng.int(20, 90) * DAY).toISOString().slice(2, 7).replace('-', '')}${String(rng.int(1, 30)).padStart(2, '0')}`;
    const { abo, rhd } = donor;
    const wb = getProduct('WB_CPDA1');
    const parent = this.newUnit({
      donationId, din, parentId: null, product: wb, abo, rhd, typed: false, volumeMl, quantity: quantityFor(wb, volumeMl, volumeMl),
      status: 'quarantined', collectedAt: at, preparedAt: at, expiresAt: computeExpiry(wb, { collectedAt: new Date(at), preparedAt: new Date(at) }).getTime(),
    });
    const donorUser = this.user('donor');
    const labUser = this.user('lab');
    const compUser = this.user('component');
    this.event(parent, donationId, din, 'collection', at, donorUser, this.station.id, null, 'quarantined', null,
      { volumeMl, donorNumber: donor.donorNumber, productId: wb.id, site: site.name, bagLot });

    // Preparation within the FFP 6-hour limit.
    const prepAt = at + rng.range(1.2, 5.2) * HOUR;
    const tested = this.testResults(abo, rhd);
    const testAt = this.testTime(at);
    const releaseAt = testAt + rng.range(0.2, 1.5) * HOUR;
    const qualified = tested.reasonCode === null;
    const lipaemic = qualified && rng.chance(0.006);
    const children: Unit[] = [];
    let status = 'collected';
    let plasma: Unit | null = null;
    let cryoFrom: Unit | null = null;
    if (prepAt <= now) {
      status = 'processed';
      const rbcProduct = getProduct(rng.chance(0.3) ? 'LR_SRBC_MAP' : 'SRBC_MAP');
      const vi = rng.chance(0.66);
      const plasmaProduct = getProduct(vi ? 'VI_FFP' : 'FFP');
      const rbcVol = Math.round(volumeMl * rng.range(0.68, 0.76));
      const plasmaVol = Math.round(volumeMl * rng.range(0.45, 0.5) - (vi ? 5 : 0));
      const parentExp = new Date(parent.expiresAt);
      const rbc = this.newUnit({
        donationId, din, parentId: parent.id, product: rbcProduct, abo, rhd, typed: false, volumeMl: rbcVol,
        quantity: quantityFor(rbcProduct, volumeMl, rbcVol), status: 'quarantined', collectedAt: at, preparedAt: prepAt,
        expiresAt: computeExpiry(rbcProduct, { collectedAt: new Date(at), preparedAt: new Date(prepAt), parentExpiresAt: parentExp }).getTime(),
        smallBag: volumeMl === 200,
      });
      plasma = this.newUnit({
        donationId, din, parentId: parent.id, product: plasmaProduct, abo, rhd, typed: false, volumeMl: plasmaVol,
        quantity: quantityFor(plasmaProduct, volumeMl, plasmaVol), status: 'quarantined', collectedAt: at, preparedAt: prepAt,
        expiresAt: computeExpiry(plasmaProduct, { collectedAt: new Date(at), preparedAt: new Date(prepAt) }).getTime(),
      });
      children.push(rbc, plasma);
      parent.status = 'processed';
      parent.updatedAt = prepAt;
      this.event(parent, donationId, din, 'preparation', prepAt, compUser, this.station.id, 'quarantined', 'processed', null,
        { children: children.map((c) => c.product.id) });
      for (const c of children) {
        this.event(c, donationId, din, 'preparation', prepAt, compUser, this.station.id, null, 'quarantined', null,
          { parentUnitId: parent.id, productId: c.product.id });
      }
      // About 45 % of plain FFP is made into cryoprecipitate (+ cryo-poor plasma) the next day.
      if (!vi && qualified && !lipaemic && rng.chance(0.45)) cryoFrom = plasma;
    }

    let testConclusion: string | null = null;
    let testResults: string | null = null;
    let testReasons: string | null = null;
    let testedAt: number | null = null;
    let testedBy: number | null = null;
    let releasedAt: number | null = null;
    let releasedBy: number | null = null;
    let discardReason: string | null = null;
    const all = [parent, ...children];
    if (testAt <= now) {
      testConclusion = qualified ? 'qualified' : 'unqualified';
      testResults = JSON.stringify(tested.results);
      testReasons = JSON.stringify(tested.reasons);
      testedAt = testAt;
      testedBy = labUser;
      status = status === 'processed' ? 'processed' : 'tested';
      for (const u of all) u.typed = true;
      donor.knownAbo = true;
      donor.updatedAt = Math.max(donor.updatedAt, testAt);
      this.event(null, donationId, din, 'test_result', testAt, labUser, this.station.id, null, null, null,
        { conclusion: testConclusion, abo, rhd, reasons: tested.reasons });
      if (!qualified) {
        const discardAt = testAt + rng.range(0.2, 2) * HOUR;
        if (discardAt <= now) {
          status = 'discarded';
          discardReason = tested.reasonCode;
          for (const u of all) {
            if (u.status !== 'quarantined') continue;
            u.status = 'discarded';
            u.updatedAt = discardAt;
            this.event(u, donationId, din, 'discard', discardAt, labUser, this.station.id, 'quarantined', 'discarded', tested.reasonCode);
          }
        }
        // Infectious markers defer the donor permanently; ALT for six months (china-blood-service-rules.md §3.3).
        if (tested.reasonCode === 'ALT_ABOVE_LIMIT') donor.deferredUntil = isoDay(testAt + 182 * DAY);
        else donor.permanentlyDeferred = true;
      } else if (releaseAt <= now) {
        if (lipaemic && plasma) {
          const at2 = releaseAt - rng.range(5, 20) * MIN;
          plasma.status = 'discarded';
          plasma.updatedAt = at2;
          this.event(plasma, donationId, din, 'discard', at2, compUser, this.station.id, 'quarantined', 'discarded', 'LIPAEMIA');
        }
        releasedAt = releaseAt;
        releasedBy = labUser;
        status = status === 'processed' ? 'processed' : 'released';
        for (const u of all) {
          if (u.status !== 'quarantined') continue;
          u.status = 'available';
          u.released = true;
          u.labelled = true;
          u.updatedAt = releaseAt;
          this.event(u, donationId, din, 'release', releaseAt, labUser, this.station.id, 'quarantined', 'available');
          this.event(u, donationId, din, 'label', releaseAt + rng.int(1, 8) * MIN, compUser, this.station.id, null, null, null,
            { productCode: u.product.nationalCode, checkCharacter: dinCheckCharacter(din) });
          if (u.cls === 'red_cells' && rng.chance(0.0008)) {
            const damagedAt = releaseAt + rng.range(1, 4) * DAY;
            if (damagedAt <= now) {
              u.status = 'discarded';
              u.updatedAt = damagedAt;
              this.event(u, donationId, din, 'discard', damagedAt, compUser, this.station.id, 'available', 'discarded', 'BAG_DAMAGED');
              continue;
            }
          }
          if (u !== cryoFrom) this.willBeAvailable(u, releaseAt);
        }
      }
    }
    // Cryoprecipitate from FFP (thawed at 2–6 °C overnight): FFP → CRYO + cryo-poor FP.
    if (cryoFrom && cryoFrom.status === 'available') {
      const cryoAt = Math.max(prepAt + rng.range(18, 30) * HOUR, (releasedAt ?? prepAt) + 0.5 * HOUR);
      if (cryoAt <= now) this.prepareCryo(cryoFrom, volumeMl, cryoAt);
      else this.willBeAvailable(cryoFrom, releasedAt!);
    }
    this.tDonation.push(donationId, this.station.id, din, donor.id, null, 'whole_blood', volumeMl, 'CPDA-1', bagLot, at, status,
      testedAt !== null ? abo : null, testedAt !== null ? rhd : null, testConclusion, testResults, testReasons, testedAt, testedBy,
      releasedAt, releasedBy, discardReason, donorUser, at);
    donor.nextWholeBlood = at + 183 * DAY;
    donor.nextApheresis = Math.max(donor.nextApheresis, at + 92 * DAY);
    if (donor.rhd === 'POS' && !donor.apheresisDonor) this.returning.push(donor);
  }

  private prepareCryo(ffp: Unit, sourceMl: number, at: number): void {
    const rng = this.rng;
    const cryo = getProduct('CRYO');
    const fp = getProduct('FP');
    const cryoQty = quantityFor(cryo, sourceMl, null);
    const cryoVol = Math.round(cryoQty * rng.range(20, 25));
    const fpVol = ffp.volumeMl - cryoVol;
    const ffpExp = new Date(ffp.expiresAt);
    const c = this.newUnit({
      donationId: ffp.donationId, din: ffp.din, parentId: ffp.id, product: cryo, abo: ffp.abo, rhd: ffp.rhd, typed: true,
      volumeMl: cryoVol, quantity: cryoQty, status: 'available', collectedAt: ffp.collectedAt, preparedAt: at,
      expiresAt: computeExpiry(cryo, { collectedAt: new Date(ffp.collectedAt), preparedAt: new Date(at), parentExpiresAt: ffpExp }).getTime(),
      split: '00',
    });
    const f = this.newUnit({
      donationId: ffp.donationId, din: ffp.din, parentId: ffp.id, product: fp, abo: ffp.abo, rhd: ffp.rhd, typed: true,
      volumeMl: fpVol, quantity: quantityFor(fp, sourceMl, fpVol), status: 'available', collectedAt: ffp.collectedAt, preparedAt: at,
      expiresAt: computeExpiry(fp, { collectedAt: new Date(ffp.collectedAt), preparedAt: new Date(at) }).getTime(),
    });
    const compUser = this.user('component');
    ffp.status = 'processed';
    ffp.updatedAt = at;
    this.event(ffp, ffp.donationId, ffp.din, 'preparation', at, compUser, this.station.id, 'available', 'processed', null,
      { children: [cryo.id, fp.id] });
    for (const u of [c, f]) {
      u.released = true;
      u.labelled = true;
      this.event(u, u.donationId, u.din, 'preparation', at, compUser, this.station.id, null, 'available', null,
        { parentUnitId: ffp.id, productId: u.product.id });
      this.event(u, u.donationId, u.din, 'label', at + rng.int(2, 15) * MIN, compUser, this.station.id, null, null, null,
        { productCode: u.product.nationalCode, checkCharacter: dinCheckCharacter(u.din) });
      this.willBeAvailable(u, at);
    }
  }

  private collectApheresis(donor: Donor, at: number): void {
    const rng = this.rng;
    const now = this.nowMs;
    const din = this.nextDin(at);
    const donationId = this.id('donation');
    const doses = rng.chance(0.82) ? 2 : 1;
    const product = getProduct(rng.chance(0.5) ? 'LR_PLT_APH_5D' : 'PLT_APH_5D');
    const bagVols = Array.from({ length: doses }, () => rng.int(250, 300));
    const volumeMl = bagVols.reduce((s, v) => s + v, 0);
    const bagLot = `HM${new Date(at + CST - rng.int(20, 90) * DAY).toISOString().slice(2, 7).replace('-', '')}${String(rng.int(1, 20)).padStart(2, '0')}`;
    const { abo, rhd } = donor;
    const expiresAt = computeExpiry(product, { collectedAt: new Date(at), preparedAt: new Date(at) }).getTime();
    const units = bagVols.map((v, i) => this.newUnit({
      donationId, din, parentId: null, product, split: doses === 1 ? '00' : `${'AB'[i]}0`, abo, rhd, typed: false, volumeMl: v,
      quantity: quantityFor(product, null, v), status: 'quarantined', collectedAt: at, preparedAt: at, expiresAt,
    }));
    const donorUser = this.user('donor');
    const labUser = this.user('lab');
    const compUser = this.user('component');
    for (const u of units) {
      this.event(u, donationId, din, 'collection', at, donorUser, this.station.id, null, 'quarantined', null,
        { volumeMl: u.volumeMl, donorNumber: donor.donorNumber, productId: product.id, site: '血站本部成分采集室', bagLot, doses });
    }
    const tested = this.testResults(abo, rhd);
    const testAt = this.testTime(at);
    const releaseAt = testAt + rng.range(0.2, 1.2) * HOUR;
    let status = 'collected';
    let testConclusion: string | null = null;
    let testResults: string | null = null;
    let testReasons: string | null = null;
    let testedAt: number | null = null;
    let releasedAt: number | null = null;
    let discardReason: string | null = null;
    if (testAt <= now) {
      status = 'tested';
      testConclusion = tested.reasonCode === null ? 'qualified' : 'unqualified';
      testResults = JSON.stringify(tested.results);
      testReasons = JSON.stringify(tested.reasons);
      testedAt = testAt;
      for (const u of units) u.typed = true;
      donor.knownAbo = true;
      donor.updatedAt = Math.max(donor.updatedAt, testAt);
      this.event(null, donationId, din, 'test_result', testAt, labUser, this.station.id, null, null, null,
        { conclusion: testConclusion, abo, rhd, reasons: tested.reasons });
      if (tested.reasonCode !== null) {
        const discardAt = testAt + rng.range(0.2, 2) * HOUR;
        if (discardAt <= now) {
          status = 'discarded';
          discardReason = tested.reasonCode;
          for (const u of units) {
            u.status = 'discarded';
            u.updatedAt = discardAt;
            this.event(u, donationId, din, 'discard', discardAt, labUser, this.station.id, 'quarantined', 'discarded', tested.reasonCode);
          }
        }
        if (tested.reasonCode === 'ALT_ABOVE_LIMIT') donor.deferredUntil = isoDay(testAt + 182 * DAY);
        else donor.permanentlyDeferred = true;
      } else if (releaseAt <= now) {
        status = 'released';
        releasedAt = releaseAt;
        for (const u of units) {
          u.status = 'available';
          u.released = true;
          u.labelled = true;
          u.updatedAt = releaseAt;
          this.event(u, donationId, din, 'release', releaseAt, labUser, this.station.id, 'quarantined', 'available');
          this.event(u, donationId, din, 'label', releaseAt + rng.int(1, 8) * MIN, compUser, this.station.id, null, null, null,
            { productCode: product.nationalCode, checkCharacter: dinCheckCharacter(din) });
          this.willBeAvailable(u, releaseAt);
        }
      }
    }
    this.tDonation.push(donationId, this.station.id, din, donor.id, null, 'apheresis_platelets', volumeMl, 'ACD-A', bagLot, at, status,
      testedAt !== null ? abo : null, testedAt !== null ? rhd : null, testConclusion, testResults, testReasons, testedAt,
      testedAt !== null ? labUser : null, releasedAt, releasedAt !== null ? labUser : null, discardReason, donorUser, at);
    donor.nextApheresis = at + 14 * DAY;
    donor.nextWholeBlood = Math.max(donor.nextWholeBlood, at + 28 * DAY);
  }

  // -------------------------------------------------------------------------------------------------------
  // The day

  private initRates(): void {
    const wb = this.cfg.wholeBloodPerDay;
    const perDonation: Record<StockClass, number> = { red_cells: 1.7, plasma: 160, cryo: 0.27, platelets: 0 };
    for (const abo of ABOS) {
      for (const rhd of RHDS) {
        const share = ABO_MIX[abo] * (rhd === 'NEG' ? RHD_NEGATIVE_SHARE : 1 - RHD_NEGATIVE_SHARE);
        for (const cls of STOCK_CLASSES) {
          const rate = cls === 'platelets'
            ? (rhd === 'POS' ? this.cfg.apheresisPerDay * ABO_MIX[abo] * 1.8 : 0)
            : wb * share * perDonation[cls];
          this.inflowRate.set(poolKey(cls, abo, rhd), rate);
          this.demandNoise.set(poolKey(cls, abo, rhd), 0);
        }
      }
    }
  }

  private simulateDay(day: number, firstDay: number): void {
    const t0 = dayStart(day);
    if (t0 > this.nowMs) return;
    this.inflowToday.clear();
    // 1. Units released before today join the station's issuable stock.
    const arriving = this.pending.get(day) ?? [];
    this.pending.delete(day);
    for (const u of arriving) {
      const key = poolKey(u.cls, u.abo, u.rhd);
      this.pendingQty.set(key, (this.pendingQty.get(key) ?? 0) - u.quantity);
      if (u.status !== 'available' || u.location !== this.station.id) continue;
      const p = this.pool(key);
      p.units.push(u);
      this.inflowToday.set(key, (this.inflowToday.get(key) ?? 0) + u.quantity);
    }
    for (const [key, rate] of this.inflowRate) {
      const inflow = this.inflowToday.get(key) ?? 0;
      this.inflowRate.set(key, day === firstDay ? rate : rate * 0.93 + inflow * 0.07);
    }
    // 2. Expiry sweep.
    this.sweepExpired(t0 + DAY);
    // 3. Collection (with call-ins for rare groups and platelets).
    this.collectDay(day);
    // 4. Issue: replenish storage points, fill hospital orders.
    this.issueDay(day, firstDay);
  }

  private sweepExpired(until: number): void {
    const sweep = (units: Unit[], orgId: number): Unit[] => units.filter((u) => {
      if (u.status !== 'available') return false;
      if (u.expiresAt >= until) return true;
      if (u.expiresAt > this.nowMs) return true; // expires after now: still in stock at the end
      u.status = 'expired';
      u.updatedAt = u.expiresAt;
      this.event(u, u.donationId, u.din, 'expire', u.expiresAt, null, orgId, 'available', 'expired', 'EXPIRED');
      return false;
    });
    for (const p of this.stationPools.values()) p.units = sweep(p.units, this.station.id);
    for (const sp of this.storagePoints) for (const [k, list] of sp.pools) sp.pools.set(k, sweep(list, sp.org.id));
  }

  private collectDay(day: number): void {
    const rng = this.rng;
    const t0 = dayStart(day);
    const dow = weekday(day);
    // Weekends bring more walk-in donors to the houses and vehicles; fewest donors around the Spring Festival.
    const season = 1 - 0.08 * Math.cos(((new Date(t0 + CST).getUTCMonth() + 0.5) / 12) * 2 * Math.PI - 0.6);
    const weekFactor = dow === 0 || dow === 6 ? 1.18 : 0.93;
    const n = rng.poisson(this.cfg.wholeBloodPerDay * weekFactor * season);
    const plan: { at: number; kind: 'wb' | 'plt' | 'neg'; site: (typeof DONATION_SITES)[number]; abo?: AboGroup }[] = [];
    for (let i = 0; i < n; i++) {
      const site = rng.weighted(DONATION_SITES, DONATION_SITES.map((s) => s.weight));
      const [open, close] = site.kind === 'donation_house' ? [8.5, 20.5] : site.kind === 'vehicle' ? [8.5, 17.5] : [8, 17];
      plan.push({ at: t0 + rng.range(open, close) * HOUR, kind: 'wb', site });
    }
    const stationSite = DONATION_SITES[0];
    const m = rng.poisson(this.cfg.apheresisPerDay * (dow === 0 ? 0.6 : 1));
    for (let i = 0; i < m; i++) plan.push({ at: t0 + rng.range(8, 16.5) * HOUR, kind: 'plt', site: stationSite });
    // Call-ins: platelet donors by appointment when a group runs short.
    for (const abo of ABOS) {
      const key = poolKey('platelets', abo, 'POS');
      // Count doses still in date for 2.5 more days, so donors are booked before the stock expires (5-day shelf life).
      const lasting = (this.stationPools.get(key)?.units ?? []).filter((u) => u.expiresAt > t0 + 2.5 * DAY).length;
      const have = lasting + (this.pendingQty.get(key) ?? 0) + plan.filter((p) => p.kind === 'plt').length * 1.8 * ABO_MIX[abo];
      if (have < PLATELET_CALL_IN_BELOW[abo]) {
        const k = Math.ceil((PLATELET_CALL_IN_BELOW[abo] - have) / 1.8);
        for (let i = 0; i < k; i++) plan.push({ at: t0 + rng.range(8, 11) * HOUR, kind: 'plt', site: stationSite, abo });
      }
      // RhD-negative donors (稀有血型献血者) are called in when RhD-negative red cells run short.
      const negKey = poolKey('red_cells', abo, 'NEG');
      // Count only reserve that stays in date for another week, so a replacement arrives before the old bag expires.
      const negPool = this.stationPools.get(negKey)?.units ?? [];
      const negHave = negPool.filter((u) => u.expiresAt > t0 + 7 * DAY).reduce((q, u) => q + u.quantity, 0)
        + (this.pendingQty.get(negKey) ?? 0);
      if (negHave < this.cfg.negRbcReserve[abo] && (this.lastNegCallIn.get(abo) ?? -99) <= day - 5) {
        this.lastNegCallIn.set(abo, day);
        plan.push({ at: t0 + rng.range(9, 16) * HOUR, kind: 'neg', site: stationSite, abo });
      }
    }
    plan.sort((a, b) => a.at - b.at);
    for (const p of plan) {
      if (p.at > this.nowMs) continue;
      if (p.kind === 'wb') this.collectWholeBlood(this.wholeBloodDonor(p.at), p.at, p.site);
      else if (p.kind === 'neg') this.collectWholeBlood(this.negDonor(p.at, p.abo!), p.at, p.site);
      else this.collectApheresis(this.plateletDonor(p.at, p.abo), p.at);
    }
  }

  private stockQty(key: string): number {
    const p = this.stationPools.get(key);
    if (!p) return 0;
    let s = 0;
    for (const u of p.units) s += u.quantity;
    return s;
  }

  /** Takes units FEFO from a list until `qty` is reached; respects shelf-life margin, bag-size preference and a floor. */
  private take(units: Unit[], cls: StockClass, qty: number, issueBy: number, floor: number, smallBags: 'aged' | 'never' = 'aged'): Unit[] {
    units.sort((a, b) => a.expiresAt - b.expiresAt || a.id - b.id);
    let stock = 0;
    for (const u of units) stock += u.quantity;
    const out: Unit[] = [];
    let taken = 0;
    const keep: Unit[] = [];
    for (const u of units) {
      const ok = taken < qty - 1e-9 && stock - u.quantity >= floor - 1e-9
        && u.expiresAt > issueBy + MIN_REMAINING_MS[cls]
        && (!u.smallBag || (smallBags === 'aged' && issueBy - u.collectedAt > 32 * DAY));
      if (ok) {
        out.push(u);
        taken += u.quantity;
        stock -= u.quantity;
      } else {
        keep.push(u);
      }
    }
    units.length = 0;
    for (const u of keep) units.push(u);
    return out;
  }

  private issueDay(day: number, firstDay: number): void {
    const rng = this.rng;
    const t0 = dayStart(day);
    const dow = weekday(day);
    const demandFactor = dow === 0 ? 0.72 : dow === 6 ? 0.85 : 1.07;
    const issueBy = t0 + 26 * HOUR;
    const direct = new Map<Hospital, Unit[]>();
    const viaStoragePoint = this.storagePoints.map(() => new Map<Hospital, Unit[]>());
    const transfers = this.storagePoints.map(() => [] as Unit[]);
    for (const cls of STOCK_CLASSES) {
      for (const abo of ABOS) {
        for (const rhd of RHDS) {
          const key = poolKey(cls, abo, rhd);
          const pool = this.pool(key);
          const rate = this.inflowRate.get(key) ?? 0;
          const noise = (this.demandNoise.get(key) ?? 0) * 0.7 + rng.normal(0, 0.05);
          this.demandNoise.set(key, noise);
          const stock = this.stockQty(key);
          // Target days of supply against the larger of supply and recent issue (what days-of-supply reports divide by).
          const history = this.issuedHistory.get(key) ?? [];
          const recent = history.slice(-14);
          const recentIssue = recent.length >= 7 ? recent.reduce((a, b) => a + b, 0) / recent.length : 0;
          const target = STATION_TARGET_DAYS[cls] * Math.max(rate, recentIssue) * (1 + noise);
          let issuedToday = 0;
          const ramp = day - firstDay < 5 ? 0.35 : 0.6;
          // RhD-negative red cells are issued only above the target (no minimum flow) and never below the
          // call-in level: the station keeps a small reserve for RhD-negative patients.
          const negRbc = rhd === 'NEG' && cls === 'red_cells';
          const budget0 = demandFactor * Math.max(negRbc ? 0 : ramp * rate * (1 + rng.normal(0, 0.1)), stock - target);
          let budget = budget0;
          const floor = rhd === 'POS' ? STATION_FLOOR[cls][abo] : negRbc ? this.cfg.negRbcReserve[abo] : 0;
          // Storage points first (red cells and plasma; cryo and platelets go straight to the hospitals).
          if ((cls === 'red_cells' || cls === 'plasma') && rhd === 'POS') {
            this.storagePoints.forEach((sp, i) => {
              const spRate = rate * sp.share;
              const spStock = (sp.pools.get(key) ?? []).reduce((s, u) => s + u.quantity, 0);
              const need = Math.max(0, STORAGE_POINT_TARGET_DAYS * spRate + spRate * demandFactor - spStock);
              if (need <= 0 || budget <= 0) return;
              const got = this.take(pool.units, cls, Math.min(need, budget), issueBy + 2 * DAY, floor, 'never');
              const q = got.reduce((s, u) => s + u.quantity, 0);
              budget -= q;
              issuedToday += q;
              transfers[i].push(...got);
            });
          }
          if (budget > 0) {
            const got = this.take(pool.units, cls, budget, issueBy, floor);
            for (const u of got) {
              const h = this.pickHospital(cls === 'platelets' || cls === 'cryo' ? 'plt' : 'direct');
              const list = direct.get(h) ?? [];
              list.push(u);
              direct.set(h, list);
              issuedToday += u.quantity;
            }
          }
          history.push(issuedToday);
          this.issuedHistory.set(key, history);
        }
      }
    }
    // Transfers to storage points: the morning delivery run.
    this.storagePoints.forEach((sp, i) => {
      if (transfers[i].length > 0) this.transfer(sp, transfers[i], t0 + rng.range(6.5, 8) * HOUR);
    });
    // Storage points issue to the hospitals they serve.
    this.storagePoints.forEach((sp, i) => {
      for (const [key, list] of sp.pools) {
        const [cls, abo] = key.split('|') as [StockClass, AboGroup, RhD];
        const rate = (this.inflowRate.get(key) ?? 0) * sp.share * demandFactor * Math.max(0, 1 + rng.normal(0, 0.2));
        const got = this.take(list, cls, rate, issueBy, 0);
        for (const u of got) {
          const h = this.pickFrom(sp.hospitals);
          const m = viaStoragePoint[i].get(h) ?? [];
          m.push(u);
          viaStoragePoint[i].set(h, m);
        }
        void abo;
      }
    });
    for (const [h, units] of direct) this.ordersForHospital(h, units, day, this.station.id, this.user('dispatch'));
    this.storagePoints.forEach((sp, i) => {
      for (const [h, units] of viaStoragePoint[i]) this.ordersForHospital(h, units, day, sp.org.id, sp.userId);
    });
  }

  private pickHospital(kind: 'direct' | 'plt'): Hospital {
    const c = this.hospitalCum!;
    const [cum, list] = kind === 'direct' ? [c.direct, c.directList] : [c.plt, c.pltList];
    const r = this.rng.next() * cum[cum.length - 1];
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    return list[lo];
  }

  private pickFrom(list: Hospital[]): Hospital {
    return this.rng.weighted(list, list.map((h) => h.weight));
  }

  private transfer(sp: StoragePoint, units: Unit[], at: number): void {
    const back = (u: Unit) => {
      const p = this.pool(poolKey(u.cls, u.abo, u.rhd));
      p.units.push(u);
    };
    if (at > this.nowMs) {
      units.forEach(back);
      return;
    }
    this.transferSeq++;
    const transferNumber = `DB${isoDay(at).replace(/-/g, '')}${String(this.transferSeq).padStart(5, '0')}`;
    const dispatch = this.user('dispatch');
    for (const u of units) {
      u.location = sp.org.id;
      u.updatedAt = at;
      this.event(u, u.donationId, u.din, 'transfer', at, dispatch, sp.org.id, 'available', 'available', null,
        { fromOrgId: this.station.id, toOrgId: sp.org.id, transferNumber });
      this.addDaily(at, this.station.id, u);
      const key = poolKey(u.cls, u.abo, u.rhd);
      const list = sp.pools.get(key) ?? [];
      list.push(u);
      sp.pools.set(key, list);
    }
  }

  private addDaily(at: number, orgId: number, u: Unit): void {
    const key = `${isoDay(at)}|${orgId}|${u.cls}|${u.abo}|${u.rhd}`;
    this.daily.set(key, (this.daily.get(key) ?? 0) + u.quantity);
  }

  /** One routine order per hospital and day, with a share of units split into emergency orders. */
  private ordersForHospital(h: Hospital, units: Unit[], day: number, issuerOrgId: number, issuerUserId: number): void {
    const rng = this.rng;
    const t0 = dayStart(day);
    const routine: Unit[] = [];
    const emergency: Unit[] = [];
    for (const u of units) {
      const pEmergency = u.rhd === 'NEG' ? 0.4 : u.cls === 'platelets' ? 0.15 : 0.05;
      (rng.chance(pEmergency) ? emergency : routine).push(u);
    }
    const county = !h.urban;
    if (routine.length > 0) {
      const createdAt = rng.chance(0.6) ? t0 - rng.range(3, 9) * HOUR : t0 + rng.range(6.5, 8.5) * HOUR;
      const allocAt = t0 + rng.range(8.5, 11.5) * HOUR + (issuerOrgId === this.station.id ? 0 : HOUR);
      const issueAt = allocAt + rng.range(10, 45) * MIN;
      const receiveAt = issueAt + (county && issuerOrgId === this.station.id ? rng.range(90, 170) : rng.range(30, 80)) * MIN;
      this.order(h, routine, 'routine', createdAt, t0 + rng.pick([12, 14, 16]) * HOUR, allocAt, issueAt, receiveAt, issuerOrgId, issuerUserId, null);
    }
    if (emergency.length > 0) {
      const createdAt = t0 + rng.range(0.2, 23.5) * HOUR;
      const allocAt = createdAt + rng.range(5, 15) * MIN;
      const issueAt = allocAt + rng.range(5, 15) * MIN;
      const receiveAt = issueAt + rng.range(25, county ? 90 : 60) * MIN;
      this.order(h, emergency, 'emergency', createdAt, createdAt + HOUR, allocAt, issueAt, receiveAt, issuerOrgId, issuerUserId,
        rng.pick(['急诊抢救用血', '术中大出血', '产后出血抢救', '消化道出血急诊', '创伤急救']));
    }
  }

  private order(h: Hospital, units: Unit[], priority: 'routine' | 'emergency', createdAt: number, neededBy: number, allocAt: number,
    issueAt: number, receiveAt: number, issuerOrgId: number, issuerUserId: number, note: string | null): void {
    const now = this.nowMs;
    const returnUnits = () => {
      for (const u of units) {
        if (issuerOrgId === this.station.id) this.pool(poolKey(u.cls, u.abo, u.rhd)).units.push(u);
        else {
          const sp = this.storagePoints.find((s) => s.org.id === issuerOrgId)!;
          sp.pools.get(poolKey(u.cls, u.abo, u.rhd))!.push(u);
        }
      }
    };
    if (createdAt > now) {
      returnUnits();
      return;
    }
    const rng = this.rng;
    const orderId = this.id('blood_order');
    const orderNumber = `DD${isoDay(createdAt).replace(/-/g, '')}${String(orderId).padStart(6, '0')}`;
    const byLine = new Map<string, Unit[]>();
    for (const u of units) {
      const k = poolKey(u.cls, u.abo, u.rhd);
      const l = byLine.get(k) ?? [];
      l.push(u);
      byLine.set(k, l);
    }
    const allocated = allocAt <= now;
    const issued = receiveAt <= now; // issue and receipt both happen before now, or neither (nothing in transit)
    const status = issued ? 'received' : allocated ? 'allocated' : 'submitted';
    const lines: { id: number; units: Unit[] }[] = [];
    for (const [k, list] of byLine) {
      const [cls, abo, rhd] = k.split('|');
      const qty = Math.round(list.reduce((s, u) => s + u.quantity, 0) * 100) / 100;
      const lineId = this.id('order_line');
      this.tLine.push(lineId, this.station.id, orderId, cls, abo, rhd, qty, allocated ? qty : 0);
      lines.push({ id: lineId, units: list });
    }
    this.tOrder.push(orderId, this.station.id, orderNumber, h.org.id, status, priority, neededBy, note, h.userId, createdAt,
      issued ? receiveAt : allocated ? allocAt : createdAt, issued ? issueAt : null, issued ? receiveAt : null);
    this.orderCount++;
    if (!allocated) {
      returnUnits();
      return;
    }
    const tempC = units.some((u) => u.cls === 'red_cells') ? Math.round(rng.range(2.5, 5.8) * 10) / 10
      : units.some((u) => u.cls === 'platelets') ? Math.round(rng.range(21, 23.5) * 10) / 10 : -Math.round(rng.range(19, 25));
    const driver = `${this.personName('male', rng)}`;
    for (const line of lines) {
      for (const u of line.units) {
        this.tAlloc.push(this.id('order_allocation'), this.station.id, orderId, line.id, u.id, allocAt);
        u.orderId = orderId;
        u.status = 'reserved';
        u.updatedAt = allocAt;
        this.event(u, u.donationId, u.din, 'reserve', allocAt, issuerUserId, issuerOrgId, 'available', 'reserved', null, { orderId });
        if (!issued) continue;
        u.status = 'issued';
        u.updatedAt = receiveAt;
        this.event(u, u.donationId, u.din, 'issue', issueAt, issuerUserId, issuerOrgId, 'reserved', 'issued', null,
          { orderId, hospitalOrgId: h.org.id });
        this.event(u, u.donationId, u.din, 'handover', issueAt, issuerUserId, issuerOrgId, null, null, null,
          { orderId, handoverTo: driver, tempC });
        this.addDaily(issueAt, issuerOrgId, u);
        u.location = h.org.id;
        this.event(u, u.donationId, u.din, 'receipt', receiveAt, h.userId, h.org.id, null, null, null,
          { orderId, tempC: Math.round((tempC + rng.range(-0.4, 0.6)) * 10) / 10 });
      }
    }
    if (issued) this.transfuseAtHospital(h, units, receiveAt);
  }

  /** Hospitals use what they receive within days (red cells ≈ 2.5 d on average), always before expiry. */
  private transfuseAtHospital(h: Hospital, units: Unit[], receivedAt: number): void {
    const rng = this.rng;
    const meanDays: Record<string, number> = { red_cells: 2.3, plasma: 1.5, cryo: 1, platelets: 0.3 };
    let patient: { name: string; idNumber: string | null; ward: string } | null = null;
    const sorted = [...units].sort((a, b) => a.cls.localeCompare(b.cls) || a.abo.localeCompare(b.abo));
    for (const u of sorted) {
      let at = receivedAt + Math.max(15 * MIN, rng.exponential(meanDays[u.cls] * DAY));
      if (at >= u.expiresAt - HOUR) at = Math.max(receivedAt + 10 * MIN, u.expiresAt - rng.range(1, 6) * HOUR);
      if (at > this.nowMs) continue; // still in the hospital's blood bank
      if (patient === null || rng.chance(0.55)) {
        const sex: Sex = rng.chance(0.5) ? 'male' : 'female';
        const ward = u.cls === 'platelets' ? rng.pick(['血液科', '肿瘤科', '重症医学科']) : rng.pick(WARDS);
        let idNumber: string | null = null;
        if (rng.chance(0.35)) {
          const birth = new Date(at - rng.range(5, 85) * 365.25 * DAY);
          idNumber = this.residentId(birth, sex, rng);
        }
        patient = { name: this.personName(sex, rng), idNumber, ward };
      }
      u.status = 'transfused';
      u.updatedAt = at;
      this.tTransfusion.push(this.id('transfusion'), this.station.id, u.id, h.org.id, patient.name, patient.idNumber, u.abo, u.rhd,
        patient.ward, at, h.userId, at);
      this.event(u, u.donationId, u.din, 'transfusion', at, h.userId, h.org.id, 'issued', 'transfused', null,
        { ward: patient.ward, patientAbo: u.abo, patientRhd: u.rhd });
      this.addDaily(at, h.org.id, u);
    }
  }

  // -------------------------------------------------------------------------------------------------------
  // End state

  /** Expire what is past its date at `now` wherever it sits unissued. */
  private finalSweep(): void {
    for (const u of this.units) {
      if ((u.status === 'available' || u.status === 'reserved' || u.status === 'quarantined') && u.expiresAt <= this.nowMs) {
        const from = u.status;
        u.status = 'expired';
        u.updatedAt = u.expiresAt;
        this.event(u, u.donationId, u.din, 'expire', u.expiresAt, null, u.location, from, 'expired', 'EXPIRED');
      }
    }
  }

  /** A few orders the hospitals have just submitted, including the Weifang GI-bleed emergency (seed 003). */
  private openOrdersAtEnd(lastDay: number): void {
    const rng = this.rng;
    const now = this.nowMs;
    const submit = (h: Hospital, createdAt: number, priority: 'routine' | 'emergency', note: string | null,
      lines: [ComponentClass, AboGroup, RhD, number][]) => {
      const orderId = this.id('blood_order');
      const orderNumber = `DD${isoDay(createdAt).replace(/-/g, '')}${String(orderId).padStart(6, '0')}`;
      this.tOrder.push(orderId, this.station.id, orderNumber, h.org.id, 'submitted', priority,
        priority === 'emergency' ? createdAt + HOUR : dayStart(lastDay + 1) + 10 * HOUR, note, h.userId, createdAt, createdAt, null, null);
      for (const [cls, abo, rhd, qty] of lines) this.tLine.push(this.id('order_line'), this.station.id, orderId, cls, abo, rhd, qty, 0);
      this.orderCount++;
    };
    submit(this.hospitals[0], now - 25 * MIN, 'emergency', 'O型患者消化道大出血，急诊绿色通道（第二次来电）',
      [['red_cells', 'O', 'POS', 7.5], ['plasma', 'O', 'POS', 960], ['cryo', 'O', 'POS', 20]]);
    const others = this.hospitals.slice(1, Math.min(4, this.hospitals.length));
    for (const h of others) {
      const abo = rng.weighted(ABOS, ABOS.map((a) => ABO_MIX[a]));
      submit(h, now - rng.range(30, 170) * MIN, 'routine', null,
        [['red_cells', abo, 'POS', rng.pick([4, 6, 8, 10])], ['plasma', abo, 'POS', rng.pick([400, 600, 800])]]);
    }
  }

  private finish(): void {
    const st = this.station.id;
    for (const d of this.donors) {
      this.tDonor.push(d.id, st, d.donorNumber, d.idNumber, d.name, d.sex, d.birthDate, d.phone, d.knownAbo ? d.abo : null,
        d.knownAbo ? d.rhd : null, d.deferredUntil, d.permanentlyDeferred, d.createdAt, d.updatedAt);
    }
    for (const u of this.units) {
      this.tUnit.push(u.id, st, u.din, u.donationId, u.parentId, u.product.id, u.product.nationalCode, u.split, u.cls,
        u.typed ? u.abo : null, u.typed ? u.rhd : null, u.volumeMl, u.quantity, u.product.quantityUnit, u.status, u.released,
        u.labelled, false, u.location, u.orderId, u.collectedAt, u.preparedAt, u.expiresAt, u.createdAt, u.updatedAt);
    }
    for (const [key, qty] of this.daily) {
      const [day, org, cls, abo, rhd] = key.split('|');
      this.tDaily.push(st, day, Number(org), cls, abo, rhd, Math.round(qty * 100) / 100);
    }
    for (const [yy, serial] of [...this.dinSerial].sort((a, b) => a[0] - b[0])) this.tDin.push(st, yy, serial + 1);
    // Events in time order, ids ascending with time (the trace reads naturally by id as well as by time).
    const at = this.tEvent.column('at') as number[];
    const order = new Uint32Array(at.length);
    for (let i = 0; i < order.length; i++) order[i] = i;
    order.sort((a, b) => at[a] - at[b] || a - b);
    const ids = this.tEvent.column('id');
    const base = this.ids.unit_event;
    for (let rank = 0; rank < order.length; rank++) ids[order[rank]] = base + rank;
    this.tEvent.order = order;
    this.nextId.unit_event = base + order.length;
    this.tAudit.push(this.id('audit_log'), st, this.nowMs, this.user('admin'), '系统管理员', 'demo.load', 'system', 'demo', null, null,
      JSON.stringify({ scale: this.opts.scale, stationCode: this.stationCode, donations: this.tDonation.length, units: this.tUnit.length }),
      null);
    this.checkEndState();
  }

  /** The promise of the demo: an O patient's Weifang emergency (25 U RBC, 6000 ml plasma, 55 U cryo, 2 platelet doses) is fillable. */
  private checkEndState(): void {
    const at = (u: Unit) => u.status === 'available' && u.location === this.station.id && u.expiresAt > this.nowMs;
    const sum = (f: (u: Unit) => boolean) => this.units.filter((u) => at(u) && f(u)).reduce((s, u) => s + u.quantity, 0);
    const rbcO = sum((u) => u.cls === 'red_cells' && u.abo === 'O' && u.rhd === 'POS');
    const plasma = sum((u) => u.cls === 'plasma' && u.product.id === 'VI_FFP');
    const cryo = sum((u) => u.cls === 'cryo');
    const pltO = sum((u) => u.cls === 'platelets' && u.abo === 'O');
    if (rbcO < 25 || plasma < 6000 || cryo < 55 || pltO < 2) {
      throw new Error(`demo calibration: station stock cannot fill the emergency scenario (O RBC ${rbcO} U, VI plasma ${plasma} ml, cryo ${cryo} U, O platelets ${pltO})`);
    }
  }

  private dataset(): DemoDataset {
    const byStatus: Record<string, number> = {};
    for (const u of this.units) byStatus[u.status] = (byStatus[u.status] ?? 0) + 1;
    return {
      tables: [this.tOrg, this.tUser, this.tDonor, this.tDonation, this.tUnit, this.tOrder, this.tLine, this.tAlloc, this.tTransfusion,
        this.tEvent, this.tDaily, this.tDin, this.tAudit],
      stationId: this.station.id,
      stationOrgCode: this.station.code,
      logins: this.logins,
      counts: {
        organisations: this.tOrg.length, users: this.tUser.length, donors: this.tDonor.length, donations: this.tDonation.length,
        units: this.tUnit.length, unitsByStatus: byStatus, events: this.tEvent.length, orders: this.orderCount,
        transfusions: this.tTransfusion.length, dailyIssueRows: this.tDaily.length,
      },
      dinSequence: [...this.dinSerial].map(([year, serial]) => ({ year, nextSerial: serial + 1 })),
    };
  }
}
