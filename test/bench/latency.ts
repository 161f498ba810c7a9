export async function runLatency(_options: { edits: number }): Promise<unknown> {
  throw new Error('latency bench: not yet');
}
