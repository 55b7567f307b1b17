import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, test } from "node:test";
import { REPO_ROOT } from "../support/paths";

interface Command {
  command: string;
  title?: string;
  category?: string;
}

interface View {
  id: string;
  name?: string;
  icon?: string;
}

interface Manifest {
  contributes: {
    commands?: Command[];
    configuration?:
      { properties?: Record<string, unknown> } | { properties?: Record<string, unknown> }[];
    views?: Record<string, View[]>;
    viewsContainers?: Record<string, { id: string; icon?: string }[]>;
    viewsWelcome?: { view: string; contents?: string }[];
  };
}

const manifest = JSON.parse(
  fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"),
) as Manifest;
const contributes = manifest.contributes;

/** The text of every TypeScript source of the client and the server, by path. */
const SOURCES = new Map(
  ["client/src", "server/src"].flatMap((dir) =>
    listTypeScript(path.join(REPO_ROOT, dir)).map((file) => [file, fs.readFileSync(file, "utf8")]),
  ),
);

function listTypeScript(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listTypeScript(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

function settingKeys(): string[] {
  const configuration = contributes.configuration;
  const sections = Array.isArray(configuration) ? configuration : [configuration ?? {}];
  return sections.flatMap((section) => Object.keys(section.properties ?? {}));
}

/**
 * True when some source reads the setting: it names the full key, or it reads the
 * `privacyZones` section and accesses every segment of the key below it as a property.
 * `trace.server` is read by vscode-languageclient for the client whose id is the section name.
 */
function isSettingRead(key: string): boolean {
  const relative = key.replace(/^privacyZones\./, "");
  const segments = relative.split(".");
  for (const text of SOURCES.values()) {
    if (text.includes(`"${key}"`)) return true;
    if (!text.includes('"privacyZones"')) continue;
    if (relative === "trace.server" && /new LanguageClient\(/.test(text)) return true;
    const accessed = segments.every((segment) =>
      new RegExp(`\\.${segment}\\b|\\b${segment}\\??:|\\["${segment}"\\]`).test(text),
    );
    if (accessed) return true;
  }
  return false;
}

/** True when a view icon is a codicon reference or a file that exists. */
function iconExists(icon: string): boolean {
  return /^\$\([\w-]+\)$/.test(icon) || fs.existsSync(path.join(REPO_ROOT, icon));
}

describe("package.json commands", () => {
  const commands = contributes.commands ?? [];

  test("manifest contributes commands", () => {
    assert.ok(commands.length > 0);
  });

  for (const command of commands) {
    test(`${command.command} id and category`, () => {
      assert.match(command.command, /^privacyZones\.[a-z][A-Za-z]+$/);
      assert.equal(command.category, "Privacy Zones");
      assert.ok(command.title, "every command needs a title");
    });
  }
});

describe("package.json settings", () => {
  const keys = settingKeys();

  test("manifest contributes settings", () => {
    assert.ok(keys.length > 0);
  });

  test("setting check rejects unread keys", () => {
    assert.equal(isSettingRead("privacyZones.noSuchSetting"), false);
  });

  for (const key of keys) {
    test(`${key} is read by the code`, () => {
      assert.match(key, /^privacyZones\./);
      assert.ok(isSettingRead(key), `no file in client/src or server/src reads ${key}`);
    });
  }
});

describe("package.json views", () => {
  // Passes when the manifest contributes no views.
  const views = Object.values(contributes.views ?? {}).flat();
  const containers = Object.values(contributes.viewsContainers ?? {}).flat();
  const welcomes = contributes.viewsWelcome ?? [];

  for (const view of views) {
    test(`view ${view.id} has an icon`, () => {
      assert.ok(view.icon, `${view.id} has no icon`);
      assert.ok(iconExists(view.icon), `icon ${view.icon} of ${view.id} not found`);
    });

    test(`view ${view.id} has welcome text`, () => {
      const welcome = welcomes.find((entry) => entry.view === view.id);
      assert.ok(welcome?.contents?.trim(), `no viewsWelcome entry for ${view.id}`);
    });
  }

  for (const container of containers) {
    test(`container ${container.id} has an icon`, () => {
      assert.ok(container.icon, `${container.id} has no icon`);
      assert.ok(iconExists(container.icon), `icon ${container.icon} not found`);
    });
  }
});
