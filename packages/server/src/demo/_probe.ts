import { generateDemo } from './generator.ts';
const now = new Date(process.argv[3] ?? '2026-03-15T02:00:00Z');
const t = performance.now();
const d = generateDemo({ scale: (process.argv[2] ?? 'small') as 'small', stationCode: '37071', now, passwordHash: 'x' });
console.log('gen ms', Math.round(performance.now() - t));
const tab = (n: string) => d.tables.find((x) => x.name === n)!;
const rows = (n: string) => { const tb = tab(n); return Array.from({ length: tb.length }, (_, i) => Object.fromEntries(tb.columns.map((c, j) => [c.name, tb.data[j][i]]))) as any[]; };
const units = rows('blood_unit'); const daily = rows('daily_issue'); const orgs = rows('organisation'); const dons = rows('donation');
console.log(JSON.stringify(d.counts));
const st = d.stationId; const nowMs = now.getTime();
const win = 14; const since = new Date(nowMs + 8*3600e3 - win*86400e3).toISOString().slice(0,10);
for (const org of orgs.filter((o) => o.type !== 'health_commission').slice(0, 5)) {
  const lines: string[] = [];
  for (const cls of ['red_cells','plasma','cryo','platelets']) for (const abo of ['O','A','B','AB']) for (const rhd of ['POS','NEG']) {
    const stock = units.filter((u) => u.location_org_id === org.id && ['available','reserved'].includes(u.status) && u.component_class === cls && u.abo === abo && u.rhd === rhd && u.expires_at > nowMs).reduce((s, u) => s + u.quantity, 0);
    const held = units.filter((u) => u.location_org_id === org.id && u.status === 'issued' && u.component_class === cls && u.abo === abo && u.rhd === rhd).reduce((s, u) => s + u.quantity, 0);
    const use = daily.filter((r) => r.org_id === org.id && r.component_class === cls && r.abo === abo && r.rhd === rhd && r.day >= since).reduce((s, r) => s + r.quantity, 0) / win;
    const near = units.filter((u) => u.location_org_id === org.id && u.status === "available" && u.component_class === cls && u.abo === abo && u.rhd === rhd && u.expires_at < nowMs + 7*86400e3).length;
    if (stock || use || held) lines.push(`${cls} ${abo}${rhd==='POS'?'+':'-'}: stock ${stock.toFixed(1)} held ${held} use/d ${use.toFixed(1)} DoS ${(use ? stock/use : Infinity).toFixed(1)} near ${near}`);
  }
  console.log(`== ${org.name} (${org.type})\n  ` + lines.join('\n  '));
}
const tested = dons.filter((x) => x.abo);
const share = (f: (x: any) => boolean, arr: any[]) => (100 * arr.filter(f).length / arr.length).toFixed(2);
console.log('ABO', ['O','A','B','AB'].map((a) => `${a} ${share((x) => x.abo === a, tested)}`).join(' '), 'NEG', share((x) => x.rhd === 'NEG', tested), 'unq', share((x) => x.test_conclusion === 'unqualified', tested));
console.log('donation status', JSON.stringify(dons.reduce((m: any, x) => (m[x.status] = (m[x.status] ?? 0) + 1, m), {})));
const dailyByDay = new Map<string, number>(); for (const r of daily) if (r.org_id === st && r.component_class === 'red_cells') dailyByDay.set(r.day, (dailyByDay.get(r.day) ?? 0) + r.quantity);
console.log('station RBC issue by day', [...dailyByDay].sort().map(([k, v]) => `${k.slice(5)}:${Math.round(v)}`).join(' '));
const rbc = units.filter((u) => u.location_org_id === st && u.status === 'available' && u.component_class === 'red_cells');
const hist: Record<string, number> = {};
for (const u of rbc) { const age = Math.floor((nowMs - u.collected_at) / 86400e3); const k = `${u.quantity === 1 ? 'S' : 'L'}${Math.floor(age / 4) * 4}`; hist[k] = (hist[k] ?? 0) + 1; }
console.log('rbc age hist', JSON.stringify(Object.fromEntries(Object.entries(hist).sort())));
const exp = units.filter((u) => u.status === 'expired'); console.log('expired by class', JSON.stringify(exp.reduce((m: any, u) => (m[u.component_class] = (m[u.component_class] ?? 0) + 1, m), {})));
const neg = units.filter((u) => u.component_class === 'red_cells' && u.rhd === 'NEG');
console.log('neg rbc by status', JSON.stringify(neg.reduce((m: any, u) => (m[u.status] = (m[u.status] ?? 0) + 1, m), {})));
const negRecent = neg.filter((u) => u.collected_at > nowMs - 30*86400e3);
console.log('neg rbc last 30d by abo', JSON.stringify(negRecent.reduce((m: any, u) => (m[u.abo] = (m[u.abo] ?? 0) + u.quantity, m), {})));
for (const u of neg.filter((u) => u.abo === 'AB' && u.collected_at > nowMs - 60*86400e3)) console.log('AB-', new Date(u.collected_at).toISOString(), u.status, u.quantity, u.location_org_id, new Date(u.updated_at).toISOString());
