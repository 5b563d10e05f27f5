/** Small helpers shared by the provider contract tests. */
import assert from "node:assert/strict";
import { ProviderError, type Provider, type VideoRequest } from "../../src/providers/provider.ts";

/** The ProviderError a call rejects with; fails the test if it resolves or throws anything else. */
export async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ProviderError, `expected a ProviderError, got ${String(error)}`);
    return error;
  }
  assert.fail("expected a rejection");
}

/** A video request for `model`, with the fields a test does not care about filled in. */
export function videoRequest(model: string, overrides: Partial<VideoRequest> = {}): VideoRequest {
  return {
    kind: "video",
    model,
    prompt: "a lighthouse at dusk, waves crashing",
    seconds: 5,
    orientation: "16:9",
    definition: "720p",
    images: [],
    ...overrides,
  };
}

/**
 * A fake that answers a task's polls with `interim` statuses, then success: each interim status,
 * empty or unknown to us, must read as "running", and the poll after them as "succeeded".
 */
export async function assertInterimStatusesRun(
  provider: Provider,
  fake: { completeAfterPolls(polls: number): void; interimStatuses(statuses: string[]): void },
  interim: string[],
  request: VideoRequest,
): Promise<void> {
  fake.completeAfterPolls(interim.length + 1);
  fake.interimStatuses(interim);
  const { taskId } = await provider.submit(request);
  for (const status of interim) assert.equal((await provider.status(taskId, "video")).state, "running", JSON.stringify(status));
  assert.equal((await provider.status(taskId, "video")).state, "succeeded");
}
