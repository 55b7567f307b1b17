import { Worker } from "node:worker_threads";
import type { Logger } from "../logger";
import type {
  AnalysisApi,
  AnalysisMethod,
  PartialOutcome,
  WorkerCall,
  WorkerData,
  WorkerMessage,
} from "./worker-protocol";

type Params<M extends AnalysisMethod> = Parameters<AnalysisApi[M]>[0];
type Result<M extends AnalysisMethod> = ReturnType<AnalysisApi[M]>;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * The main thread's handle on the analysis thread. Starts the thread on first use and again
 * after it dies, replaying the open documents' text through `onRestart`.
 */
export class AnalysisHost {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly currentPass = new Int32Array(new SharedArrayBuffer(4));
  private restarting = false;
  private partialListener: ((partial: PartialOutcome) => void) | undefined;

  /**
   * @param script the bundle that runs the analysis thread
   * @param onRestart called after a replacement thread starts, to send it the open documents
   */
  constructor(
    private readonly script: string,
    private readonly logger: Logger,
    private readonly onRestart: () => void,
  ) {}

  /** Calls a method of the analysis thread and resolves with its result. */
  call<M extends AnalysisMethod>(method: M, params: Params<M>): Promise<Result<M>> {
    const id = this.nextId++;
    return new Promise<Result<M>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.post({ id, method, params });
    });
  }

  /** Sends a call whose result nobody waits for; a failure is logged by the analysis thread. */
  notify<M extends AnalysisMethod>(method: M, params: Params<M>): void {
    this.post({ method, params });
  }

  /** Registers the receiver of the outcomes that a pass sends before it completes. */
  onPartial(listener: (partial: PartialOutcome) => void): void {
    this.partialListener = listener;
  }

  /** Makes `passId` the only analysis pass allowed to run; older passes stop at their next check. */
  setCurrentPass(passId: number): void {
    Atomics.store(this.currentPass, 0, passId);
  }

  async dispose(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }

  private post(call: WorkerCall): void {
    this.ensureWorker().postMessage(call);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const data: WorkerData = { currentPass: this.currentPass.buffer as SharedArrayBuffer };
    const worker = new Worker(this.script, { workerData: data });
    worker.on("message", (message: WorkerMessage) => this.receive(message));
    worker.on("error", (error) => {
      this.logger.error(`The analysis thread crashed. ${error.stack ?? error.message}`);
    });
    worker.on("exit", (code) => this.handleExit(worker, code));
    this.worker = worker;
    if (this.restarting) {
      this.restarting = false;
      this.onRestart();
    }
    return worker;
  }

  private receive(message: WorkerMessage): void {
    if ("log" in message) {
      this.logger.log(message.log.level, message.log.message);
      return;
    }
    if ("partial" in message) {
      this.partialListener?.(message.partial);
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if ("error" in message) pending.reject(new Error(message.error));
    else pending.resolve(message.result);
  }

  private handleExit(worker: Worker, code: number): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.restarting = true;
    this.logger.error(`The analysis thread exited with code ${code}; it restarts on next use.`);
    for (const pending of this.pending.values()) {
      pending.reject(new Error(`The analysis thread exited with code ${code}.`));
    }
    this.pending.clear();
  }
}
