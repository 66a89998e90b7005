import { randomBytes } from 'node:crypto';
import { type FileHandle, link, open as openFile, rename, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { type ConflictError, decomError } from '../errors/decom-error.js';
import { syncDirectory } from './durable-directory.js';
import { writeFully } from './group-commit-writer.js';
import type { LeaseHolder, LeaseTakeover } from './journal-entry.js';

/** How long a lease lives without a heartbeat before another runner may take it over. */
export const DEFAULT_LEASE_TIMEOUT_MILLISECONDS = 30_000;

/** A lease file's content. */
interface LeaseContent extends LeaseHolder {
  /** Tells this holder's lease from a later one of the same holder. */
  readonly token: string;
  /** The holder's own timeout: it heartbeats three times within it. */
  readonly timeoutMilliseconds: number;
}

/** A lease found on disk: its content (null when unreadable) and which file it is. */
interface FoundLease {
  readonly content: LeaseContent | null;
  readonly inode: number;
  readonly modified: number;
}

/** Thrown while acquiring: the run is held by someone else. */
export class LeaseConflict extends Error {
  constructor(readonly error: ConflictError) {
    super(error.message);
  }
}

/** Options of {@link acquireLease}. */
export interface LeaseOptions {
  readonly timeoutMilliseconds: number;
  readonly takeOver: boolean;
}

/**
 * Takes the exclusive lease of run `runId`: the file `<runId>.lease` beside
 * its journal. The lease appears whole and only if absent (written to a
 * temporary file, then hard-linked: `link` fails if the name exists). A lease
 * whose heartbeat expired, or any with `takeOver`, is claimed first (a second
 * hard link named after its inode: only one taker makes it) and then replaced
 * by one rename, so the name is never empty and two takers never both win.
 * Throws {@link LeaseConflict} when the run is held.
 */
export async function acquireLease(directory: string, runId: string, options: LeaseOptions): Promise<RunLease> {
  const path = join(directory, `${runId}.lease`);
  const token = randomBytes(8).toString('hex');
  const since = new Date().toISOString();
  const content: LeaseContent = {
    host: hostname(),
    pid: process.pid,
    since,
    heartbeat: since,
    token,
    timeoutMilliseconds: options.timeoutMilliseconds,
  };
  const temporary = `${path}.${token}.tmp`;
  const handle = await openFile(temporary, 'wx');
  let placed = false;
  try {
    await writeFully(handle, serialise(content), 0);
    await handle.sync();
    const takeover = await linkInPlace(temporary, path, runId, options);
    placed = true;
    if (takeover === null) await unlink(temporary);
    await syncDirectory(directory);
    const { ino } = await handle.stat();
    return new RunLease(path, handle, ino, content, takeover);
  } catch (cause) {
    // A lease placed but not returned would hold the run until it expired: remove it if still ours.
    const ours = placed ? await handle.stat().catch(() => null) : null;
    const current = ours === null ? null : await stat(path).catch(() => null);
    if (ours !== null && current?.ino === ours.ino) await unlink(path).catch(() => undefined);
    await handle.close().catch(() => undefined);
    await unlink(temporary).catch(() => undefined);
    throw cause;
  }
}

/**
 * Puts the prepared lease at `path`: linked if the name is free; replacing an
 * expired (or, with `takeOver`, any) lease only after claiming that very file.
 */
async function linkInPlace(
  temporary: string,
  path: string,
  runId: string,
  options: LeaseOptions,
): Promise<LeaseTakeover | null> {
  for (let attempt = 0; attempt < 8; attempt += 1) {
    try {
      await link(temporary, path);
      return null;
    } catch (cause) {
      if (codeOf(cause) !== 'EEXIST') throw cause;
    }
    const current = await readLease(path);
    if (current === null) continue; // released meanwhile: try again
    const holder = holderOf(current);
    const expired = isExpired(current, options.timeoutMilliseconds);
    if (!expired && !options.takeOver) throw new LeaseConflict(conflict(runId, path, holder));
    // The claim is a second name of the lease judged, made with link(): of two takers of the same
    // lease one makes it, the other gets EEXIST. The claimed file is then replaced in one rename.
    const claim = `${path}.${current.inode}.taking`;
    try {
      await link(path, claim);
    } catch (cause) {
      if (codeOf(cause) === 'ENOENT') continue;
      if (codeOf(cause) !== 'EEXIST') throw cause;
      if (options.takeOver && (await isAbandoned(claim, options.timeoutMilliseconds))) {
        await unlink(claim).catch(() => undefined);
        continue;
      }
      throw new LeaseConflict(conflict(runId, path, holder, 'another runner is taking it over'));
    }
    const claimed = await stat(claim);
    if (claimed.ino !== current.inode) {
      await unlink(claim); // the lease changed between reading and claiming: judge the new one
      continue;
    }
    await rename(temporary, path);
    await unlink(claim);
    return { previous: holder, reason: expired ? 'expired' : 'forced' };
  }
  throw new LeaseConflict(conflict(runId, path, null));
}

/** A claim left by a taker that died between claiming and replacing (linking set its change time). */
async function isAbandoned(claim: string, timeoutMilliseconds: number): Promise<boolean> {
  const found = await stat(claim).catch(() => null);
  return found !== null && Date.now() - found.ctimeMs > timeoutMilliseconds;
}

/** A held lease: refreshes its heartbeat until released. */
export class RunLease {
  private readonly timer: NodeJS.Timeout;
  private beating: Promise<void> | null = null;

  constructor(
    private readonly path: string,
    private readonly handle: FileHandle,
    private readonly inode: number,
    private content: LeaseContent,
    /** The previous holder, when this lease was taken over. */
    readonly takeover: LeaseTakeover | null,
  ) {
    // The heartbeat rewrites the file in place (same length): a lease taken over is another
    // file by then, so a late heartbeat of this holder never touches the new one.
    this.timer = setInterval(
      () => {
        this.beating ??= this.beat().finally(() => {
          this.beating = null;
        });
      },
      Math.max(1, Math.floor(content.timeoutMilliseconds / 3)),
    );
    this.timer.unref();
  }

  /** Null while this lease is still the run's lease; otherwise the `Conflict` to fail with. */
  async lost(runId: string): Promise<ConflictError | null> {
    const found = await stat(this.path).catch(() => null);
    if (found?.ino === this.inode) return null;
    const current = await readLease(this.path).catch(() => null);
    return decomError.conflict({
      message: `run "${runId}" lost its lease ${this.path}: ${current === null ? 'it was removed' : `${describe(holderOf(current))} took it over`}; this runner stops`,
      resource: runId,
    });
  }

  /** Stops the heartbeat and removes the lease file if it is still this one. */
  async release(): Promise<void> {
    clearInterval(this.timer);
    await this.beating;
    try {
      const current = await stat(this.path).catch(() => null);
      if (current?.ino === this.inode) await unlink(this.path);
    } finally {
      await this.handle.close();
    }
  }

  private async beat(): Promise<void> {
    this.content = { ...this.content, heartbeat: new Date().toISOString() };
    // A missed heartbeat is harmless while the next one comes in time; if none does, `lost` tells.
    await writeFully(this.handle, serialise(this.content), 0).catch(() => undefined);
  }
}

async function readLease(path: string): Promise<FoundLease | null> {
  let handle: FileHandle;
  try {
    handle = await openFile(path, 'r');
  } catch (cause) {
    if (codeOf(cause) === 'ENOENT') return null;
    throw cause;
  }
  try {
    const { ino, mtimeMs } = await handle.stat();
    const text = await handle.readFile('utf8');
    return { content: parse(text), inode: ino, modified: mtimeMs };
  } finally {
    await handle.close();
  }
}

function parse(text: string): LeaseContent | null {
  try {
    const value = JSON.parse(text) as Partial<LeaseContent> | null;
    if (
      typeof value?.host !== 'string' ||
      typeof value.pid !== 'number' ||
      typeof value.since !== 'string' ||
      typeof value.heartbeat !== 'string' ||
      Number.isNaN(Date.parse(value.heartbeat))
    ) {
      return null;
    }
    return value as LeaseContent;
  } catch {
    return null;
  }
}

/** Expired when neither the holder's timeout nor ours has heard from it: the longer one counts. */
function isExpired(lease: FoundLease, timeoutMilliseconds: number): boolean {
  const heartbeat = lease.content === null ? lease.modified : Date.parse(lease.content.heartbeat);
  const holderTimeout = lease.content?.timeoutMilliseconds;
  const timeout = Math.max(timeoutMilliseconds, Number.isFinite(holderTimeout) ? Number(holderTimeout) : 0);
  return Date.now() - heartbeat > timeout;
}

function holderOf(lease: FoundLease): LeaseHolder {
  if (lease.content === null) {
    const modified = new Date(lease.modified).toISOString();
    return { host: 'unknown', pid: 0, since: modified, heartbeat: modified };
  }
  const { host, pid, since, heartbeat } = lease.content;
  return { host, pid, since, heartbeat };
}

function describe(holder: LeaseHolder): string {
  return `host ${holder.host}, pid ${holder.pid}, since ${holder.since} (last heartbeat ${holder.heartbeat})`;
}

function conflict(runId: string, path: string, holder: LeaseHolder | null, detail = 'is held'): ConflictError {
  const who = holder === null ? 'another runner' : describe(holder);
  return decomError.conflict({
    message: `run "${runId}" is being run by ${who}: its lease ${path} ${detail}. Resume once it ends; take it over (takeOver: true) only if that process is gone`,
    resource: runId,
    lease: path,
  });
}

function serialise(content: LeaseContent): Buffer {
  return Buffer.from(`${JSON.stringify(content)}\n`, 'utf8');
}

function codeOf(cause: unknown): unknown {
  return (cause as { code?: unknown } | null)?.code;
}
