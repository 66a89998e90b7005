import type {
  Action,
  ActionHandler,
  DecomError,
  JsonObject,
  RateLimitClaim,
  Resource,
  ResourceTypeTraits,
  Result,
  ResultAsync,
} from '@decomkit/core';
import { okAsync } from '@decomkit/core';
import type { FakeTagging } from '../source/tagging.js';
import type { ResourceKind } from './resource-kind.js';
import { actionIdOf, noProtectionHandler, notStoppableHandler, simpleHandler, taggedPages } from './resource-kind.js';

/**
 * A call whose effect is reconciled by reading the state back (see
 * `simpleHandler`): the kind's claims and ARN parsing are filled in.
 */
export interface FakeKindCall {
  readonly run: (id: string, action: Action) => ResultAsync<JsonObject, DecomError>;
  /** The result once the effect is visible, null while it is not. */
  readonly readBack: (id: string, action: Action) => ResultAsync<JsonObject | null, DecomError>;
  /** A NotFound from `run` counts as done. Default: true for a delete, false otherwise. */
  readonly goneIsDone?: boolean;
}

/** How a kind is retired: a handler of its own, or a call the defaults wrap. */
export type FakeKindHandler = ActionHandler | FakeKindCall;

/** Everything one fake resource kind declares; `defineFakeResourceKind` fills the defaults. */
export interface FakeResourceKindDefinition {
  /** The type, as AWS Config and CloudFormation name it. */
  readonly type: string;
  /** The id the kind's calls need from `arn`, or null when the ARN is not of this kind. */
  readonly idOf: (arn: string) => string | null;
  /**
   * Every resource of the kind in `region`, a page at a time; or `{ taggedBy }`: found through the
   * Resource Groups Tagging API (as the AWS provider finds types whose list calls carry no tags), each
   * described with `describe` (those it answers null for are left out).
   */
  readonly list:
    | ((region: string) => AsyncIterable<Result<Resource[], DecomError>>)
    | { readonly taggedBy: FakeTagging };
  /** The resource, or null when it no longer exists. */
  readonly describe: (arn: string, id: string) => ResultAsync<Resource | null, DecomError>;
  /** Holds data (a final backup is required before deletion). Default false. */
  readonly holdsData?: boolean;
  /** The types whose resources a backup of this one covers. */
  readonly backupCovers?: readonly string[];
  /** The source metric that shows traffic. */
  readonly traffic?: ResourceTypeTraits['traffic'];
  /** Holds data no backup method covers: retired only under the workload's waiver. */
  readonly noBackupMethod?: string;
  /** How it is retired. Omitted: discovered only, reported `unhandled`. */
  readonly retire?: {
    /** The rate-limit claims of the kind's calls. */
    readonly claims: (action: Action) => RateLimitClaim[];
    /** `resource.delete`: a NotFound counts as done unless the call says otherwise. */
    readonly delete: FakeKindHandler;
    /** `resource.stop`. Omitted: not stoppable (a stop is refused). */
    readonly stop?: FakeKindHandler;
    /** `protection.lift`. Omitted: the type has no protection (a lift is done at once). */
    readonly lift?: FakeKindHandler;
  };
}

/**
 * A fake resource kind from its declared facts, with the defaults: not
 * stoppable (a stop is refused: stopping is never faked as done), no
 * protection, holds no data, and a delete that finds its target gone is done
 * (at-least-once safe). `stoppable` is true exactly when a stop handler is
 * declared, so the trait and the handler cannot disagree.
 *
 * @example
 * ```ts
 * defineFakeResourceKind({
 *   type: 'AWS::SQS::Queue',
 *   idOf: queueNameOf,
 *   list: { taggedBy: tagging },
 *   describe: (arn, url) => describeQueue(arn, url),
 *   retire: {
 *     claims: claimsOn('sqs', 'default'),
 *     delete: { run: (url) => sqs.deleteQueue(url), readBack: (url) => goneRead(sqs.getQueueAttributes(url), …) },
 *   },
 * });
 * ```
 */
export function defineFakeResourceKind(definition: FakeResourceKindDefinition): ResourceKind {
  const { type, idOf, retire } = definition;
  const traits = {
    type,
    idOf,
    matchesArn: (arn: string) => idOf(arn) !== null,
    list: listOf(definition),
    describe: definition.describe,
    stoppable: retire?.stop !== undefined,
    holdsData: definition.holdsData ?? false,
    ...(definition.backupCovers === undefined ? {} : { backupCovers: definition.backupCovers }),
    ...(definition.traffic === undefined ? {} : { traffic: definition.traffic }),
    ...(definition.noBackupMethod === undefined ? {} : { noBackupMethod: definition.noBackupMethod }),
  };
  if (retire === undefined) return traits;
  const handlerOf = (handler: FakeKindHandler, goneIsDone: boolean): ActionHandler =>
    'execute' in handler
      ? handler
      : simpleHandler({
          claims: retire.claims,
          idOf: actionIdOf(idOf),
          run: handler.run,
          readBack: handler.readBack,
          goneIsDone: handler.goneIsDone ?? goneIsDone,
        });
  return {
    ...traits,
    handlers: {
      'resource.stop': retire.stop === undefined ? notStoppableHandler(type) : handlerOf(retire.stop, false),
      'protection.lift': retire.lift === undefined ? noProtectionHandler(type) : handlerOf(retire.lift, false),
      'resource.delete': handlerOf(retire.delete, true),
    },
  };
}

/** The kind's `list`: its own, or the tagging API's pages described one by one. */
function listOf(definition: FakeResourceKindDefinition): ResourceKind['list'] {
  const { list, idOf, describe } = definition;
  if (typeof list === 'function') return list;
  return (region) =>
    taggedPages(list.taggedBy, region, definition.type, (found) => {
      const id = idOf(found.arn);
      return id === null ? okAsync(null) : describe(found.arn, id);
    });
}
