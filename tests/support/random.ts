// The seeded generator of the dataset generator, so random-graph tests are repeatable.
export { seededRandom, pickOne as pick } from '../../src/generate/seeded-random.ts';
