import neo4j from 'neo4j-driver';
const driver = neo4j.driver(process.env.NEO4J_URI!, undefined, { disableLosslessIntegers: true });
const q = process.argv[2]!;
const r = await driver.executeQuery('EXPLAIN ' + q);
const show = (p: any, d = 0): void => { console.log(' '.repeat(d * 2) + p.operatorType + ' ' + (p.arguments?.Details ?? '')); for (const c of p.children) show(c, d + 1); };
show(r.summary.plan);
let t = performance.now(); let n = 0;
const s = driver.session({ fetchSize: 20000, defaultAccessMode: 'READ' });
for await (const rec of s.run(q)) { n++; }
console.log('rows', n, Math.round(performance.now() - t), 'ms');
await s.close(); await driver.close();
