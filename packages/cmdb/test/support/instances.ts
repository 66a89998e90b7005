import { type ServiceNowAuth, serviceNowCmdb } from '@decomkit/cmdb';
import { afterEach } from 'vitest';
import type { Row, TableApiServer, TableApiServerOptions } from './table-api-server.js';
import { startTableApiServer } from './table-api-server.js';

/** The test user of every loopback instance. */
export const USER = { username: 'decomkit.integration', password: 'Pa55-w0rd-never-logged' };
/** Its basic auth. */
export const BASIC: ServiceNowAuth = { kind: 'basic', ...USER };

const choice = (element: string, value: string, label: string, name = 'cmdb_ci'): Row => ({
  name,
  element,
  value,
  label,
  language: 'en',
  inactive: 'false',
});

/** The legacy choice lists of a base instance: `install_status` 7 and `operational_status` 6 are Retired. */
export const LEGACY_CHOICES: Row[] = [
  choice('install_status', '1', 'Installed'),
  choice('install_status', '7', 'Retired'),
  choice('install_status', '100', 'Absent'),
  choice('operational_status', '1', 'Operational'),
  choice('operational_status', '6', 'Retired'),
];

/** CSDM's life cycle choice lists: stage "End of Life", status "Retired". */
export const CSDM_CHOICES: Row[] = [
  choice('life_cycle_stage', 'operational', 'Operational'),
  choice('life_cycle_stage', 'end_of_life', 'End of Life'),
  choice('life_cycle_stage_status', 'in_use', 'In Use'),
  choice('life_cycle_stage_status', 'retired', 'Retired'),
];

/** A CI row in service (legacy and CSDM fields). */
export function ci(sysId: string, name = sysId): Row {
  return {
    sys_id: sysId,
    name,
    sys_class_name: 'cmdb_ci_vm_instance',
    install_status: '1',
    operational_status: '1',
    life_cycle_stage: 'operational',
    life_cycle_stage_status: 'in_use',
    correlation_id: `arn:aws:ec2:eu-west-1:111122223333:instance/i-${sysId.toLowerCase()}`,
  };
}

/** The relationship types of a base instance. */
export const RELATION_TYPES: Row[] = [
  { sys_id: 'rel-depends', name: 'Depends on::Used by', parent_descriptor: 'Depends on', child_descriptor: 'Used by' },
  {
    sys_id: 'rel-replaced',
    name: 'Replaced by::Replaces',
    parent_descriptor: 'Replaced by',
    child_descriptor: 'Replaces',
  },
];

/** A loopback instance with `choices`, the CIs `CI-AWS` and `CI-AZURE` (and `extra`), the relationship types, no relations, no tasks. */
export function startInstance(
  choices: Row[],
  extra: Partial<TableApiServerOptions> & { cis?: Row[] } = {},
): Promise<TableApiServer> {
  return startTableApiServer({
    users: [USER],
    ...extra,
    tables: {
      sys_choice: choices,
      cmdb_ci: extra.cis ?? [ci('CI-AWS', 'payments-api'), ci('CI-AZURE', 'payments-api (Azure)')],
      cmdb_rel_type: RELATION_TYPES,
      cmdb_rel_ci: [],
      task: [],
      ...extra.tables,
    },
  });
}

/** `serviceNowCmdb` on `server` with fast retries. */
export function cmdbOn(server: TableApiServer, options: Partial<Parameters<typeof serviceNowCmdb>[0]> = {}) {
  return serviceNowCmdb({
    instance: server.url,
    auth: BASIC,
    retry: { baseDelayMilliseconds: 5, maxDelayMilliseconds: 5_000 },
    ...options,
  });
}

/** A `startInstance` whose instances are all closed after each test of the calling file. */
export function instancesClosedAfterEach(): typeof startInstance {
  const started: TableApiServer[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((server) => server.close()));
  });
  return async (...args) => {
    const server = await startInstance(...args);
    started.push(server);
    return server;
  };
}
