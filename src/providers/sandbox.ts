/**
 * The built-in sandbox: a provider that costs nothing and needs no account, so the bot works on a
 * fresh machine. A task id encodes its start time and length, so its status is computed rather
 * than remembered and a restart loses nothing.
 */
import { randomBytes } from "node:crypto";
import type { ModelSpec } from "../domain/catalog.ts";
import type { Provider, TaskStatus, UploadedImage } from "./provider.ts";
import { ProviderError } from "./provider.ts";

export const SANDBOX_URL_BASE = "https://sandbox.reelsmith.invalid";

export function createSandboxProvider(options: { durationMs?: number; now?: () => number } = {}): Provider {
  const durationMs = options.durationMs ?? 4000;
  const now = options.now ?? Date.now;

  return {
    id: "sandbox",
    label: "Sandbox",
    async capabilities(): Promise<ModelSpec[]> {
      return [];
    },
    async upload(input): Promise<UploadedImage> {
      return { ref: `sandbox-${randomBytes(4).toString("hex")}`, mime: input.mime, fileName: input.fileName };
    },
    async submit(request) {
      if (request.prompt.trim().length === 0) {
        throw new ProviderError("sandbox", "invalid_input", "the prompt is empty");
      }
      const count = request.kind === "image" ? request.n : 1;
      const taskId = `sbx_${request.kind[0]}${count}_${now().toString(36)}_${durationMs.toString(36)}_${randomBytes(3).toString("hex")}`;
      return { taskId, raw: { task_id: taskId, status: "queued" } };
    },
    async status(taskId): Promise<TaskStatus> {
      const match = /^sbx_([vi])(\d+)_([0-9a-z]+)_([0-9a-z]+)_([0-9a-f]+)$/.exec(taskId);
      if (!match) throw new ProviderError("sandbox", "invalid_input", `no sandbox task ${taskId}`);
      const [, kind, count, start, length, tag] = match as unknown as [string, string, string, string, string, string];
      const elapsed = now() - Number.parseInt(start, 36);
      const total = Number.parseInt(length, 36);
      const progress = Math.max(0, Math.min(100, Math.round((elapsed / total) * 100)));
      const raw = { task_id: taskId, elapsed_ms: elapsed };
      const empty = { videos: [], images: [], thumbnails: [] };
      if (elapsed < total * 0.25) return { state: "queued", outputs: empty, raw };
      if (elapsed < total) return { state: "running", progress, outputs: empty, raw };
      if (kind === "v") {
        return {
          state: "succeeded",
          progress: 100,
          outputs: { videos: [`${SANDBOX_URL_BASE}/clips/${tag}.mp4`], images: [], thumbnails: [`${SANDBOX_URL_BASE}/clips/${tag}.jpg`] },
          raw,
        };
      }
      const images = Array.from({ length: Number(count) }, (_, i) => `${SANDBOX_URL_BASE}/images/${tag}-${i + 1}.png`);
      return { state: "succeeded", progress: 100, outputs: { videos: [], images, thumbnails: [] }, raw };
    },
  };
}
