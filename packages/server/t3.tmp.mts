import { PGlite } from '@electric-sql/pglite';
import fs from 'node:fs';
const mode = process.argv[2];
let t = performance.now();
if (mode === 'make') {
  const db = await PGlite.create();
  console.log('create', Math.round(performance.now() - t)); t = performance.now();
  for (const c of ['none', 'gzip'] as const) {
    const b = await db.dumpDataDir(c);
    fs.writeFileSync(`/tmp/pgltest/tpl-${c}.tar${c==='gzip'?'.gz':''}`, Buffer.from(await b.arrayBuffer()));
    console.log('dump', c, b.size, Math.round(performance.now() - t)); t = performance.now();
  }
  await db.close();
} else {
  const file = mode === 'gzip' ? '/tmp/pgltest/tpl-gzip.tar.gz' : '/tmp/pgltest/tpl-none.tar';
  const blob = new Blob([fs.readFileSync(file)]);
  const db = await PGlite.create({ loadDataDir: blob });
  console.log('load', mode, Math.round(performance.now() - t)); t = performance.now();
  console.log((await db.query('select 1 as x')).rows);
  const db2 = await PGlite.create({ loadDataDir: blob });
  console.log('load2', mode, Math.round(performance.now() - t)); t = performance.now();
  const db3 = await PGlite.create();
  console.log('create after', Math.round(performance.now() - t)); t = performance.now();
}
