/**
 * @redbridge/domain: pure blood-establishment rules. Import a feature folder directly
 * (`@redbridge/domain/abo-rh`, `/components`, `/lifecycle`, `/allocation`, `/isbt128`, `/id-card`, `/rules`, `/benefits`, `/awards`),
 * or the whole surface from here.
 */
export * from './types.ts';
export * from './errors.ts';
export * from './abo-rh/index.ts';
export * from './components/index.ts';
export * from './lifecycle/index.ts';
export * from './allocation/index.ts';
export * from './rules/index.ts';
export * as isbt128 from './isbt128/index.ts';
export * as idCard from './id-card/index.ts';
export * as benefits from './benefits/index.ts';
export * as awards from './awards/index.ts';
export * as lab from './lab/index.ts';
export * as astm from './astm/index.ts';
export * as labels from './labels/index.ts';
export * as qc from './qc/index.ts';
