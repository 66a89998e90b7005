// Writes each package's API report (api-report/<package>.api.md) from its built
// declarations (run `pnpm build` first): every change to a public surface then
// shows in review as a change to that file. With --check (CI), fails instead
// when a report differs from the committed one, or on any API Extractor warning.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';

const check = process.argv.includes('--check');
// One config per entry point: api-extractor.json for a package's main entry, api-extractor.<entry>.json for a
// subpath (core's `./provider-kit`).
const configs = readdirSync('packages').flatMap((name) =>
  readdirSync(join('packages', name))
    .filter((file) => /^api-extractor(\.[a-z-]+)?\.json$/.test(file))
    .map((file) => ({
      name: file === 'api-extractor.json' ? name : `${name} ${file.slice(14, -5)}`,
      file: join('packages', name, file),
    })),
);
let failed = 0;
for (const { name, file } of configs) {
  const config = ExtractorConfig.loadFileAndPrepare(file);
  if (!existsSync(config.mainEntryPointFilePath)) {
    console.error(`${name}: ${config.mainEntryPointFilePath} is missing; run \`pnpm build\` first`);
    failed += 1;
    continue;
  }
  const result = Extractor.invoke(config, { localBuild: !check, showVerboseMessages: false });
  const changed = result.apiReportChanged ? (check ? ' — differs from the committed report' : ' — report updated') : '';
  console.log(
    `${name}: ${result.succeeded ? 'ok' : 'FAILED'} (${result.warningCount} warnings, ${result.errorCount} errors)${changed}`,
  );
  if (!result.succeeded) failed += 1;
}
if (check && failed > 0) {
  console.error(
    'The public API changed (or API Extractor warned). Run `pnpm build && pnpm api:report` and commit api-report/.',
  );
}
process.exit(failed > 0 ? 1 : 0);
