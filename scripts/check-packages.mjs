// Checks that every package in packages/ installs and works the way a company would use it, from tarballs:
//
//   1. each package has its LICENSE (the root's) and a README, and its dist/ (run `pnpm build` first, or --build);
//   2. `pnpm pack`s it; the packed package.json has no `workspace:` range, no `source` export condition, and
//      names the workspace's own version of each @decomkit dependency; the tarball holds LICENSE and README.md;
//   3. publint (strict, every suggestion) on the tarball and @arethetypeswrong/cli on the tarball (offline);
//   4. in a scratch project outside the workspace (os.tmpdir()), `npm install`s the tarballs (their other
//      dependencies come from the registry) and checks that every @decomkit package resolved to its tarball;
//   5. imports every entry point with `import` and `require` (Node 20, and Node 22 when DECOMKIT_NODE22 is set)
//      and compares the two sets of exports;
//   6. type-checks scripts/package-consumer/consumer.ts with `tsc --strict` (moduleResolution nodenext and
//      bundler, lib checks on), a CommonJS consumer too, then runs the compiled program (a plan on the fake).
//
// Prints PASS / FAIL per check and exits 1 when any failed. `--build` runs `pnpm build` first; `--keep` keeps
// the scratch folder; `--pack-only` stops after step 3 (no install: a few seconds).
//
//   pnpm check:packages [--build] [--keep] [--pack-only]
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'node_modules', '.bin');
const args = new Set(process.argv.slice(2));
const packOnly = args.has('--pack-only');
const started = Date.now();
const outcomes = [];

/** Records one check and prints it. */
function record(name, ok, detail = '') {
  outcomes.push({ name, ok });
  const text = detail.trim() === '' ? '' : `\n${detail.trim().replace(/^/gm, '      ')}`;
  console.log(`${ok ? 'PASS' : 'FAIL'}  ${name}${text}`);
  return ok;
}

/** Runs a command; resolves to { ok, output } and never rejects. */
async function command(file, commandArgs, options = {}) {
  try {
    const { stdout, stderr } = await run(file, commandArgs, { maxBuffer: 64 * 1024 * 1024, ...options });
    return { ok: true, output: `${stdout}${stderr}` };
  } catch (error) {
    const output = `${error.stdout ?? ''}${error.stderr ?? ''}`;
    return { ok: false, output: output.trim() === '' ? error.message : output };
  }
}

/** Runs `work` over `items`, at most `limit` at a time, keeping their order. */
async function inParallel(items, limit, work) {
  const results = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  });
  await Promise.all(lanes);
  return results;
}

/** Every string a conditional `exports` value maps to, and whether a `source` condition appears in it. */
function exportTargets(value, found = { files: [], conditions: new Set() }) {
  if (typeof value === 'string') found.files.push(value);
  else if (value !== null && typeof value === 'object')
    for (const [key, inner] of Object.entries(value)) {
      if (!key.startsWith('.')) found.conditions.add(key);
      exportTargets(inner, found);
    }
  return found;
}

/** An `exports` value without its `source` conditions: what publishConfig.exports must say. */
function withoutSource(value) {
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'source')
      .map(([key, inner]) => [key, withoutSource(inner)]),
  );
}

const phase = (title) => console.log(`\n--- ${title} (${((Date.now() - started) / 1000).toFixed(0)}s) ---`);

if (args.has('--build')) {
  phase('pnpm build');
  const build = await command('pnpm', ['build'], { cwd: ROOT });
  if (!record('pnpm build', build.ok, build.ok ? '' : build.output.slice(-4000))) process.exit(1);
}

