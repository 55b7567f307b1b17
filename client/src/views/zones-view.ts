import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import {
  ZonesRequest,
  type ZoneExemption,
  type ZoneInventoryEntry,
  type ZoneReclassification,
  type ZoneSinkReach,
  type ZoneSite,
  type ZonesResult,
} from "../../../server/src/protocol";
import { describeLocation, revealCommand } from "./locations";

type Section = "sites" | "sinks" | "reclassifications" | "exemptions";

/** An element of the Zones view: a zone, one of its sections, or an entry of a section. */
type ZonesElement =
  | { type: "zone"; entry: ZoneInventoryEntry }
  | { type: "unattributed"; exemptions: ZoneExemption[] }
  | { type: "section"; entry: ZoneInventoryEntry; section: Section }
  | { type: "site"; site: ZoneSite }
  | { type: "sink"; sink: ZoneSinkReach }
  | { type: "reclassification"; reclassification: ZoneReclassification }
  | { type: "exemption"; exemption: ZoneExemption };

const SECTION_TITLES: Record<Section, string> = {
  sites: "Declared and inferred",
  sinks: "Sinks and purposes",
  reclassifications: "Reclassifications",
  exemptions: "Exemptions",
};

/**
 * The Zones view: for each zone of the analysed projects, where it enters the data, the sinks
 * it reaches, and its reclassifications and exemptions. Loaded when shown and after analyses.
 */
export class ZonesView implements vscode.TreeDataProvider<ZonesElement>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ZonesElement | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<ZonesElement>;
  private inventory: Promise<ZonesResult> | undefined;

  constructor(
    private readonly client: LanguageClient,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.view = vscode.window.createTreeView("privacyZones.zones", {
      treeDataProvider: this,
      showCollapseAll: true,
    });
  }

  /** Drops the loaded inventory; a visible view loads it again at once. */
  refresh(): void {
    this.inventory = undefined;
    this.changed.fire(undefined);
  }

  getTreeItem(element: ZonesElement): vscode.TreeItem {
    switch (element.type) {
      case "zone":
        return zoneItem(element.entry);
      case "unattributed":
        return unattributedItem(element.exemptions);
      case "section":
        return sectionItem(element.entry, element.section);
      case "site":
        return siteItem(element.site);
      case "sink":
        return sinkItem(element.sink);
      case "reclassification":
        return reclassificationItem(element.reclassification);
      case "exemption":
        return exemptionItem(element.exemption);
    }
  }

  async getChildren(element?: ZonesElement): Promise<ZonesElement[]> {
    if (!element) {
      const result = await this.load();
      const zones: ZonesElement[] = result.zones.map((entry) => ({ type: "zone", entry }));
      const exemptions = result.unattributedExemptions;
      return exemptions.length > 0 ? [...zones, { type: "unattributed", exemptions }] : zones;
    }
    if (element.type === "unattributed") {
      return element.exemptions.map((exemption) => ({ type: "exemption", exemption }));
    }
    if (element.type === "zone") {
      const sections: Section[] = ["sites", "sinks", "reclassifications", "exemptions"];
      return sections.map((section) => ({ type: "section", entry: element.entry, section }));
    }
    if (element.type !== "section") return [];
    const { entry } = element;
    switch (element.section) {
      case "sites":
        return entry.sites.map((site) => ({ type: "site", site }));
      case "sinks":
        return entry.sinks.map((sink) => ({ type: "sink", sink }));
      case "reclassifications":
        return entry.reclassifications.map((item) => ({
          type: "reclassification",
          reclassification: item,
        }));
      case "exemptions":
        return entry.exemptions.map((exemption) => ({ type: "exemption", exemption }));
    }
  }

  dispose(): void {
    this.view.dispose();
    this.changed.dispose();
  }

  private load(): Promise<ZonesResult> {
    this.inventory ??= this.client
      .sendRequest<ZonesResult>(ZonesRequest.method, {})
      .catch((error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        this.log.warn(`Zone inventory request failed. ${reason}`);
        this.inventory = undefined;
        return { zones: [], unattributedExemptions: [] };
      });
    return this.inventory;
  }
}

