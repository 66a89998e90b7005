// Installs the workspace's dependencies from the lockfile with the pinned pnpm,
// using nothing but Node and npm. Called by `npm run demo` and `npm test` (which also asks for moto_server,
// Chromium and the Temporal CLI: --with-moto, --with-chromium, --with-temporal).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PNPM = 'pnpm@12.4.2';
const quiet = process.env.DECOMKIT_SETUP_QUIET === '1';

function pnpmCommand() {
  try {
    const version = execFileSync('pnpm', ['--version'], { encoding: 'utf8' }).trim();
    if (version === '12.4.2') return ['pnpm', []];
  } catch {
    // not installed: fall through to npx
  }
  return ['npx', ['--yes', PNPM]];
}

if (process.env.DECOMKIT_SKIP_SETUP === '1' && existsSync('node_modules/.modules.yaml')) process.exit(0);
const [command, prefix] = pnpmCommand();
execFileSync(command, [...prefix, 'install', '--frozen-lockfile', ...(quiet ? ['--reporter=silent'] : [])], {
  stdio: 'inherit',
});

// The @decomkit/aws tests run the real AWS SDK against moto_server (Python). With --with-moto, install it
// when it is missing, so that `npm test` alone sets everything up.
if (process.argv.includes('--with-moto')) {
  const MOTO = 'moto[server]==5.2.1';
  const has = (command) => {
    try {
      execFileSync(command, ['--help'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };
  if (!has('moto_server')) {
    console.log(`moto_server is not on PATH: installing ${MOTO} with pip`);
    try {
      execFileSync('python3', ['-m', 'pip', 'install', '--quiet', MOTO], { stdio: 'inherit' });
    } catch {
      console.error(`Could not install ${MOTO}; the @decomkit/aws tests need it (python3 -m pip install '${MOTO}').`);
    }
  }
}

// The HTML report's browser test (packages/core/test/report-html-browser.test.ts) opens the report in Debian's
// Chromium at /usr/bin/chromium. With --with-chromium, install it with apt-get when it is missing (CI runs as
// root on a fresh Debian machine); when it cannot be installed, stop here with what to do, rather than let
// the test fail later with less to go on. Nothing is done when it is already there.
if (process.argv.includes('--with-chromium')) {
  const CHROMIUM = '/usr/bin/chromium';
  if (!existsSync(CHROMIUM)) {
    const fail = (why) => {
      console.error(
        `${CHROMIUM} is missing and could not be installed (${why}). The HTML report's browser test needs it: ` +
          'install it as root with `apt-get update && apt-get install -y --no-install-recommends chromium`.',
      );
      process.exit(1);
    };
    if (process.platform !== 'linux' || !existsSync('/usr/bin/apt-get')) fail('no apt-get on this machine');
    if (process.getuid?.() !== 0) fail('apt-get needs root, and this is not root');
    const apt = (...args) => {
      console.log(`chromium: apt-get ${args.join(' ')}`);
      execFileSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    };
    console.log(`${CHROMIUM} is missing: installing Debian's chromium with apt-get`);
    try {
      apt('update');
      apt('install', '-y', '--no-install-recommends', 'chromium');
    } catch (cause) {
      fail(`apt-get failed: ${cause.message}`);
    }
    if (!existsSync(CHROMIUM)) fail(`apt-get installed chromium but ${CHROMIUM} is still missing`);
    console.log(`chromium: installed ${execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8' }).trim()}`);
  } else if (!quiet) {
    console.log(`chromium: ${CHROMIUM} is there, nothing to install`);
  }
}

// The @decomkit/temporal tests run a real Temporal dev server: the Temporal CLI's `temporal server start-dev`
// (packages/temporal/test/support/temporal-server.ts). The SDK's own test server downloads a binary at run
// time, which these machines cannot; instead, with --with-temporal, build the pinned CLI once from source with
// `go install` into .cache/temporal/<version>/ (ignored by git), unless DECOMKIT_TEMPORAL names an existing
// binary (then that one is used and nothing is built). Without Go, stop here with what to do.
if (process.argv.includes('--with-temporal')) {
  const TEMPORAL_CLI = 'github.com/temporalio/cli/cmd/temporal';
  const TEMPORAL_VERSION = 'v1.5.1';
  const fromEnvironment = process.env.DECOMKIT_TEMPORAL;
  const fail = (why) => {
    console.error(
      `The Temporal CLI ${TEMPORAL_VERSION} is needed by the @decomkit/temporal tests and ${why}. Build it with ` +
        `\`GOBIN=$PWD/.cache/temporal/${TEMPORAL_VERSION} go install ${TEMPORAL_CLI}@${TEMPORAL_VERSION}\`, ` +
        'or set DECOMKIT_TEMPORAL to the path of a `temporal` binary.',
    );
    process.exit(1);
  };
  if (fromEnvironment) {
    if (!existsSync(fromEnvironment)) fail(`DECOMKIT_TEMPORAL=${fromEnvironment} does not exist`);
    if (!quiet) console.log(`temporal: using DECOMKIT_TEMPORAL=${fromEnvironment}, nothing to build`);
  } else {
    const directory = join(fileURLToPath(new URL('..', import.meta.url)), '.cache', 'temporal', TEMPORAL_VERSION);
    const binary = join(directory, 'temporal');
    if (existsSync(binary)) {
      if (!quiet) console.log(`temporal: ${binary} is there, nothing to build`);
    } else {
      try {
        execFileSync('go', ['version'], { stdio: 'ignore' });
      } catch {
        fail('Go is not on PATH to build it (https://go.dev/dl/, Go 1.25 or later)');
      }
      console.log(`temporal: building ${TEMPORAL_CLI}@${TEMPORAL_VERSION} into ${directory} (minutes, once)`);
      const started = Date.now();
      try {
        mkdirSync(directory, { recursive: true });
        execFileSync('go', ['install', `${TEMPORAL_CLI}@${TEMPORAL_VERSION}`], {
          stdio: 'inherit',
          env: { ...process.env, GOBIN: directory },
        });
      } catch (cause) {
        fail(`\`go install\` failed: ${cause.message}`);
      }
      if (!existsSync(binary)) fail(`\`go install\` finished but ${binary} is missing`);
      console.log(`temporal: built ${binary} in ${Math.round((Date.now() - started) / 1000)} s`);
    }
  }
}
