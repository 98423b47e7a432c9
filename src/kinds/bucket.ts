// An S3 bucket whose ObjectCreated events under a prefix invoke the function (asynchronously).
import * as v from 'valibot';
import { int, matching } from '../schema.js';
import { defineKind } from './kind.js';

/** S3 bucket name in the local S3 server the README and the tests start (the deployed bucket's name is unique to its stack: bucket names are global). */
export const bucketName = (name: string) => `${name}-uploads`;

export const bucketKind = defineKind({
  id: 'bucket',
  trigger: {
    type: 's3',
    schema: v.strictObject({
      type: v.literal('s3'),
      // the key prefix whose ObjectCreated events invoke the function: folders of S3-safe characters, ending in /
      prefix: v.pipe(
        matching(/^(?:[A-Za-z0-9_.-]+\/){1,8}$/, 'a key prefix like uploads/ (names of letters, digits, _ . -, each ending in /)'),
        v.maxLength(128, 'must be at most 128 characters'),
        v.check((p) => !p.split('/').some((part) => part === '.' || part === '..'), 'must not have a . or .. part'),
      ),
      // the largest object the function reads (1 byte to 1 GiB)
      maxObjectBytes: int(1, 1024 * 1024 * 1024),
    }),
    group: 'events',
  },
  settings: (_, m) => ({ maxObjectBytes: m.infra.trigger.maxObjectBytes as number }),
  ids: { bucketName },
  names: [{ what: 'local S3 bucket name', scope: 'account', derive: bucketName, rule: /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/ }],
  idSuffixes: ['Bucket', 'BucketName', 'BucketPolicy', 'BucketPermission', 'ReadPolicy'],
  localService: { id: 's3' },
  cdkSharedModules: ['sources'],
});
