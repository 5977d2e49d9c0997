import * as z from 'zod';
import { rateLimited, systemErrorBody, WixRefusal } from './errors.ts';

/** Fault injection: share of requests answered 500 / 429, and added latency. */
export interface SandboxFaults {
  /** 0..1: share of API requests answered 500 with Wix's empty system error body. */
  errorRate?: number;
  /** Milliseconds added before each API request is answered. */
  latencyMs?: number;
  /** 0..1: share of API requests answered 429 `RESOURCE_EXHAUSTED` regardless of the budget. */
  rateLimitRate?: number;
}

/** The faults the sandbox accepts, from its options or `POST /_sandbox/faults`. */
export const faultsSchema = z
  .object({
    errorRate: z.number().min(0).max(1).optional(),
    latencyMs: z.number().int().min(0).max(600_000).optional(),
    rateLimitRate: z.number().min(0).max(1).optional(),
  })
  .strict();

/** The error this request is to fail with, drawn from `faults`, or undefined to answer it normally. */
export function drawFault(
  faults: SandboxFaults,
  random: () => number,
  rateLimit: number,
): WixRefusal | undefined {
  if (faults.errorRate && random() < faults.errorRate) return new WixRefusal(500, systemErrorBody());
  if (faults.rateLimitRate && random() < faults.rateLimitRate) return rateLimited(rateLimit);
  return undefined;
}
