/** Shared HTTP flows for issue 5 tests: a released donation with components, and an order issued and received. */
import assert from 'node:assert/strict';
import { computeResidentIdCheckDigit } from '@redbridge/domain/id-card';
import type { ApiClient } from './api-client.ts';

export const residentId = (first17: string): string => first17 + computeResidentIdCheckDigit(first17);

export interface Clients { donorUser: ApiClient; lab: ApiClient; component: ApiClient }

/** Donor → donation → results → components → release; returns the DIN, donor and the released units. */
export async function collectReleasedDonation(c: Clients, idFirst17: string, group: { abo: string; rhd: string }, products: string[]) {
  const donor = await c.donorUser.post('/api/donors', { idNumber: residentId(idFirst17), name: '张三', phone: '13800000000' });
  assert.equal(donor.status, 201, JSON.stringify(donor.body));
  const donation = await c.donorUser.post('/api/donations', { donorId: donor.body.id, volumeMl: 400 });
  assert.equal(donation.status, 201, JSON.stringify(donation.body));
  const din = donation.body.din as string;
  const results = await c.lab.post(`/api/donations/${din}/test-results`, {
    ...group, altUPerL: 22, hbsag: 'qualified', hcv: 'qualified', hiv: 'qualified', tp: 'qualified',
  });
  assert.equal(results.status, 200, JSON.stringify(results.body));
  const processed = await c.component.post(`/api/donations/${din}/process`, { products });
  assert.equal(processed.status, 200, JSON.stringify(processed.body));
  const released = await c.lab.post(`/api/donations/${din}/release`);
  assert.equal(released.status, 200, JSON.stringify(released.body));
  return { din, donorId: donor.body.id as number, donorNumber: donor.body.donorNumber as string, units: released.body.units as any[] };
}

/** A hospital order for red cells, allocated, issued and received; returns the order id. */
export async function deliverOrder(hospital: ApiClient, dispatch: ApiClient, line: { componentClass: string; abo: string; rhd: string; quantity: number }) {
  const order = await hospital.post('/api/orders', { lines: [line], neededBy: new Date(Date.now() + 3600_000).toISOString(), priority: 'routine' });
  assert.equal(order.status, 201, JSON.stringify(order.body));
  const allocated = await dispatch.post(`/api/orders/${order.body.id}/allocate`, {});
  assert.equal(allocated.status, 200, JSON.stringify(allocated.body));
  const issued = await dispatch.post(`/api/orders/${order.body.id}/issue`, { handoverTo: '王师傅', tempC: 4 });
  assert.equal(issued.status, 200, JSON.stringify(issued.body));
  const received = await hospital.post(`/api/orders/${order.body.id}/receive`, { tempC: 4 });
  assert.equal(received.status, 200, JSON.stringify(received.body));
  return { orderId: order.body.id as number, units: received.body.units as any[] };
}
