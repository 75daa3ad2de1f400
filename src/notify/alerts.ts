/**
 * Delivering alerts: the I/O of sending what the alert rules matched (src/app/alerts.ts decides what
 * matches). Standard output through the caller's `print`, lines appended to a JSONL file, one POST per
 * alert to a webhook, signed with HMAC-SHA256 so that the receiver can tell it came from this sitrep.
 */
import { createHmac } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import type { Alert, AlertOutput } from '../model/alert.js';

export const SIGNATURE_HEADER = 'x-sitrep-signature';

/** How long a webhook may take to answer one alert. */
const WEBHOOK_TIMEOUT_MS = 10_000;

/** The signature header's value for a body: what a receiver recomputes with the shared secret. */
export function signature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** A webhook whose secret is missing or which did not answer 2xx. */
export class DeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/**
 * Send alerts to every output: `stdout` lines through `print`, appended JSONL lines, one signed POST per
 * alert. Returns the outputs that failed (the others still got every alert).
 */
export async function deliverAlerts(
  alerts: Alert[],
  outputs: AlertOutput[],
  print: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ output: string; reason: string }[]> {
  const failed: { output: string; reason: string }[] = [];
  if (!alerts.length) return failed;
  const lines = alerts.map((a) => JSON.stringify(a));
  for (const o of outputs) {
    try {
      if (o.type === 'stdout') lines.forEach(print);
      else if (o.type === 'jsonl') await appendFile(o.path, lines.map((l) => `${l}\n`).join(''));
      else await post(o.url, lines, env[o.secretEnv], o.secretEnv);
    } catch (err) {
      failed.push({
        output: o.type === 'webhook' ? o.url : o.type === 'jsonl' ? o.path : 'stdout',
        reason: (err as Error).message,
      });
    }
  }
  return failed;
}

async function post(url: string, bodies: string[], secret: string | undefined, secretEnv: string) {
  if (!secret) throw new DeliveryError(`$${secretEnv} is not set: the webhook's secret comes from it`);
  for (const body of bodies) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature(body, secret) },
      body,
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    await res.body?.cancel();
    if (!res.ok) throw new DeliveryError(`HTTP ${res.status}`);
  }
}
