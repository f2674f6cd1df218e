import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isDomainError } from '../errors.ts';
import { evaluateQc } from './specs.ts';

describe('QC against GB 18469-2012 [R44]', () => {
  it('flags failing results and scales per-200 mL limits with the source volume', () => {
    const ok = evaluateQc('SRBC_MAP', 400, { hct: 0.58, hbG: 45 });
    assert.equal(ok.passed, true);
    const low = evaluateQc('SRBC_MAP', 400, { hct: 0.58, hbG: 38 });
    assert.equal(low.passed, false);
    assert.deepEqual(low.checks.find((c) => c.parameter === 'hbG'), { parameter: 'hbG', value: 38, min: 40, max: null, pass: false, clause: '悬浮红细胞 Hb ≥ 20 g' });
    assert.equal(evaluateQc('SRBC_MAP', 200, { hbG: 38 }).passed, true);
    assert.equal(evaluateQc('LR_SRBC_MAP', 400, { residualWbc: 4.9e6 }).passed, true);
    assert.equal(evaluateQc('LR_SRBC_MAP', 200, { residualWbc: 2.6e6 }).passed, false);
    assert.equal(evaluateQc('PLT_APH_5D', 0, { plateletCount: 2.4e11 }).passed, false);
    assert.equal(evaluateQc('FFP', 400, { fviiiIuPerMl: 0.65 }).passed, false);
    assert.equal(evaluateQc('CRYO', 400, { fibrinogenMg: 160, fviiiIu: 82 }).passed, true);
    assert.equal(evaluateQc('CRYO', 400, { fibrinogenMg: 140 }).passed, false);
    assert.equal(evaluateQc('WB_CPDA1', 400, { volumeMl: 350 }).passed, false);
    assert.deepEqual(evaluateQc('FFP', 200, { hct: 0.1 }).unspecified, ['hct']);
    assert.throws(() => evaluateQc('FFP', 200, { fviiiIuPerMl: Number.NaN }), (e: unknown) => isDomainError(e, 'VALIDATION'));
  });

  it('PROPERTY: a value inside [min, max] passes, one outside fails', () => {
    fc.assert(fc.property(fc.constantFrom(200, 300, 400), fc.double({ min: 0, max: 0.5, noNaN: true }), (ml, hct) => {
      const r = evaluateQc('SRBC_MAP', ml, { hct });
      assert.equal(r.passed, hct >= 0.5 - 1e-9 && hct <= 0.65 + 1e-9);
    }));
  });
});
