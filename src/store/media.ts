/**
 * Reference images as bytes the bot downloaded itself. Providers get these bytes uploaded, never a
 * platform URL (a Telegram file URL contains the bot token).
 */
import { randomBytes } from "node:crypto";
import type { ReferenceImage } from "../domain/brief.ts";
import type { MessageKey } from "../domain/reply.ts";
import type { Db } from "./database.ts";
import { statement } from "./statement.ts";

export const IMAGE_TYPES: Readonly<Record<string, string>> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "image/gif": "gif",
};

/** Largest reference image accepted: the Bot API's own download limit. */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

export class MediaRejected extends Error {
  override readonly name = "MediaRejected";
  constructor(readonly reason: "not_an_image" | "too_large", readonly i18nKey: MessageKey) {
    super(reason);
  }
}

/** Sniffs the type from the bytes: a file's name or declared type is the sender's claim, not a fact. */
export function sniffImageType(bytes: Uint8Array): string | undefined {
  const b = bytes;
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "image/jpeg";
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return "image/png";
  if (b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50) return "image/webp";
  if (b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46) return "image/gif";
  return undefined;
}

export function createMediaStore(db: Db) {
  const insert = db.prepare("INSERT INTO media (id, mime, name, size, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?)");
  return {
    /** Stores an image; throws MediaRejected for anything that is not an image or is over 20 MB. */
    save(bytes: Uint8Array, name: string, now: number): ReferenceImage {
      if (bytes.byteLength > MAX_IMAGE_BYTES) throw new MediaRejected("too_large", "media.too_large");
      const mime = sniffImageType(bytes);
      if (!mime) throw new MediaRejected("not_an_image", "media.not_an_image");
      const id = randomBytes(9).toString("base64url");
      const safeName = name.replace(/[^\w.-]+/g, "_").slice(0, 80) || `image.${IMAGE_TYPES[mime]}`;
      insert.run(id, mime, safeName, bytes.byteLength, Buffer.from(bytes), now);
      return { id, mime, name: safeName, bytes: bytes.byteLength };
    },
    load(id: string): StoredMedia | undefined {
      return loadMedia(db, id);
    },
  };
}

export interface StoredMedia {
  mime: string;
  name: string;
  bytes: Uint8Array;
}

/** A stored image's bytes, e.g. for uploading it to a provider; undefined once it is gone. */
export function loadMedia(db: Db, id: string): StoredMedia | undefined {
  const row = statement<[string], { mime: string; name: string; bytes: Buffer }>(db, "SELECT mime, name, bytes FROM media WHERE id = ?").get(id);
  return row ? { mime: row.mime, name: row.name, bytes: new Uint8Array(row.bytes) } : undefined;
}

export type MediaStore = ReturnType<typeof createMediaStore>;
