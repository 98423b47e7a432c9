// A local S3-compatible server for the s3 template: s3rver (npm, pure JavaScript, objects in a
// folder), the server the generated README starts with `npx --yes s3rver@3`, so the function makes
// real GetObject calls over HTTP. It checks signatures against its one key pair, S3RVER/S3RVER.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { background, freePort, waitFor } from './exec.js';

/** The only credentials s3rver accepts, and a region (it ignores it; the SDK needs one). */
export const S3RVER_AWS_ENV = {
  AWS_ACCESS_KEY_ID: 'S3RVER',
  AWS_SECRET_ACCESS_KEY: 'S3RVER',
  AWS_SESSION_TOKEN: undefined,
  AWS_PROFILE: undefined,
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
} as const;

/** The npm package the README runs; S3RVER_PACKAGE overrides it (e.g. a local tarball). */
const S3RVER_PACKAGE = process.env.S3RVER_PACKAGE ?? 's3rver@3';

export interface LocalS3 {
  endpoint: string;
  stop(): Promise<void>;
}

/** Starts s3rver on a free port with its objects in a temporary folder; resolves when it answers. */
export async function startS3rver(): Promise<LocalS3> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'crl-s3rver-'));
  const server = background('npx', ['--yes', S3RVER_PACKAGE, '-d', dir, '--address', '127.0.0.1', '--port', String(port)]);
  const endpoint = `http://127.0.0.1:${port}`;
  const answers = async () => {
    if (server.child.exitCode !== null) throw new Error(`s3rver exited (${server.child.exitCode})`);
    return fetch(`${endpoint}/`).then(
      (res) => res.ok,
      () => false,
    );
  };
  const stop = async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // the first run downloads the package into npm's cache
    await waitFor(`s3rver on port ${port}`, answers, 120_000, 200);
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n${server.output()}`);
  }
  return { endpoint, stop };
}

/** Creates a bucket (s3rver serves requests without credentials as its own owner). */
export async function createBucket(endpoint: string, bucket: string): Promise<void> {
  const res = await fetch(`${endpoint}/${bucket}`, { method: 'PUT' });
  if (!res.ok) throw new Error(`CreateBucket ${bucket} failed (${res.status}): ${await res.text()}`);
}

/** Puts an object with its content type. */
export async function putObject(endpoint: string, bucket: string, key: string, body: Buffer, contentType: string): Promise<void> {
  const res = await fetch(`${endpoint}/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`, {
    method: 'PUT',
    headers: { 'content-type': contentType },
    body: new Blob([new Uint8Array(body)]),
  });
  if (!res.ok) throw new Error(`PutObject ${bucket}/${key} failed (${res.status}): ${await res.text()}`);
}
