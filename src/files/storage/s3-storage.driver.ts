import { DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { OnApplicationShutdown } from '@nestjs/common';
import { Readable } from 'node:stream';
import type { StorageDriver } from './storage.driver.js';

const KEY = /^[a-f0-9-]{36}$/;
/** Parts of a multipart upload; a file smaller than one part goes up in one PUT. */
const PART_BYTES = 8 * 1024 * 1024;

export interface S3Settings {
  bucket: string;
  region: string;
  /** An S3-compatible service's address (MinIO, Ceph, a cloud's object storage); AWS when absent. */
  endpoint: string | undefined;
  forcePathStyle: boolean;
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * File bytes in an S3-compatible bucket. Uploads stream through @aws-sdk/lib-storage (multipart
 * past one part, two parts in flight), so nothing holds a whole file; an object becomes visible
 * only when its upload completes, and a failed upload is aborted, leaving nothing behind.
 * Downloads stream the object's body.
 */
export class S3StorageDriver implements StorageDriver, OnApplicationShutdown {
  private readonly client: S3Client;

  constructor(private readonly settings: S3Settings) {
    this.client = new S3Client({
      region: settings.region,
      endpoint: settings.endpoint,
      forcePathStyle: settings.forcePathStyle,
      credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
    });
  }

  async write(key: string, source: Readable): Promise<void> {
    checkKey(key);
    // Wrapped: lib-storage takes a `size` property on the body for its length, and the caller's byte meter has one (counting up from 0).
    const body = Readable.from(source);
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.settings.bucket, Key: key, Body: body },
      partSize: PART_BYTES,
      queueSize: 2,
      leavePartsOnError: false,
    });
    // A failing source (over the size limit) must stop the upload, not leave it waiting for more bytes.
    const failed = new Promise<never>((_, reject) => source.once('error', reject));
    try {
      await Promise.race([upload.done(), failed]);
    } catch (error) {
      await upload.abort().catch(() => undefined);
      throw error;
    }
  }

  async read(key: string): Promise<Readable> {
    checkKey(key);
    const object = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: key }));
    if (!(object.Body instanceof Readable)) throw new Error(`object ${key} has no readable body`);
    return object.Body;
  }

  async remove(key: string): Promise<void> {
    checkKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: key }));
  }

  async checkConnection(): Promise<{ ok: boolean; detail: string }> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.settings.bucket }));
      return { ok: true, detail: `bucket ${this.settings.bucket} reachable` };
    } catch (error) {
      return {
        ok: false,
        detail: `bucket ${this.settings.bucket}: ${error instanceof Error ? error.name : String(error)}`,
      };
    }
  }

  onApplicationShutdown(): void {
    this.client.destroy();
  }
}

function checkKey(key: string): void {
  if (!KEY.test(key)) throw new Error('invalid storage key');
}
