// Installs the workspace's dependencies from the lockfile with the pinned pnpm,
// using nothing but Node and npm. Called by `npm run demo` and `npm test`.
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
