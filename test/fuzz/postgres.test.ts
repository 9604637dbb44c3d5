import { fuzzSuite } from './run-fuzz.ts';

fuzzSuite('postgres');