// ---- 1. the packages, their files and dist/ ---------------------------------------------------------------
phase('package files');
const rootLicense = await readFile(join(ROOT, 'LICENSE'), 'utf8').catch(() => null);
record('LICENSE at the root', rootLicense?.includes('MIT License') === true);
const packages = [];
for (const folder of (await readdir(join(ROOT, 'packages'))).sort()) {
  const dir = join(ROOT, 'packages', folder);
  const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8').catch(() => 'null'));
  if (manifest === null || manifest.private === true) continue;
  packages.push({ dir, manifest, name: manifest.name });
}
record(`packages found: ${packages.map((pkg) => pkg.name).join(', ')}`, packages.length > 0);
const versions = new Map(packages.map((pkg) => [pkg.name, pkg.manifest.version]));
for (const { dir, manifest, name } of packages) {
  const license = await readFile(join(dir, 'LICENSE'), 'utf8').catch(() => null);
  record(`${name}: LICENSE is the root's, license "${manifest.license}"`, license !== null && license === rootLicense);
  record(`${name}: README.md`, existsSync(join(dir, 'README.md')));
  const missing = exportTargets(manifest.exports).files.filter((file) => !existsSync(join(dir, file)));
  record(
    `${name}: every export target exists`,
    missing.length === 0,
    missing.length ? `missing: ${missing.join(', ')}\nrun \`pnpm build\` first` : '',
  );
}

