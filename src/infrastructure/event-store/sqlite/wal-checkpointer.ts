import { Worker } from 'node:worker_threads';

/**
 * Copies the WAL back into the database file from a worker thread with its own connection, so the
 * appending connection never pays for checkpoints. A checkpoint inside a commit (SQLite's automatic
 * one) stalls the event loop and costs group commit about a third of its throughput on this kind
 * of machine; PASSIVE checkpoints never block writers.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.filename, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const checkpoint = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy: the next tick retries */ }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

export class WalCheckpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;

  /** `onFailure` is called if the worker dies, so the owner can fall back to automatic checkpoints. */
  constructor(filename: string, intervalMs: number, onFailure: (error: Error) => void) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { filename, intervalMs, driver: require.resolve('better-sqlite3') },
    });
    this.worker.on('error', onFailure);
    this.worker.unref();
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
  }

  /** Runs a last checkpoint and stops the worker. */
  async stop(): Promise<void> {
    // Held open until the last checkpoint is done (it is unref'd so an idle store never keeps a process alive).
    this.worker.ref();
    this.worker.postMessage('stop');
    await this.exited;
  }
}
