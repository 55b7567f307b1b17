import * as path from "node:path";
import type { Connection } from "vscode-languageserver";
import type { Logger } from "../logger";
import type { WorkspaceFolders } from "../workspace/folders";
import type { ProjectOptions } from "../workspace/worker-protocol";

/** The `privacyZones.*` settings that the server reads, for one resource. */
export interface Settings {
  enable: boolean;
  /** Path of the config file, absolute or relative to the workspace folder; empty to look up. */
  configPath: string;
  detection: { enable: boolean };
  /** Files larger than this many bytes are not analysed. */
  maxFileSize: number;
}

export const DEFAULT_SETTINGS: Settings = {
  enable: true,
  configPath: "",
  detection: { enable: true },
  maxFileSize: 1024 * 1024,
};

/**
 * Settings per resource, read with `workspace/configuration` and cached until the client reports
 * a change. Clients without that request get the settings of `didChangeConfiguration`.
 */
export class SettingsCache {
  private readonly cache = new Map<string, Promise<Settings>>();
  private readonly logged = new Set<string>();
  private globalSettings: Settings = DEFAULT_SETTINGS;

  constructor(
    private readonly connection: Connection,
    private readonly logger: Logger,
    private readonly folders: WorkspaceFolders,
    private readonly pullSupported: boolean,
  ) {}

  get(uri: string): Promise<Settings> {
    if (!this.pullSupported) return Promise.resolve(this.globalSettings);
    let settings = this.cache.get(uri);
    if (!settings) {
      settings = this.read(uri);
      this.cache.set(uri, settings);
    }
    return settings;
  }

  /** Forgets cached settings; `pushed` is the `settings` of `didChangeConfiguration`. */
  clear(pushed: unknown): void {
    this.cache.clear();
    this.logged.clear();
    const section = (pushed as { privacyZones?: unknown } | null | undefined)?.privacyZones;
    if (!this.pullSupported) this.globalSettings = normalize(section);
  }

  private async read(uri: string): Promise<Settings> {
    try {
      const raw: unknown = await this.connection.workspace.getConfiguration({
        scopeUri: uri,
        section: "privacyZones",
      });
      const settings = normalize(raw);
      this.logOnce(settings);
      return settings;
    } catch (error) {
      this.logger.caught("Reading the privacyZones settings", uri, error);
      return DEFAULT_SETTINGS;
    }
  }

  private logOnce(settings: Settings): void {
    const text = JSON.stringify(settings);
    if (this.logged.has(text)) return;
    this.logged.add(text);
    this.logger.info(`Effective settings: ${text}`);
  }

  /** Derives the Analyzer options of `file` from its settings. */
  projectOptions(settings: Settings, file: string): ProjectOptions {
    const folder = this.folders.folderFor(file);
    const looseRoot = folder ?? path.dirname(file);
    const options: ProjectOptions = {
      detection: settings.detection.enable,
      maxFileSize: settings.maxFileSize,
      looseRoot,
    };
    if (settings.configPath) options.configFile = path.resolve(looseRoot, settings.configPath);
    return options;
  }
}

/** Reads settings of unknown shape, falling back to the default for each missing or invalid value. */
export function normalize(raw: unknown): Settings {
  const value = (raw ?? {}) as Partial<Record<keyof Settings, unknown>>;
  const detection = (value.detection ?? {}) as { enable?: unknown };
  const maxFileSize = value.maxFileSize;
  return {
    enable: typeof value.enable === "boolean" ? value.enable : DEFAULT_SETTINGS.enable,
    configPath: typeof value.configPath === "string" ? value.configPath.trim() : "",
    detection: {
      enable:
        typeof detection.enable === "boolean"
          ? detection.enable
          : DEFAULT_SETTINGS.detection.enable,
    },
    maxFileSize:
      typeof maxFileSize === "number" && maxFileSize > 0
        ? maxFileSize
        : DEFAULT_SETTINGS.maxFileSize,
  };
}
