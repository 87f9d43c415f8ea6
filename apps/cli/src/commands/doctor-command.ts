import { InvalidArgumentError } from 'commander';
import type { CliIo } from '../io.js';
import { doctor, doctorText, type DoctorReport } from './doctor.js';
import { localConfig } from './local-config.js';
import { probe } from './probe/probe.js';
import { probeText, type ProbeReport } from './probe/report.js';

export interface DoctorCommandOptions {
  config?: string;
  json?: boolean;
  probe?: boolean;
  claude?: string;
  stepTimeout?: number;
  saveDir?: string;
}

export function positiveNumber(flag: string, v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${flag} takes a positive number of seconds`);
  return n;
}

/** `doctor [--probe]`: the static checks, then (with --probe) the live probe; ok only when both pass. */
export async function doctorCommand(
  io: CliIo,
  o: DoctorCommandOptions,
): Promise<{ ok: boolean; text: string; json: DoctorReport & { probe?: ProbeReport } }> {
  const r = await doctor(io, {
    ...(o.config ? { config: o.config } : {}),
    ...(o.claude ? { claudeBin: o.claude } : {}),
  });
  if (!o.probe) return { ok: r.ok, text: doctorText(r), json: r };
  const claude =
    o.claude ??
    (await localConfig(io, o.config).then(
      (c) => c.claudeBin,
      () => io.env.AEGIS_CLAUDE_BIN ?? 'claude',
    ));
  const p = await probe({
    claude,
    env: io.env,
    cwd: io.cwd,
    ...(o.stepTimeout ? { stepTimeoutMs: o.stepTimeout * 1000 } : {}),
    ...(o.saveDir ? { saveDir: o.saveDir } : {}),
  });
  const ok = r.ok && p.ok;
  return { ok, text: `${doctorText(r)}\nprobe:\n${probeText(p)}`, json: { ...r, ok, probe: p } };
}
