/**
 * Small pieces the benchmarks share: the bot built by createApp with nothing of the developer's
 * environment, a chat port that only counts what it is given (for benchmarks of the jobs layer,
 * where a chat platform's round trip would measure the platform), temporary directories, and a
 * settable clock.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp, type App, type AppOverrides } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
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

/** The bot as createApp builds it on a database at `path`, no chat platform, no ffmpeg, not started. */
export function benchApp(path: string, overrides: AppOverrides): Promise<App> {
  return createApp(loadConfig({ DATABASE_PATH: path, LOG_LEVEL: "silent", MAX_ACTIVE_JOBS_PER_USER: "0" }), { ffmpeg: null, serveHttp: false, ...overrides });
}
