/** Analyse inputs without storing them: each input yields an analysed article or the reason it failed. */
import type { ReadOptions } from '../ingest/inputs.js';
import { runPipeline } from '../pipeline.js';

export function analyzeInputs(
  inputs: string[],
  o: Omit<ReadOptions, 'onFile'> = {},
): ReturnType<typeof runPipeline> {
  return runPipeline(inputs, o);
}
