/**
 * Reference images sent in Telegram: the bot downloads the bytes itself (the file URL carries the
 * bot token, so it is built, used and dropped here and never logged or passed on), and photos
 * sent as an album arrive as separate updates that are gathered into one event.
 */
import { GrammyError, type Api } from "grammy";
import type { ReferenceImage } from "../../domain/brief.ts";
import { DownloadError, fetchCapped, trustOrigin } from "../../lib/download.ts";
import { MAX_IMAGE_BYTES } from "../../store/media.ts";

/** A file Telegram would not hand over; the message names the reason, never the URL. */
export class TelegramFileError extends Error {
  override readonly name = "TelegramFileError";
  constructor(readonly reason: "too_large" | "unavailable", readonly status?: number) {
    super(`telegram file ${reason}${status ? ` (HTTP ${status})` : ""}`);
  }
}

/** Downloads a user's file by its file_id, refusing anything over `limit` bytes. */
export function createFileFetcher(options: { api: Api; apiRoot: string; token: string; limit?: number; timeoutMs?: number }) {
  const limit = options.limit ?? MAX_IMAGE_BYTES;
  const timeoutMs = options.timeoutMs ?? 60_000;
  // The Bot API root is configured, so it may be on the operator's network (a local Bot API server).
  trustOrigin(options.apiRoot);
  return async function fetchFile(fileId: string): Promise<Uint8Array> {
    let file;
    try {
      file = await options.api.getFile(fileId);
    } catch (error) {
      if (error instanceof GrammyError && /file is too big/i.test(error.description)) throw new TelegramFileError("too_large");
      throw error;
    }
    if (file.file_size !== undefined && file.file_size > limit) throw new TelegramFileError("too_large");
    if (!file.file_path) throw new TelegramFileError("unavailable");
    try {
      return await fetchCapped(`${options.apiRoot}/file/bot${options.token}/${file.file_path}`, limit, timeoutMs);
    } catch (error) {
      // DownloadError never quotes the URL, and so never the token.
      if (error instanceof DownloadError && error.reason === "too_large") throw new TelegramFileError("too_large");
      throw new TelegramFileError("unavailable", error instanceof DownloadError ? error.status : undefined);
    }
  };
}

export interface AlbumItem {
  messageId: number;
  image?: ReferenceImage;
  caption?: string;
}

export interface Album<C> {
  key: string;
  /** What the first item of the album arrived with (chat, user, update), to hand on with the event. */
  context: C;
  images: ReferenceImage[];
  caption?: string;
}

/**
 * Gathers the photos of one media group until none has arrived for `debounceMs`. Adding never
 * waits, so the updates of one chat (handled in order) are not held up by the gathering.
 */
export function createAlbums<C>(options: { debounceMs: number; flush: (album: Album<C>) => Promise<void> }) {
  const open = new Map<string, { context: C; items: AlbumItem[]; timer: NodeJS.Timeout }>();
  const flushing = new Set<Promise<void>>();

  function close(key: string): Promise<void> {
    const album = open.get(key);
    if (!album) return Promise.resolve();
    clearTimeout(album.timer);
    open.delete(key);
    const items = [...album.items].sort((a, b) => a.messageId - b.messageId);
    const images = items.flatMap((i) => (i.image ? [i.image] : []));
    if (images.length === 0) return Promise.resolve();
    const caption = items.find((i) => i.caption)?.caption;
    const work = options.flush({ key, context: album.context, images, ...(caption ? { caption } : {}) });
    flushing.add(work);
    void work.finally(() => flushing.delete(work)).catch(() => undefined);
    return work;
  }

  return {
    /** True when a group with this key is being gathered (its later photos belong to it). */
    has(key: string): boolean {
      return open.has(key);
    },
    add(key: string, context: C, item: AlbumItem): void {
      const album = open.get(key);
      const timer = setTimeout(() => void close(key).catch(() => undefined), options.debounceMs);
      if (album) {
        clearTimeout(album.timer);
        album.items.push(item);
        album.timer = timer;
      } else {
        open.set(key, { context, items: [item], timer });
      }
    },
    /** Hands on the albums whose key starts with `prefix` now (the same person wrote something else). */
    async flushPrefix(prefix: string): Promise<void> {
      await Promise.all([...open.keys()].filter((k) => k.startsWith(prefix)).map(close));
    },
    /** Hands on every open album and waits for those already handed on. */
    async flushAll(): Promise<void> {
      await Promise.all([...open.keys()].map(close));
      await Promise.allSettled([...flushing]);
    },
  };
}
