// Installs the workspace's dependencies from the lockfile with the pinned pnpm,
// using nothing but Node and npm. Called by `npm run demo` and `npm test` (which also asks for moto_server
// and Chromium: --with-moto, --with-chromium).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

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
