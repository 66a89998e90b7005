import type { FakeDataStores } from '../source/data-stores.js';
import { AWS_TYPES } from '../source/resource-types.js';
import type { FakeTagging } from '../source/tagging.js';
import { dataStoreKind } from './data-store-kind.js';
import type { ResourceKind } from './resource-kind.js';

/** OpenSearch domains: hold data no backup method covers (retired only under the workload's waiver). */
export function searchDomainKind(stores: FakeDataStores, tagging: FakeTagging): ResourceKind {
  return dataStoreKind(stores, tagging, {
    type: AWS_TYPES.searchDomain,
    list: 'searchDomains',
    arnPattern: /^arn:aws[a-z-]*:es:[a-z0-9-]+:\d{12}:domain\/[a-z][a-z0-9-]{2,27}$/,
    service: 'es',
    idKey: 'domainName',
    idOf: (domain) => domain.domainName,
    fields: (domain) => ({ state: 'active', resourceIdentity: domain.domainId }),
    holdsData: true,
    noBackupMethod: "a manual snapshot through the domain's _snapshot API to a registered repository",
    remove: (arn) => stores.deleteSearchDomain(arn).map(() => ({})),
  });
}
