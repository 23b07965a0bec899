import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TemporaryDirectory {
  readonly path: string;
  file(name: string): string;
  remove(): Promise<void>;
}

/** A fresh directory under the OS temp folder, for real database files in tests. */
export async function temporaryDirectory(prefix = 'sepakat-test-'): Promise<TemporaryDirectory> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return {
    path,
    file: (name) => join(path, name),
    remove: () => rm(path, { recursive: true, force: true }),
  };
}
