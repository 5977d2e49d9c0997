import { cpus, loadavg, release, totalmem, type } from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  /** 1-minute load average when the run started: a busy machine skews every figure. */
  loadAverage: number;
}

/** What the figures were measured on. */
export function describeMachine(): Machine {
  const list = cpus();
  const first = list[0];
  return {
    cpu: first ? `${first.model.trim()}${first.speed > 0 ? ` @ ${first.speed} MHz` : ''}` : 'unknown',
    cores: list.length,
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: `${type()} ${release()}`,
    node: process.version,
    loadAverage: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}
