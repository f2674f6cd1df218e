/**
 * Wires inventory alerts to targeted recruitment (issue #5 → issue #3): when a type worsens to yellow or beyond,
 * the alert engine's recruitment listener starts a donor-service campaign for that ABO/RhD and component, in the
 * same transaction as the level change (a savepoint), acting as the system.
 */
import type { Db } from '../../db/client.ts';
import type { ActionContext } from '../../lib/context.ts';
import type { AboGroup, ComponentClass, RhD } from '@redbridge/domain/types';
import { startRecruitmentCampaign } from '../recruitment/service.ts';
import { recomputeAlertLevels, setRecruitmentStarter } from './service.ts';
import { onStockArrived, type StockArrivedListener } from '../regional/hooks.ts';

/** Stock arriving from a peer station (issue #5 regional transfers) re-evaluates the alert levels at once. */
const recomputeOnArrival: StockArrivedListener = async (event, db) => {
  await recomputeAlertLevels(db, event.stationId, event.at);
};

/** Installs the arrival listener once per process. */
export function wireAlertRecompute(): void {
  if (!onStockArrived.includes(recomputeOnArrival)) onStockArrived.push(recomputeOnArrival);
}

/** Installs the starter; `stationCode` is this station's 献血码 facility code (config). */
export function wireAlertRecruitment(stationCode: string, now: () => Date, onError?: (err: unknown) => void): void {
  setRecruitmentStarter(async (tx, stationId, req) => {
    const ctx: ActionContext = {
      user: {
        id: 0, username: 'system', displayName: '系统（库存预警）', role: 'station_admin', orgId: stationId,
        orgName: '', orgType: 'station', stationId,
      },
      requestId: `alert:${req.abo}${req.rhd}:${req.alertLevel}`,
      now: now(),
      stationCode,
    };
    // tx.transaction() opens a savepoint on the same connection: never a second pool connection inside a
    // transaction (that deadlocks on the embedded database).
    // A failed campaign must not lose the alert itself: the savepoint rolls back, the alert commits, and the
    // `recruitment_requested` action row (campaignId null) shows staff that a campaign is still to be started.
    try {
      const campaign = await startRecruitmentCampaign(tx as unknown as Db, ctx, {
        abo: req.abo as AboGroup, rhd: req.rhd as RhD, componentClass: req.componentClass as ComponentClass | undefined,
        reason: 'inventory_alert', alertLevel: req.alertLevel, targetDate: req.targetDate,
      });
      return { campaignId: campaign.id as number };
    } catch (err) {
      onError?.(err);
      return {};
    }
  });
}
