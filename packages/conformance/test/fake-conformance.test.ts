import { runProviderConformance } from '@decomkit/conformance';
import { describe, it } from 'vitest';
import { fakeTarget } from './support/fake-target.js';

runProviderConformance({ describe, it }, fakeTarget);
