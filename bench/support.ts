/**
 * Small pieces the benchmarks share: a chat port that only counts what it is given (for
 * benchmarks of the jobs layer, where a chat platform's round trip would measure the platform),
 * temporary directories, and a settable clock.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ChatPort, Platform } from "../src/ports/chat.ts";

export interface CountingPort extends ChatPort {
  readonly sent: { message: number; video: number; images: number };
  readonly edits: number;
}

export function countingPort(platform: Platform): CountingPort {
  const sent = { message: 0, video: 0, images: 0 };
  let edits = 0;
  let nextId = 0;
  return {
    platform,
    sent,
    get edits() {
      return edits;
    },
    async send(_to, message) {
      sent[message.type] += 1;
      return { messageId: String(++nextId) };
    },
    async edit() {
      edits += 1;
    },
  };
}

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface SimClock {
  now(): number;
  set(ms: number): void;
}

export function simClock(start: number): SimClock {
  let t = start;
  return { now: () => t, set: (ms) => void (t = ms) };
}