function zoneItem(entry: ZoneInventoryEntry): vscode.TreeItem {
  const label = entry.zone === "*" ? "Every zone (*)" : entry.zone;
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `zone:${entry.zone}`;
  const violations = entry.sinks.filter((sink) => sink.status === "violation").length;
  const counts = [plural(entry.sites.length, "site"), plural(entry.sinks.length, "sink")];
  if (violations > 0) counts.push(plural(violations, "violation"));
  item.description = counts.join(" · ");
  item.iconPath = new vscode.ThemeIcon(
    "shield",
    violations > 0 ? new vscode.ThemeColor("problemsErrorIcon.foreground") : undefined,
  );
  return item;
}

function unattributedItem(exemptions: ZoneExemption[]): vscode.TreeItem {
  const item = new vscode.TreeItem(
    "Exemptions outside zoned flows",
    vscode.TreeItemCollapsibleState.Collapsed,
  );
  item.id = "unattributed-exemptions";
  item.description = String(exemptions.length);
  item.iconPath = new vscode.ThemeIcon("pass");
  item.tooltip = "Exemption comments on lines that no zoned data reaches";
  return item;
}

function sectionItem(entry: ZoneInventoryEntry, section: Section): vscode.TreeItem {
  const count = entry[section].length;
  const item = new vscode.TreeItem(
    SECTION_TITLES[section],
    count > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
  );
  item.id = `zone:${entry.zone}:${section}`;
  item.description = count > 0 ? String(count) : "none";
  return item;
}

function siteItem(site: ZoneSite): vscode.TreeItem {
  const item = new vscode.TreeItem(site.label);
  item.description = `${describeLocation(site.location)} · ${site.origin}`;
  item.iconPath = new vscode.ThemeIcon(site.origin === "declared" ? "tag" : "lightbulb");
  item.tooltip = `${site.label}\n${describeLocation(site.location)}\n${site.origin === "declared" ? "Declared" : "Inferred from a name"}`;
  item.command = revealCommand(site.location);
  return item;
}

function sinkItem(sink: ZoneSinkReach): vscode.TreeItem {
  const item = new vscode.TreeItem(sink.detail);
  item.description = `${describeLocation(sink.location)} · ${sink.status}`;
  const colour =
    sink.status === "violation"
      ? new vscode.ThemeColor("problemsErrorIcon.foreground")
      : sink.status === "exempted"
        ? new vscode.ThemeColor("problemsWarningIcon.foreground")
        : undefined;
  item.iconPath = new vscode.ThemeIcon("export", colour);
  item.tooltip = `${sink.detail}\n${describeLocation(sink.location)}\nPurpose: ${sink.purpose} (${sink.status})`;
  item.command = revealCommand(sink.location);
  return item;
}

function reclassificationItem(reclassification: ZoneReclassification): vscode.TreeItem {
  const from = reclassification.from === "*" ? "*" : reclassification.from.join(", ");
  const item = new vscode.TreeItem(`${from} → ${reclassification.to ?? "no zone"}`);
  item.description = reclassification.reason ?? "no reason given";
  item.iconPath = new vscode.ThemeIcon("arrow-swap");
  item.tooltip = `${describeLocation(reclassification.location)}\nReason: ${reclassification.reason ?? "none"}`;
  item.command = revealCommand(reclassification.location);
  return item;
}

function exemptionItem(exemption: ZoneExemption): vscode.TreeItem {
  const item = new vscode.TreeItem(exemption.reason ?? "no reason given");
  const codes = exemption.codes.length > 0 ? exemption.codes.join(", ") : "every code";
  item.description = `${codes} · ${describeLocation(exemption.location)}`;
  item.iconPath = new vscode.ThemeIcon("pass");
  item.tooltip = `${describeLocation(exemption.location)}\nSuppresses: ${codes}\nReason: ${exemption.reason ?? "none"}`;
  item.command = revealCommand(exemption.location);
  return item;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
