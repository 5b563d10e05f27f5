/**
 * The configured providers, and the catalog the recommendation sees: the built-in entries merged
 * with each provider's live capabilities, refreshed periodically. With no provider key at all the
 * sandbox stands in, so the bot works on a fresh machine.
 */
import { join } from "node:path";
import type { Config } from "../config.ts";
import { locateFfmpeg } from "../media/ffmpeg.ts";
import { builtInCatalog } from "../domain/builtin-catalog.ts";
import { forProviders, mergeCatalog, type Catalog, type ModelSpec, type ProviderId } from "../domain/catalog.ts";
import { createCreatokProvider } from "./creatok.ts";
import { createJimengProvider } from "./jimeng.ts";
import { createOpenAIVideosProvider, parseVideoModelList } from "./openai-videos.ts";
import type { Provider } from "./provider.ts";
import { createSandboxProvider } from "./sandbox.ts";
import { createSophnetProvider } from "./sophnet.ts";

/** `wrap` is applied to each provider (the metrics layer counts and times every call through it). */
export function createProviders(config: Config, wrap: (provider: Provider) => Provider = (p) => p): Map<ProviderId, Provider> {
  const providers = new Map<ProviderId, Provider>();
  if (config.CREATOK_API_KEY) {
    providers.set("creatok", createCreatokProvider({ apiKey: config.CREATOK_API_KEY, baseUrl: config.CREATOK_BASE_URL }));
  }
  if (config.SOPH_API_KEY) {
    providers.set("sophnet", createSophnetProvider({ apiKey: config.SOPH_API_KEY, baseUrl: config.SOPHNET_BASE_URL }));
  }
  if (config.VOLC_ACCESSKEY && config.VOLC_SECRETKEY) {
    providers.set("jimeng", createJimengProvider({
      accessKeyId: config.VOLC_ACCESSKEY,
      secretKey: config.VOLC_SECRETKEY,
      baseUrl: config.JIMENG_VIDEO_API_URL,
    }));
  }
  if (config.OPENAI_API_KEY) {
    const openai = createOpenAIVideosProvider({
      apiKey: config.OPENAI_API_KEY,
      baseUrl: config.OPENAI_BASE_URL,
      models: parseVideoModelList(config.OPENAI_VIDEO_MODELS),
    });
    // With the webhook secret, the gateway's signed webhooks (POST /hooks/openai) say when a video ends.
    providers.set("openai", config.OPENAI_WEBHOOK_SECRET ? { ...openai, pushesCompletions: true } : openai);
  }
  if (providers.size === 0) {
    // With ffmpeg (bundled by default) the sandbox renders real clips, so a keyless trial plays.
    const ffmpeg = locateFfmpeg({ configured: config.FFMPEG_PATH });
    providers.set("sandbox", createSandboxProvider({
      durationMs: config.SANDBOX_DURATION_MS,
      ...(ffmpeg ? { clips: { dir: join(config.DOWNLOAD_DIR, "sandbox"), ffmpeg } } : {}),
    }));
  }
  for (const [id, provider] of providers) providers.set(id, wrap(provider));
  return providers;
}

export interface CatalogService {
  current(): Catalog;
  /** Reads every provider's live capabilities; a provider that fails keeps what it had. */
  refresh(signal?: AbortSignal): Promise<Array<{ provider: ProviderId; error: Error }>>;
}

/** The host each provider is reached at, so a retirement on one host does not retire the model on another. */
export function providerHosts(config: Config): Partial<Record<ProviderId, string>> {
  return {
    creatok: new URL(config.CREATOK_BASE_URL).host,
    sophnet: new URL(config.SOPHNET_BASE_URL).host,
    jimeng: new URL(config.JIMENG_VIDEO_API_URL).host,
    openai: new URL(config.OPENAI_BASE_URL).host,
  };
}

/**
 * A retirement that names a host applies only where the provider is reached at that host: OpenAI
 * closed its own Sora API, while gateways speaking the same protocol still serve those models.
 */
export function localizeRetirements(catalog: Catalog, hosts: Partial<Record<ProviderId, string>>): Catalog {
  return {
    models: catalog.models.map((m) => {
      if (!m.retired?.host || m.retired.host === hosts[m.provider]) return m;
      const { retired: _notHere, ...rest } = m;
      return rest as ModelSpec;
    }),
  };
}

export function createCatalogService(
  providers: ReadonlyMap<ProviderId, Provider>,
  hosts: Partial<Record<ProviderId, string>> = {},
): CatalogService {
  const ids = [...providers.keys()];
  const live: Partial<Record<ProviderId, ModelSpec[]>> = {};
  const build = () => localizeRetirements(forProviders(mergeCatalog(builtInCatalog, live), ids), hosts);
  let catalog = build();
  return {
    current: () => catalog,
    async refresh(signal) {
      const failures: Array<{ provider: ProviderId; error: Error }> = [];
      await Promise.all(
        [...providers.values()].map(async (p) => {
          try {
            live[p.id] = await p.capabilities(signal);
          } catch (error) {
            failures.push({ provider: p.id, error: error instanceof Error ? error : new Error(String(error)) });
          }
        }),
      );
      catalog = build();
      return failures;
    },
  };
}
