/**
 * The AWS-limits proxy on its own, in front of a running moto_server:
 *
 *   pnpm bench:limits-proxy --target http://127.0.0.1:5000 [--port 4566] [--scale 1] [--per-action]
 *
 * Prints the proxy's URL, then on Ctrl-C (or SIGTERM) the requests allowed
 * and throttled per bucket, as JSON, and stops.
 */
import { parseArgs } from 'node:util';
import { startLimitsProxy } from './proxy.js';

const { values } = parseArgs({
  options: {
    target: { type: 'string' },
    port: { type: 'string', default: '0' },
    scale: { type: 'string', default: '1' },
    'per-action': { type: 'boolean', default: false },
  },
});
if (values.target === undefined) {
  console.error('usage: bench:limits-proxy --target <http://127.0.0.1:port> [--port N] [--scale X] [--per-action]');
  process.exit(2);
}
const proxy = await startLimitsProxy({
  target: values.target,
  port: Number(values.port),
  scale: Number(values.scale),
  ec2RequestBuckets: values['per-action'] ? 'per-action' : 'per-category',
});
console.log(`AWS-limits proxy on ${proxy.url} → ${values.target}`);
const finish = async (): Promise<void> => {
  console.log(JSON.stringify(proxy.stats(), null, 2));
  await proxy.stop();
  process.exit(0);
};
process.once('SIGINT', () => void finish());
process.once('SIGTERM', () => void finish());
