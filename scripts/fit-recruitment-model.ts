/**
 * Fits the donor-return model (packages/domain/src/recruitment) on SYNTHETIC histories: each simulated donor has a
 * latent habit (gamma-like) that drives both past frequency and the chance to return; lapse grows with recency.
 * Prints coefficients, held-out AUC and calibration by decile. Run: node --import tsx scripts/fit-recruitment-model.ts
 * This is not a real-world validation: no donor-return dataset is available offline.
 */
import { auc, rawProbability, type ReturnModel, type RfmtFeatures } from '../packages/domain/src/recruitment/index.ts';

let seed = 20261121;
const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
const rows: { f: RfmtFeatures; y: boolean }[] = [];
for (let i = 0; i < 20000; i++) {
  const habit = -Math.log(rnd()) * (rnd() < 0.3 ? 2.5 : 0.6); // donations a year when active
  const tenure = 1 + Math.floor(rnd() * 120);
  const frequency = Math.max(1, Math.round(habit * tenure / 12 * (0.5 + rnd())));
  const recency = Math.min(tenure, Math.floor(-Math.log(rnd()) * (12 / Math.max(habit, 0.2))));
  const volumeMl = frequency * (rnd() < 0.6 ? 400 : rnd() < 0.5 ? 300 : 200);
  const lapsed = 1 - Math.exp(-recency / 18);
  const pReturn = Math.min(0.95, (1 - Math.exp(-habit / 2)) * (1 - 0.8 * lapsed) * (tenure > 60 ? 0.85 : 1));
  rows.push({ f: { recencyMonths: recency, frequency, volumeMl, firstDonationMonths: tenure }, y: rnd() < pReturn });
}
const train = rows.filter((_, i) => i % 2 === 0);
const test = rows.filter((_, i) => i % 2 === 1);
const x = (f: RfmtFeatures) => [1, f.recencyMonths, Math.log1p(f.frequency), f.volumeMl / 1000, f.firstDonationMonths];
let w = [0, 0, 0, 0, 0];
const model = (): ReturnModel => ({ intercept: w[0], recencyPerMonth: w[1], logFrequency: w[2], volumePerLitre: w[3], tenurePerMonth: w[4], horizonMonths: 6, heldOutAuc: 0 });
// Newton–Raphson would be nicer; Adam-free gradient descent with per-feature scaling is enough here.
const scale = [1, 1 / 24, 1, 1 / 4, 1 / 60];
for (let it = 0; it < 4000; it++) {
  const g = [0, 0, 0, 0, 0];
  const m = model();
  for (const r of train) {
    const err = rawProbability(r.f, m) - (r.y ? 1 : 0);
    x(r.f).forEach((v, k) => { g[k] += err * v; });
  }
  w = w.map((v, k) => v - 0.5 * scale[k] * scale[k] * g[k] / train.length);
}
const m = model();
const p = test.map((r) => rawProbability(r.f, m));
const a = auc(p, test.map((r) => r.y));
console.log('coefficients', JSON.stringify({ ...m, heldOutAuc: Number(a.toFixed(3)) }, (_, v) => (typeof v === 'number' ? Number(v.toFixed(4)) : v)));
console.log(`held-out AUC ${a.toFixed(3)} (n=${test.length}, base rate ${(test.filter((r) => r.y).length / test.length).toFixed(3)})`);
const order = p.map((v, i) => [v, test[i].y ? 1 : 0] as const).sort((q, r) => q[0] - r[0]);
console.log('decile  mean predicted  observed');
for (let d = 0; d < 10; d++) {
  const s = order.slice(Math.floor(d * order.length / 10), Math.floor((d + 1) * order.length / 10));
  console.log(`${d + 1}\t${(s.reduce((t, v) => t + v[0], 0) / s.length).toFixed(3)}\t\t${(s.reduce((t, v) => t + v[1], 0) / s.length).toFixed(3)}`);
}
