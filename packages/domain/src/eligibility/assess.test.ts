import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isDomainError } from '../errors.ts';
import { addDaysToDay, addPeriod } from './calendar.ts';
import { assessEligibility, offerableDays } from './assess.ts';
import type { EligibilityInput } from './assess.ts';
import { ELIGIBILITY_GB18467_2011 as RULES, ELIGIBILITY_REGISTRY } from './rules-gb18467-2011.ts';

const okExam = { weightKg: 65, hbGPerL: 140, systolicMmHg: 120, diastolicMmHg: 75, pulseBpm: 72, temperatureC: 36.6 };
const base = (over: Partial<EligibilityInput> = {}): EligibilityInput => ({
  date: '2026-11-21', donationType: 'whole_blood',
  donor: { birthDate: '1990-05-10', sex: 'male', previousDonations: 0 },
  exam: okExam, history: [], answers: [], ...over,
});
const assess = (over: Partial<EligibilityInput> = {}) => assessEligibility(base(over), RULES);
const codes = (over: Partial<EligibilityInput> = {}) => assess(over).reasons.map((r) => r.code);

describe('eligibility GB 18467-2011 [R16]', () => {
  it('a healthy first-time donor is eligible today, with the rule set recorded', () => {
    const d = assess();
    assert.deepEqual([d.eligible, d.eligibleFrom, d.reasons.length, d.ruleSetId], [true, '2026-11-21', 0, 'GB18467-2011']);
    assert.equal(ELIGIBILITY_REGISTRY.inForce(new Date('2026-11-21T00:00:00+08:00')).id, 'GB18467-2011');
  });

  describe('age', () => {
    it('18th birthday: the day before is refused with eligibleFrom = birthday; the day of is accepted', () => {
      const donor = { birthDate: '2008-11-21', sex: 'female' as const, previousDonations: 0 };
      const before = assess({ date: '2026-11-20', donor });
      assert.equal(before.eligible, false);
      assert.deepEqual(before.reasons.map((r) => [r.code, r.until]), [['AGE_BELOW_MIN', '2026-11-21']]);
      assert.equal(before.eligibleFrom, '2026-11-21');
      assert.match(before.reasons[0].source, /^GB18467-2011 一般检查·年龄/);
      assert.equal(assess({ date: '2026-11-21', donor }).eligible, true);
    });
    it('first-time donor: age 55 accepted until the day before the 56th birthday', () => {
      const donor = { birthDate: '1970-11-21', sex: 'male' as const, previousDonations: 0 };
      assert.equal(assess({ date: '2026-11-20', donor }).eligible, true);
      const at56 = assess({ date: '2026-11-21', donor });
      assert.deepEqual([at56.eligible, at56.eligibleFrom, at56.reasons[0].code], [false, null, 'AGE_ABOVE_MAX']);
    });
    it('repeat donor without a reaction continues to 60; after a reaction the limit is 55', () => {
      const repeat = { birthDate: '1966-11-21', sex: 'male' as const, previousDonations: 3 };
      assert.equal(assess({ date: '2026-11-20', donor: repeat }).eligible, true); // age 59
      assert.equal(assess({ date: '2027-11-20', donor: repeat }).eligible, true); // age 60
      assert.deepEqual(codes({ date: '2027-11-21', donor: repeat }), ['AGE_ABOVE_MAX']); // 61
      assert.deepEqual(codes({ date: '2026-11-20', donor: { ...repeat, priorReaction: true } }), ['AGE_ABOVE_MAX']);
    });
  });

  describe('physical examination', () => {
    const exam = (over: Partial<typeof okExam>, sex: 'male' | 'female' = 'male') =>
      codes({ exam: { ...okExam, ...over }, donor: { birthDate: '1990-05-10', sex, previousDonations: 0 } });
    it('weight: men ≥ 50 kg, women ≥ 45 kg', () => {
      assert.deepEqual(exam({ weightKg: 49.9 }), ['WEIGHT_LOW']);
      assert.deepEqual(exam({ weightKg: 50 }), []);
      assert.deepEqual(exam({ weightKg: 44.9 }, 'female'), ['WEIGHT_LOW']);
      assert.deepEqual(exam({ weightKg: 45 }, 'female'), []);
    });
    it('Hb: men ≥ 120 g/L, women ≥ 115 g/L', () => {
      assert.deepEqual(exam({ hbGPerL: 119 }), ['HB_LOW']);
      assert.deepEqual(exam({ hbGPerL: 120 }), []);
      assert.deepEqual(exam({ hbGPerL: 114 }, 'female'), ['HB_LOW']);
      assert.deepEqual(exam({ hbGPerL: 115 }, 'female'), []);
    });
    it('blood pressure: 90 ≤ systolic < 140, 60 ≤ diastolic < 90, pulse pressure ≥ 30', () => {
      assert.deepEqual(exam({ systolicMmHg: 89, diastolicMmHg: 60 }), ['BP_SYSTOLIC', 'PULSE_PRESSURE']);
      assert.deepEqual(exam({ systolicMmHg: 90, diastolicMmHg: 60 }), []);
      assert.deepEqual(exam({ systolicMmHg: 139 }), []);
      assert.deepEqual(exam({ systolicMmHg: 140 }), ['BP_SYSTOLIC']);
      assert.deepEqual(exam({ diastolicMmHg: 59, systolicMmHg: 100 }), ['BP_DIASTOLIC']);
      assert.deepEqual(exam({ diastolicMmHg: 89, systolicMmHg: 130 }), []);
      assert.deepEqual(exam({ diastolicMmHg: 90, systolicMmHg: 130 }), ['BP_DIASTOLIC']);
      assert.deepEqual(exam({ systolicMmHg: 109, diastolicMmHg: 80 }), ['PULSE_PRESSURE']);
      assert.deepEqual(exam({ systolicMmHg: 110, diastolicMmHg: 80 }), []);
    });
    it('pulse 60–100 /min and temperature ≤ 37.5 °C', () => {
      assert.deepEqual(exam({ pulseBpm: 59 }), ['PULSE']);
      assert.deepEqual(exam({ pulseBpm: 60 }), []);
      assert.deepEqual(exam({ pulseBpm: 100 }), []);
      assert.deepEqual(exam({ pulseBpm: 101 }), ['PULSE']);
      assert.deepEqual(exam({ temperatureC: 37.5 }), []);
      assert.deepEqual(exam({ temperatureC: 37.6 }), ['TEMPERATURE']);
    });
    it('an exam failure gives no eligibleFrom; without an exam the checks are pending', () => {
      const d = assess({ exam: { ...okExam, hbGPerL: 100 } });
      assert.deepEqual([d.eligible, d.eligibleFrom, d.reasons[0].kind], [false, null, 'exam']);
      const { exam: _omit, ...noExam } = base();
      const pending = assessEligibility(noExam, RULES);
      assert.deepEqual([pending.eligible, pending.checksPending], [true, ['exam']]);
    });
  });

  describe('volumes', () => {
    it('whole blood 200/300/400 ml only; platelets 1–2 doses', () => {
      for (const v of [200, 300, 400]) assert.deepEqual(codes({ volumeMl: v }), []);
      assert.deepEqual(codes({ volumeMl: 450 }), ['VOLUME']);
      assert.deepEqual(codes({ donationType: 'apheresis_platelets', doses: 2 }), []);
      assert.deepEqual(codes({ donationType: 'apheresis_platelets', doses: 3 }), ['VOLUME']);
      assert.deepEqual(codes({ donationType: 'apheresis_platelets', doses: 0 }), ['VOLUME']);
    });
  });

  describe('intervals §6.2 (day before refused, day of accepted)', () => {
    const cases = [
      { from: 'whole_blood', to: 'whole_blood', last: '2026-05-21', dayOf: '2026-11-21', code: 'INTERVAL_WHOLE_BLOOD_TO_WHOLE_BLOOD' },
      { from: 'apheresis_platelets', to: 'apheresis_platelets', last: '2026-11-07', dayOf: '2026-11-21', code: 'INTERVAL_APHERESIS_PLATELETS_TO_APHERESIS_PLATELETS' },
      { from: 'apheresis_platelets', to: 'whole_blood', last: '2026-10-24', dayOf: '2026-11-21', code: 'INTERVAL_APHERESIS_PLATELETS_TO_WHOLE_BLOOD' },
      { from: 'whole_blood', to: 'apheresis_platelets', last: '2026-08-21', dayOf: '2026-11-21', code: 'INTERVAL_WHOLE_BLOOD_TO_APHERESIS_PLATELETS' },
    ] as const;
    for (const c of cases) {
      it(`${c.from} → ${c.to}`, () => {
        const history = [{ type: c.from, date: c.last }];
        const before = assess({ date: addDaysToDay(c.dayOf, -1), donationType: c.to, history });
        assert.equal(before.eligible, false);
        assert.deepEqual(before.reasons.map((r) => r.code), [c.code]);
        assert.equal(before.eligibleFrom, c.dayOf);
        assert.match(before.reasons[0].source, /§6\.2/);
        assert.equal(assess({ date: c.dayOf, donationType: c.to, history }).eligible, true);
      });
    }
    it('6 calendar months clamp to the month end (2026-08-31 + 6 months = 2027-02-28)', () => {
      const history = [{ type: 'whole_blood' as const, date: '2026-08-31' }];
      assert.equal(assess({ date: '2027-02-27', history }).eligibleFrom, '2027-02-28');
      assert.equal(assess({ date: '2027-02-28', history }).eligible, true);
    });
    it('a station override can read "6 months" as 180 days without code changes [R12]', () => {
      const days180 = { ...RULES, id: 'GB18467-2011:station-x', tenantId: 'x', data: { ...RULES.data, intervals: { ...RULES.data.intervals, 'whole_blood->whole_blood': { ...RULES.data.intervals['whole_blood->whole_blood'], period: { n: 180, unit: 'days' as const } } } } };
      const reg = ELIGIBILITY_REGISTRY.with(days180);
      const set = reg.inForce(new Date('2026-11-21T00:00:00+08:00'), 'x');
      const d = assessEligibility(base({ date: '2026-11-16', history: [{ type: 'whole_blood', date: '2026-05-21' }] }), set);
      assert.equal(assess({ date: '2026-11-16', history: [{ type: 'whole_blood', date: '2026-05-21' }] }).eligibleFrom, '2026-11-21');
      assert.deepEqual([d.eligible, d.eligibleFrom, d.ruleSetId], [false, '2026-11-17', 'GB18467-2011:station-x']);
    });
  });

  describe('apheresis annual caps', () => {
    const fortnightly = (n: number, end: string) => Array.from({ length: n }, (_, i) => ({ type: 'apheresis_platelets' as const, date: addDaysToDay(end, -14 * (n - 1 - i)), doses: 1 }));
    it('≤ 24 platelet donations in a rolling year: the 25th waits until the oldest leaves the window', () => {
      const history = fortnightly(24, '2026-11-07'); // 24 donations, oldest 2025-12-21
      const d = assess({ donationType: 'apheresis_platelets', history });
      assert.deepEqual(d.reasons.map((r) => r.code), ['APHERESIS_ANNUAL_COUNT']);
      assert.equal(d.eligibleFrom, addPeriod(history[0].date, { n: 1, unit: 'years' }));
      assert.equal(assess({ donationType: 'apheresis_platelets', history: history.slice(1) }).eligible, true);
      const dayBefore = assess({ donationType: 'apheresis_platelets', history, date: addDaysToDay(d.eligibleFrom!, -1) });
      assert.ok(dayBefore.reasons.some((r) => r.code === 'APHERESIS_ANNUAL_COUNT'));
      assert.equal(assess({ donationType: 'apheresis_platelets', history, date: d.eligibleFrom! }).eligible, true);
    });
    it('≤ 10 L apheresis a year (platelets + plasma)', () => {
      const history = Array.from({ length: 20 }, (_, i) => ({ type: 'apheresis_platelets' as const, date: addDaysToDay('2026-11-01', -15 * i), volumeMl: 480 }));
      // 20 × 480 = 9600 ml; +400 planned = 10 000 → allowed; +500 → refused
      assert.deepEqual(codes({ donationType: 'apheresis_platelets', history, volumeMl: 400 }), []);
      const over = assess({ donationType: 'apheresis_platelets', history, volumeMl: 500 });
      assert.deepEqual(over.reasons.map((r) => r.code), ['APHERESIS_ANNUAL_VOLUME']);
      const oldest = history.map((h) => h.date).sort()[0];
      assert.equal(over.eligibleFrom, addPeriod(oldest, { n: 1, unit: 'years' }));
    });
  });

  describe('questionnaire answers', () => {
    it('every temporary deferral with a period: refused the day before it ends, accepted the day it ends', () => {
      for (const [code, rule] of Object.entries(RULES.data.temporaryDeferrals)) {
        if (rule.period === null) continue;
        const type = rule.appliesTo?.[0] ?? 'whole_blood';
        const end = addPeriod('2026-03-02', rule.period);
        if (end === '2026-03-02') { // no-deferral codes (inactivated vaccines)
          assert.equal(assess({ date: '2026-03-02', donationType: type, answers: [{ code, date: '2026-03-02' }] }).eligible, true, code);
          continue;
        }
        const before = assess({ date: addDaysToDay(end, -1), donationType: type, answers: [{ code, date: '2026-03-02' }] });
        assert.deepEqual([before.eligible, before.eligibleFrom, before.reasons[0].code], [false, end, `DEFERRAL_${code.toUpperCase()}`], code);
        assert.equal(assess({ date: end, donationType: type, answers: [{ code, date: '2026-03-02' }] }).eligible, true, code);
      }
    });
    it('named periods: tattoo 1 year, major surgery 6 months, tooth extraction 15 days, live vaccine 2 weeks, rabies after bite 1 year', () => {
      const until = (code: string) => assess({ date: '2026-01-10', answers: [{ code, date: '2026-01-10' }] }).eligibleFrom;
      assert.equal(until('tattoo'), '2027-01-10');
      assert.equal(until('surgery_major'), '2026-07-10');
      assert.equal(until('tooth_extraction'), '2026-01-25');
      assert.equal(until('vaccine_live_attenuated'), '2026-01-24');
      assert.equal(until('vaccine_rabies_after_bite'), '2027-01-10');
      assert.equal(until('covid_vaccine_inactivated'), '2026-01-12');
    });
    it('aspirin defers apheresis platelets only', () => {
      const answers = [{ code: 'antiplatelet_drug', date: '2026-11-19' }];
      assert.equal(assess({ answers }).eligible, true);
      assert.equal(assess({ answers, donationType: 'apheresis_platelets' }).eligibleFrom, '2026-11-24');
    });
    it('open-ended conditions (pregnancy, infectious contact) and every permanent code give eligibleFrom null', () => {
      assert.deepEqual([assess({ answers: [{ code: 'pregnancy' }] }).eligibleFrom, assess({ answers: [{ code: 'infectious_contact' }] }).eligible], [null, false]);
      for (const code of Object.keys(RULES.data.permanentDeferrals)) {
        const d = assess({ answers: [{ code }] });
        assert.deepEqual([d.eligible, d.eligibleFrom, d.reasons[0].kind], [false, null, 'permanent'], code);
      }
    });
    it('the latest reason sets eligibleFrom', () => {
      const d = assess({ history: [{ type: 'whole_blood', date: '2026-08-01' }], answers: [{ code: 'tattoo', date: '2026-10-01' }] });
      assert.equal(d.eligibleFrom, '2027-10-01');
      assert.equal(d.reasons.length, 2);
    });
  });

  describe('reactive-test deferrals (屏蔽) on the donor record', () => {
    it('reactive HBsAg/HCV/HIV/TP/NAT are permanent; ALT lapses after its period; staff deferral until a day', () => {
      for (const code of ['reactive_hbsag', 'reactive_hcv', 'reactive_hiv', 'reactive_tp', 'reactive_nat']) {
        const d = assess({ donor: { birthDate: '1990-05-10', sex: 'male', previousDonations: 2, deferrals: [{ code, from: '2020-01-01' }] } });
        assert.deepEqual([d.eligible, d.eligibleFrom, d.reasons[0].kind], [false, null, 'permanent'], code);
      }
      const alt = (date: string) => assess({ date, donor: { birthDate: '1990-05-10', sex: 'male', previousDonations: 2, deferrals: [{ code: 'alt_elevated', from: '2026-06-01' }] } });
      assert.equal(alt('2026-11-30').eligibleFrom, '2026-12-01');
      assert.equal(alt('2026-12-01').eligible, true);
      const staff = (date: string) => assess({ date, donor: { birthDate: '1990-05-10', sex: 'male', previousDonations: 2, deferrals: [{ code: 'staff', from: '2026-11-01', until: '2026-12-01' }] } });
      assert.deepEqual([staff('2026-11-30').eligible, staff('2026-12-01').eligible], [false, true]);
    });
  });

  it('bad input throws VALIDATION naming each field, bilingual', () => {
    assert.throws(() => assessEligibility({ ...base(), date: '2026-02-30', answers: [{ code: 'unicorn' }], exam: { ...okExam, hbGPerL: -1 } }, RULES), (e: unknown) => {
      if (!isDomainError(e, 'VALIDATION')) return false;
      const fields = (e.details.errors ?? []).map((f) => f.field);
      return fields.includes('date') && fields.includes('answers[0].code') && fields.includes('exam.hbGPerL') && / \/ /.test(e.details.errors![0].message);
    });
  });

  it('property: a deferred donor is never offered a day inside the deferral [R16]', () => {
    const codeArb = fc.constantFrom(...Object.keys(RULES.data.temporaryDeferrals), ...Object.keys(RULES.data.permanentDeferrals));
    fc.assert(fc.property(codeArb, fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 60 }), fc.boolean(),
      (code, ago, lastWbAgo, hasHistory) => {
        const today = '2026-11-21';
        const eventDay = addDaysToDay(today, -ago);
        const input = {
          donationType: 'whole_blood' as const, donor: { birthDate: '1990-05-10', sex: 'female' as const, previousDonations: 1 },
          answers: [{ code, date: eventDay }], history: hasHistory ? [{ type: 'whole_blood' as const, date: addDaysToDay(today, -lastWbAgo) }] : [],
        };
        const days = Array.from({ length: 90 }, (_, i) => addDaysToDay(today, i));
        const offered = offerableDays(input, days, RULES);
        const perm = code in RULES.data.permanentDeferrals;
        const rule = RULES.data.temporaryDeferrals[code];
        if (perm || rule?.period === null) return offered.length === 0;
        const deferralEnd = rule.appliesTo && !rule.appliesTo.includes('whole_blood') ? today : addPeriod(eventDay, rule.period);
        const intervalEnd = hasHistory ? addPeriod(addDaysToDay(today, -lastWbAgo), { n: 6, unit: 'months' }) : today;
        return offered.every((d) => d >= deferralEnd && d >= intervalEnd) && offered.length === days.filter((d) => d >= deferralEnd && d >= intervalEnd).length;
      }), { numRuns: 300 });
  });
});
