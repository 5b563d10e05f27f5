/**
 * Fetching bytes with a size cap and a time limit: attachment options (reference images) and
 * finished clips to attach. Stops reading as soon as the cap is passed, so a huge file costs little.
 */

export class DownloadError extends Error {
  override readonly name = "DownloadError";
  constructor(readonly reason: "too_large" | "http" | "network", readonly status?: number) {
    super(status !== undefined ? `download failed: ${reason} (HTTP ${status})` : `download failed: ${reason}`);
  }
}

export async function fetchCapped(url: string, maxBytes: number, timeoutMs: number): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: "follow" });
  } catch {
    // The cause may quote the URL, and a URL can carry a signature: say only what kind of failure it was.
    throw new DownloadError("network");
  }
  if (!res.ok || !res.body) {
    await res.body?.cancel();
    throw new DownloadError("http", res.status);
  }
  const declared = Number(res.headers.get("content-length") ?? Number.NaN);
  if (declared > maxBytes) {
    await res.body.cancel();
    throw new DownloadError("too_large");
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of res.body) {
      total += chunk.byteLength;
      if (total > maxBytes) throw new DownloadError("too_large");
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof DownloadError) throw error;
    throw new DownloadError("network");
  }
  return new Uint8Array(Buffer.concat(chunks));
}
