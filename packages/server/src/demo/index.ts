/**
 * Demo data for RedBridge: a deterministic Weifang-scale city blood station (`small` for tests and first start,
 * `city` for a year at full scale), bulk-loaded into an empty database.
 */
export { DEMO_PASSWORD, DEMO_USERS, type DemoUser, type DemoUserOrg } from './demo-users.ts';
export { ABO_MIX, DEMO_SCALES, RHD_NEGATIVE_SHARE, generateDemo, type DemoDataset, type DemoLogin, type DemoScale, type DemoScaleConfig } from './generator.ts';
export { isDatabaseEmpty, loadDemo, type DemoSummary, type LoadDemoOptions } from './load.ts';
