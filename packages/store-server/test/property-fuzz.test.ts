import { describePropertyFuzz } from './property-fuzz';

// The fast-check fuzz of every route over the in-memory store; the same fuzz
// runs over PostgreSQL in the store-postgres package (fewer runs per route).
describePropertyFuzz('InMemoryLightningStore', undefined, Number(process.env.AGL_FUZZ_RUNS ?? 60));
