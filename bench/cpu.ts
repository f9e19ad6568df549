// CPU figures of a run: the whole process's CPU time (every thread) and the main thread's
// busy time (Node's event-loop utilization), which says how close the thread that holds
// the API, the journal and the router came to full.
import { performance as nodePerformance } from 'node:perf_hooks';

export interface CpuFigures {
  cpuMs: number;
  mainThreadBusyMs: number;
  /**
   * The process's context switches (every thread): voluntary when a thread waited (for a
   * message, a lock, the disk), involuntary when the kernel took its core for another thread.
   * On two cores each thread crossing can be one of each.
   */
  contextSwitches: { voluntary: number; involuntary: number };
}

/** Starts counting; the returned function gives the figures since then. */
export function cpuMeter(): () => CpuFigures {
  const cpu0 = process.cpuUsage();
  const loop0 = nodePerformance.eventLoopUtilization();
  const ru0 = process.resourceUsage();
  return () => {
    const cpu = process.cpuUsage(cpu0);
    const ru = process.resourceUsage();
    return {
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      mainThreadBusyMs: Math.round(nodePerformance.eventLoopUtilization(loop0).active),
      contextSwitches: {
        voluntary: ru.voluntaryContextSwitches - ru0.voluntaryContextSwitches,
        involuntary: ru.involuntaryContextSwitches - ru0.involuntaryContextSwitches,
      },
    };
  };
}
