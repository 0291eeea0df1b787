import neo4j from 'neo4j-driver';
const driver = neo4j.driver(process.env.NEO4J_URI!);
const s = driver.session();
await s.run('MATCH ()-[r]->() CALL { WITH r DELETE r } IN TRANSACTIONS OF 10000 ROWS');
await s.run('MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
await s.close(); await driver.close();
