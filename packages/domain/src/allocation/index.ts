export type {
  AllocatedUnit,
  AllocationLine,
  AllocationOptions,
  AllocationReason,
  AllocationReasonCode,
  AllocationRequest,
  AllocationResult,
  ExcludedUnit,
  ExclusionCode,
  IssuingOrder,
  LineAllocation,
  StockUnit,
} from './fefo.ts';
export { ISSUING_ORDERS, MODIFIED_FIFO_DEFAULT_YOUNG_DAYS, allocateFefo } from './fefo.ts';
export type { AlertLevel, AlertThresholds } from './days-of-supply.ts';
export {
  ALERT_LEVELS,
  INVENTORY_ALERT_REGISTRY,
  INVENTORY_ALERT_SHANGHAI_2010,
  alertLevel,
  allocationCut,
  daysOfSupply,
  validateAlertThresholds,
} from './days-of-supply.ts';
