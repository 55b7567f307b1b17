import type { FindingCode } from "../engine";

const DOCS = "https://github.com/privacy-zones/privacy-zones/blob/main/docs/findings.md";

/** The finding codes, with a short name and summary each, for SARIF and the docs links. */
export const RULES: Record<FindingCode, { name: string; summary: string; helpUri: string }> = {
  PZ001: {
    name: "ZoneReachesSink",
    summary: "Zoned data reaches a sink whose purpose one of its zones does not allow.",
    helpUri: `${DOCS}#pz001`,
  },
  PZ002: {
    name: "ZoneFlowsIntoWeakerDeclaration",
    summary: "Zoned data flows into a declaration annotated with zones that do not cover it.",
    helpUri: `${DOCS}#pz002`,
  },
  PZ003: {
    name: "UnknownZoneOrPurpose",
    summary: "An annotation names an unknown zone or purpose, or is malformed.",
    helpUri: `${DOCS}#pz003`,
  },
  PZ004: {
    name: "ExemptionOrReclassificationProblem",
    summary: "An exemption or reclassification lacks a reason, or an exemption suppresses nothing.",
    helpUri: `${DOCS}#pz004`,
  },
  PZ005: {
    name: "InvalidConfig",
    summary: "A privacy-zones.json file is invalid.",
    helpUri: `${DOCS}#pz005`,
  },
};
