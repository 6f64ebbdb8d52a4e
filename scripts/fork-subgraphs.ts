/**
 * The parent's side of the subgraph process (scripts/subgraphs-process.ts): forks it, waits until its four
 * subgraphs listen, passes the changes and live events they publish to this process's listeners (the gateway's
 * response cache and live updates), and stops it.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { emitEventsLocally, emitLocally, liveEventsOf } from '../platform/changes';
import type { SubgraphName } from '../platform/config';
import type { StopMessage, SubgraphsProcessMessage } from './subgraphs-process';

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all. */
  error?: Error;
}

export interface ForkedSubgraphs {
  pid?: number;
  /** Where each subgraph answers, once all four listen; rejects if the process ends before that. */
  ready: Promise<Record<SubgraphName, string>>;
  /** Settles when the process has ended, for whatever reason. */
  exited: Promise<ProcessExit>;
  /** Asks the process to stop its subgraphs and waits for it to end; kills it after `graceMs`. */
  stop(graceMs?: number): Promise<ProcessExit>;
}

export function describeExit({ code, signal, error }: ProcessExit): string {
  if (error) return `could not be started (${error.message})`;
  return signal ? `was killed by ${signal}` : `exited with code ${code}`;
}

export function forkSubgraphs(): ForkedSubgraphs {
  const child = fork(path.join(__dirname, 'subgraphs-process.js'));
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (error) => {
      if (child.pid === undefined) resolve({ code: null, signal: null, error });
    });
  });
  const ready = new Promise<Record<SubgraphName, string>>((resolve, reject) => {
    child.on('message', (message: SubgraphsProcessMessage) => {
      if (message?.type === 'ready') resolve(message.urls);
      else if (message?.type === 'mpi-changes' && Array.isArray(message.tags)) emitLocally(message.tags.map(String));
      else if (message?.type === 'mpi-events') emitEventsLocally(liveEventsOf(message.events));
    });
    void exited.then((exit) => {
      reject(new Error(`The subgraph process ${describeExit(exit)} before its subgraphs were ready.`));
    });
  });
  ready.catch(() => undefined); // whoever awaits it sees the error; an unawaited one must not end the process

  return {
    pid: child.pid,
    ready,
    exited,
    stop(graceMs = 10_000) {
      if (child.exitCode === null && child.signalCode === null) {
        if (child.connected) child.send({ type: 'stop' } satisfies StopMessage);
        else child.kill('SIGTERM');
        const kill = setTimeout(() => child.kill('SIGKILL'), graceMs).unref();
        void exited.finally(() => clearTimeout(kill));
      }
      return exited;
    },
  };
}
