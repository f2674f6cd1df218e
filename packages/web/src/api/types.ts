/**
 * Wire types for the HTTP API (docs/api.md). Domain vocabulary comes from @redbridge/domain.
 * Optional / nullable fields are typed defensively: the UI must render whatever the server omits.
 */
import type {
  AboGroup,
  ComponentClass,
  OrgType,
  RhD,
  Role,
  Sex,
  TestOutcome,
  UnitStatus,
} from '@redbridge/domain/types';

export type { AboGroup, ComponentClass, OrgType, RhD, Role, Sex, TestOutcome, UnitStatus };

// Runtime copies of the domain unions (the web only imports types from the domain package).
export const ABO_GROUPS: readonly AboGroup[] = ['A', 'B', 'O', 'AB'];
export const RHD_VALUES: readonly RhD[] = ['POS', 'NEG'];
export const UNIT_STATUSES: readonly UnitStatus[] = [
  'quarantined', 'available', 'reserved', 'issued', 'transfused', 'processed', 'discarded', 'expired', 'recalled',
];
/** Classes that appear in stock reports and hospital orders (whole blood is processed, not issued). */
export const STOCK_CLASSES: readonly ComponentClass[] = ['red_cells', 'platelets', 'plasma', 'cryo'];
export const COMPONENT_CLASSES: readonly ComponentClass[] = ['whole_blood', 'red_cells', 'platelets', 'plasma', 'cryo'];

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  orgId: string;
  orgName: string;
  orgType: OrgType;
  stationId: string | null;
}

export interface Session {
  user: User;
  csrfToken: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
  /** The list counted no further than `total` (large unit lists): show "total+". */
  totalIsLowerBound?: boolean;
}

export interface ItemsOnly<T> {
  items: T[];
}

export interface PageParams {
  page?: number;
  pageSize?: number;
}

export interface Org {
  id: string;
  code: string;
  name: string;
  type: OrgType;
  parentId: string | null;
}

// ---- Donors ---------------------------------------------------------------

export interface Donor {
  id: string;
  donorNumber: string;
  name: string;
  idNumberMasked: string;
  sex: Sex | null;
  birthDate: string | null;
  phone: string | null;
  abo: AboGroup | null;
  rhd: RhD | null;
  donationCount: number;
  lastDonationAt: string | null;
  deferredUntil: string | null;
}

export interface DonorDetail extends Donor {
  donations: Donation[];
}

export interface RegisterDonorInput {
  idNumber: string;
  name: string;
  phone?: string;
  abo?: AboGroup;
  rhd?: RhD;
}

// ---- Donations ------------------------------------------------------------

export type DonationStatus = 'collected' | 'tested' | 'released' | 'discarded' | 'processed';
export const DONATION_STATUSES: readonly DonationStatus[] = ['collected', 'tested', 'released', 'processed', 'discarded'];
export type VolumeMl = 200 | 300 | 400;
export type TtiMarker = 'hbsag' | 'hcv' | 'hiv' | 'tp';
export const TTI_MARKERS: readonly TtiMarker[] = ['hbsag', 'hcv', 'hiv', 'tp'];

export interface TestResultsInput {
  abo: AboGroup;
  rhd: RhD;
  altUPerL: number;
  hbsag: TestOutcome;
  hcv: TestOutcome;
  hiv: TestOutcome;
  tp: TestOutcome;
}

export interface TestResults extends Partial<TestResultsInput> {
  testedAt?: string | null;
  testedBy?: string | null;
}

export interface Donation {
  id: string;
  din: string;
  donorId: string;
  donorName: string;
  volumeMl: VolumeMl;
  collectedAt: string;
  status: DonationStatus;
  abo: AboGroup | null;
  rhd: RhD | null;
  testConclusion: TestOutcome | null;
  testResults?: TestResults | null;
  /** Reasons for an unqualified conclusion (present after POST test-results). */
  reasons?: string[] | null;
  /** Server's structured reasons: `{code, marker, message}` with a "中文 / English" message. */
  testReasons?: { code: string; marker?: string; message: string }[] | null;
  dinCheck?: string;
  dinDisplay?: string;
  testedAt?: string | null;
  releasedAt?: string | null;
  discardReason?: string | null;
  units?: Unit[];
  siteId?: string | null;
  bagLot?: string | null;
}

export interface RecordDonationInput {
  donorId: string;
  volumeMl: VolumeMl;
  collectedAt?: string;
  siteId?: string;
  bagLot?: string;
}