// ---- 2. pack ---------------------------------------------------------------------------------------------
phase('pnpm pack');
const work = await mkdtemp(join(tmpdir(), 'decomkit-packages-'));
const tarballs = join(work, 'tarballs');
await mkdir(tarballs);
for (const pkg of packages) {
  const packed = await command('pnpm', ['pack', '--pack-destination', tarballs], { cwd: pkg.dir });
  pkg.tarball = join(tarballs, `${pkg.name.replace(/^@/, '').replace('/', '-')}-${pkg.manifest.version}.tgz`);
  if (!record(`${pkg.name}: pnpm pack`, packed.ok && existsSync(pkg.tarball), packed.ok ? '' : packed.output)) continue;
  const listing = await command('tar', ['-tzf', pkg.tarball]);
  const files = new Set(listing.output.split('\n').map((line) => line.replace(/^package\//, '')));
  record(`${pkg.name}: tarball holds LICENSE and README.md`, files.has('LICENSE') && files.has('README.md'));
  const shipped = JSON.parse((await command('tar', ['-xzOf', pkg.tarball, 'package/package.json'])).output);
  pkg.shipped = shipped;
  const problems = [];
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies', 'devDependencies'])
    for (const [dependency, range] of Object.entries(shipped[field] ?? {})) {
      if (String(range).startsWith('workspace:')) problems.push(`${field}.${dependency} is still "${range}"`);
      else if (versions.has(dependency) && range !== versions.get(dependency))
        problems.push(`${field}.${dependency} is "${range}", the workspace has ${versions.get(dependency)}`);
    }
  const { conditions, files: targets } = exportTargets(shipped.exports);
  if (conditions.has('source')) problems.push('the published exports keep the workspace-only `source` condition');
  if (JSON.stringify(withoutSource(pkg.manifest.exports)) !== JSON.stringify(shipped.exports))
    problems.push('the published exports (publishConfig.exports) are not the workspace exports less `source`');
  for (const target of targets)
    if (!files.has(target.replace(/^\.\//, ''))) problems.push(`exports target ${target} is not in the tarball`);
  record(
    `${pkg.name}: packed package.json (workspace: rewritten, exports)`,
    problems.length === 0,
    problems.join('\n'),
  );
}
const packedAll = packages.every((pkg) => pkg.shipped !== undefined);

// ---- 4. install the tarballs outside the workspace: started here, awaited once publint and attw are done ---
const scratch = packOnly ? null : await realpath(await mkdtemp(join(tmpdir(), 'decomkit-consumer-')));
const installing = packOnly ? null : startInstall(scratch);

/** Writes the scratch project's package.json and starts `npm install` of the tarballs there. */
async function startInstall(folder) {
  record(`scratch project outside the workspace: ${folder}`, relative(ROOT, folder).startsWith('..'));
  const rootManifest = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
  const devVersion = (name) => rootManifest.devDependencies[name];
  const manifest = { name: 'decomkit-consumer', version: '1.0.0', private: true, type: 'module' };
  await writeFile(join(folder, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return command(
    'npm',
    [
      ...['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=warn'],
      ...packages.filter((pkg) => pkg.shipped).map((pkg) => pkg.tarball),
      `typescript@${devVersion('typescript')}`,
      `@types/node@${devVersion('@types/node')}`,
    ],
    { cwd: folder },
  );
}

// ---- 3. publint and attw on the tarballs ----------------------------------------------------------------
phase('publint and @arethetypeswrong/cli');
for (const pkg of packages.filter((each) => each.shipped)) {
  const tarball = await readFile(pkg.tarball);
  const { messages, pkg: linted } = await publint({
    pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) },
    level: 'suggestion',
    strict: true,
  });
  const lines = messages.map((message) => `${message.type}: ${formatMessage(message, linted, { color: false })}`);
  record(`${pkg.name}: publint --strict`, messages.length === 0, lines.join('\n'));
}
const attwRuns = await inParallel(
  packages.filter((each) => each.shipped),
  2,
  async (pkg) => ({
    pkg,
    result: await command(
      join(BIN, 'attw'),
      [pkg.tarball, '--no-definitely-typed', '--no-color', '--format', 'ascii'],
      {
        cwd: work,
      },
    ),
  }),
);
for (const { pkg, result } of attwRuns)
  record(`${pkg.name}: attw (node10, node16 CJS and ESM, bundler)`, result.ok, result.ok ? '' : result.output);

if (packOnly) await finish();

phase('npm install of the tarballs in a scratch project');
const installed = await installing;
record(
  'npm install of the tarballs (other dependencies from the registry)',
  installed.ok && packedAll,
  installed.output,
);
if (installed.ok) {
  const lock = JSON.parse(await readFile(join(scratch, 'package-lock.json'), 'utf8'));
  const wrong = Object.entries(lock.packages)
    .filter(([path]) => /(^|\/)node_modules\/@decomkit\/[^/]+$/.test(path))
    .filter(([path, entry]) => !/^node_modules\/@decomkit\/[^/]+$/.test(path) || !entry.resolved?.startsWith('file:'))
    .map(([path, entry]) => `${path} from ${entry.resolved}`);
  record('every @decomkit package resolved to its tarball, once', wrong.length === 0, wrong.join('\n'));
}

// ---- 5. import and require every entry point -------------------------------------------------------------
phase('import (ESM) and require (CJS)');
const entries = packages
  .filter((pkg) => pkg.shipped)
  .flatMap((pkg) =>
    Object.keys(pkg.shipped.exports)
      .filter((subpath) => !subpath.endsWith('.json'))
      .map((subpath) => (subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`)),
  );
const probe = (kind) => `const entries = ${JSON.stringify(entries)};
const found = {};
for (const entry of entries) {
  try {
    const loaded = ${kind === 'esm' ? 'await import(entry)' : 'require(entry)'};
    found[entry] = Object.keys(loaded).filter((key) => key !== 'default' && key !== '__esModule').sort();
  } catch (error) {
    found[entry] = { error: String(error && error.stack || error).split('\\n').slice(0, 3).join(' | ') };
  }
}
console.log(JSON.stringify(found));
`;
await writeFile(join(scratch, 'probe-import.mjs'), probe('esm'));
await writeFile(join(scratch, 'probe-require.cjs'), probe('cjs'));
const nodes = [['node', process.execPath]];
if (process.env.DECOMKIT_NODE22 && existsSync(process.env.DECOMKIT_NODE22))
  nodes.push(['node22', process.env.DECOMKIT_NODE22]);
for (const [label, node] of nodes) {
  const version = (await command(node, ['--version'])).output.trim();
  const loaded = {};
  for (const [kind, file] of [
    ['import', 'probe-import.mjs'],
    ['require', 'probe-require.cjs'],
  ]) {
    const result = await command(node, [file], { cwd: scratch });
    loaded[kind] = result.ok ? JSON.parse(result.output.trim().split('\n').at(-1)) : {};
    if (!result.ok) record(`${label} ${version}: ${kind} probe ran`, false, result.output);
  }
  for (const entry of entries) {
    const [esm, cjs] = [loaded.import[entry], loaded.require[entry]];
    const describe = (names) =>
      Array.isArray(names) ? `${names.length} exports` : (names?.error ?? 'not loaded (see the probe above)');
    const failure = [esm, cjs].some((names) => !Array.isArray(names) || names.length === 0);
    const onlyIn = (left, right) => (failure ? [] : left.filter((name) => !right.includes(name)));
    const [onlyEsm, onlyCjs] = [onlyIn(esm, cjs), onlyIn(cjs, esm)];
    const detail = failure
      ? `import: ${describe(esm)}\nrequire: ${describe(cjs)}`
      : [
          onlyEsm.length ? `only with import: ${onlyEsm.join(', ')}` : '',
          onlyCjs.length ? `only with require: ${onlyCjs.join(', ')}` : '',
        ].join('\n');
    record(
      `${label} ${version}: import and require ${entry} (${Array.isArray(esm) ? esm.length : 0} exports)`,
      !failure && onlyEsm.length === 0 && onlyCjs.length === 0,
      detail,
    );
  }
}

// The Temporal worker bundles the workflows from the file `workflowsPath` names: it must be in the tarball,
// found from the ESM and the CommonJS build alike.
if (entries.includes('@decomkit/temporal')) {
  for (const [kind, load] of [
    ['import', "(await import('@decomkit/temporal')).workflowsPath"],
    ['require', "require('@decomkit/temporal').workflowsPath"],
  ]) {
    const script = `const { existsSync } = await import('node:fs'); const { createRequire } = await import('node:module');
const require = createRequire(process.cwd() + '/'); const path = ${load};
console.log(JSON.stringify({ path, exists: existsSync(path) }));`;
    const result = await command(process.execPath, ['--input-type=module', '-e', script], { cwd: scratch });
    const found = result.ok ? JSON.parse(result.output.trim().split('\n').at(-1)) : null;
    record(
      `${kind} @decomkit/temporal: workflowsPath names the shipped workflows file`,
      found?.exists === true && found.path.includes('node_modules/@decomkit/temporal/src/workflows.ts'),
      result.output,
    );
  }
}

// ---- 6. type-check and run a consumer program ------------------------------------------------------------
phase('tsc --strict on a consumer program, then run it');
await mkdir(join(scratch, 'src'));
await copyFile(join(ROOT, 'scripts', 'package-consumer', 'consumer.ts'), join(scratch, 'src', 'consumer.ts'));
await copyFile(
  join(ROOT, 'scripts', 'package-consumer', 'consumer-commonjs.cts'),
  join(scratch, 'src', 'consumer-commonjs.cts'),
);
const strict = { strict: true, target: 'ES2022', lib: ['ES2023'], types: ['node'], skipLibCheck: false };
const configs = {
  'tsconfig.nodenext.json': {
    compilerOptions: { ...strict, module: 'nodenext', moduleResolution: 'nodenext', outDir: 'out' },
    include: ['src'],
  },
  'tsconfig.bundler.json': {
    compilerOptions: { ...strict, module: 'esnext', moduleResolution: 'bundler', noEmit: true, skipLibCheck: true },
    files: ['src/consumer.ts'],
  },
};
for (const [file, config] of Object.entries(configs)) {
  await writeFile(join(scratch, file), `${JSON.stringify(config, null, 2)}\n`);
  const checked = await command(
    process.execPath,
    [join(scratch, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', file],
    {
      cwd: scratch,
    },
  );
  const { moduleResolution } = config.compilerOptions;
  record(
    `tsc --strict, moduleResolution ${moduleResolution} (${config.include ? 'ESM and CJS consumers, lib check' : 'ESM consumer'})`,
    checked.ok,
    checked.output,
  );
}
for (const program of ['consumer.js', 'consumer-commonjs.cjs']) {
  const ran = await command(process.execPath, [join('out', program)], { cwd: scratch });
  record(`node out/${program} plans on the fake`, ran.ok && /^planned \d+ actions/m.test(ran.output), ran.output);
}

await finish();

/** Removes the temporary folders, prints the summary and exits: 1 when any check failed. */
async function finish() {
  if (scratch !== null && !args.has('--keep')) await rm(scratch, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
  const failed = outcomes.filter((outcome) => !outcome.ok);
  console.log(
    `\ncheck-packages: ${outcomes.length - failed.length} of ${outcomes.length} checks ok in ${((Date.now() - started) / 1000).toFixed(0)}s`,
  );
  for (const outcome of failed) console.log(`  failed: ${outcome.name}`);
  process.exit(failed.length === 0 ? 0 : 1);
}
