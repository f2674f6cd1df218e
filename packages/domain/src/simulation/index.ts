/**
 * Supply-chain simulator (issue 7): pure, deterministic per seed, driving the domain's allocation, alert and
 * catalogue code. The CLI (`redbridge simulate`) does the I/O.
 */
export * from './random.ts';
export * from './forecast.ts';
export * from './model.ts';
export * from './policies.ts';
export * from './engine.ts';
export * from './metrics.ts';
export * from './scenarios.ts';
export * from './replay.ts';
export * from './runner.ts';