export interface DiscardInput {
  reasonCode: string;
  note?: string;
}

// ---- Catalogue ------------------------------------------------------------

export interface Product {
  id: string;
  nationalCode: string;
  nameZh: string;
  nameEn: string;
  componentClass: ComponentClass;
  /** Shape not fixed by docs/api.md; rendered defensively. */
  storage: unknown;
  shelfLife: unknown;
  unitOfIssue: unknown;
}

// ---- Units / trace --------------------------------------------------------

export type QuantityUnit = 'U' | 'dose' | 'ml';

export interface Unit {
  /** ISO/IEC 7064 MOD 37-2 check character of the DIN. */
  dinCheck?: string;
  id: string;
  din: string;
  productId: string;
  productCode: string;
  productNameZh: string;
  productNameEn: string;
  componentClass: ComponentClass;
  abo: AboGroup | null;
  rhd: RhD | null;
  volumeMl: number | null;
  quantity: number;
  quantityUnit: QuantityUnit;
  status: UnitStatus;
  locationOrgId: string | null;
  locationOrgName: string | null;
  expiresAt: string | null;
  collectedAt: string | null;
}

export interface UnitFilter extends PageParams {
  status?: UnitStatus;
  abo?: AboGroup;
  rhd?: RhD;
  componentClass?: ComponentClass;
  productId?: string;
  orgId?: string;
  q?: string;
}

export interface TraceEvent {
  id: string;
  type: string;
  at: string;
  /** Display name of the user (or system job) that caused the event. */
  actor: string | { id?: string; name?: string; displayName?: string } | null;
  orgName: string | null;
  fromStatus: UnitStatus | null;
  toStatus: UnitStatus | null;
  reason: string | null;
  details: unknown;
}

export interface TraceUnit extends Unit {
  events: TraceEvent[];
}

export interface Trace {
  /** Null for a unit received from a peer station (regional transfer): see `origin`. */
  donation: Donation | null;
  donor: { donorNumber: string; nameMasked: string } | null;
  origin?: { stationCode: string; stationName: string | null; donorNumber: string | null } | null;
  units: TraceUnit[];
  /** Events of the donation as a whole, not of one bag (e.g. test results). */
  donationEvents?: TraceEvent[];
}

export interface TransfuseInput {
  patientIdNumber?: string;
  patientName: string;
  patientAbo: AboGroup;
  patientRhd: RhD;
  ward?: string;
  transfusedAt?: string;
}

// ---- Inventory ------------------------------------------------------------

export type AlertLevel = 'green' | 'watch' | 'yellow' | 'orange' | 'red';

export interface StockRow {
  componentClass: ComponentClass;
  abo: AboGroup;
  rhd: RhD;
  units: number;
  quantity: number;
  quantityUnit: QuantityUnit;
  avgDailyIssue: number | null;
  daysOfSupply: number | null;
  /** Not in docs/api.md yet; used when the server supplies it (configured thresholds). */
  alertLevel?: AlertLevel | null;
  level?: AlertLevel | null;
}

export interface Stock {
  orgId: string;
  asOf: string;
  rows: StockRow[];
}

// ---- Orders ---------------------------------------------------------------

export type OrderStatus = 'submitted' | 'allocated' | 'issued' | 'received' | 'cancelled';
export const ORDER_STATUSES: readonly OrderStatus[] = ['submitted', 'allocated', 'issued', 'received', 'cancelled'];
export type OrderPriority = 'routine' | 'emergency';
export type AllocationPolicy = 'identical_first' | 'identical_only';

export interface OrderLine {
  id: string;
  componentClass: ComponentClass;
  abo: AboGroup;
  rhd: RhD;
  quantity: number;
  allocatedQuantity: number | null;
}

export interface Order {
  id: string;
  orderNumber: string;
  hospitalOrgId: string;
  hospitalName: string;
  status: OrderStatus;
  priority: OrderPriority;
  neededBy: string;
  createdAt: string;
  note?: string | null;
  lines: OrderLine[];
  units?: Unit[];
}

export interface CreateOrderInput {
  lines: { componentClass: ComponentClass; abo: AboGroup; rhd: RhD; quantity: number }[];
  neededBy: string;
  priority: OrderPriority;
  note?: string;
}

// ---- Audit ----------------------------------------------------------------

export interface AuditEntry {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string;
  reason: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
}

export interface AuditFilter extends PageParams {
  entityType?: string;
  entityId?: string;
}
