/**
 * Extension points for other modules (the alert engine of issue 5 first half): listeners run after units arrive in
 * this station's stock from a regional transfer, once the receiving transaction has committed.
 */

import type { Db } from '../../db/client.ts';

/** Units that just became stock at an organisation, summed per type. */
export interface StockArrivedEvent {
  stationId: number;
  orgId: number;
  at: Date;
  source: 'regional_transfer';
  transferId: number;
  lines: { componentClass: string; abo: string; rhd: string; units: number; quantity: number }[];
}

/** `db` is the receiving station's database (several stations may run in one process in tests). */
export type StockArrivedListener = (event: StockArrivedEvent, db: Db) => void | Promise<void>;

/**
 * Listeners called after a transfer is received (e.g. recompute alert levels). Push a function here at start-up;
 * a listener that throws is logged and does not undo the receipt.
 */
export const onStockArrived: StockArrivedListener[] = [];

/** Runs every listener; returns the errors (never throws). */
export async function emitStockArrived(event: StockArrivedEvent, db: Db): Promise<unknown[]> {
  const errors: unknown[] = [];
  for (const listener of onStockArrived) {
    try {
      await listener(event, db);
    } catch (error) {
      // The receipt has committed; a failed follow-up (e.g. alert recompute) must not undo it, but must be seen.
      console.error(`[stock-arrived] listener failed for transfer ${event.transferId}:`, error);
      errors.push(error);
    }
  }
  return errors;
}
