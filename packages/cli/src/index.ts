/**
 * decomkit's command line, as a library: `runCli(argv)` is the `decomkit`
 * binary; the workload file reader and its JSON Schema are here for tools
 * that write workload files.
 *
 * @example
 * ```ts
 * import { runCli } from '@decomkit/cli';
 * process.exitCode = await runCli(['status']);
 * ```
 *
 * @packageDocumentation
 */
export { type CliFailure, exitCodeOf } from './cli-error.js';
export { EXIT_CODES, type ExitCode } from './exit-codes.js';
export { workloadFileJsonSchema } from './other-commands.js';
export { runCli } from './program.js';
export { type ProvidersConfig, providersConfigSchema } from './providers-config.js';
export { parseWorkloadFile, readWorkloadFile, type WorkloadFile } from './workload-file.js';
