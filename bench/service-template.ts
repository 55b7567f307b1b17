/**
 * Template of a module's service class. The methods are drawn from a pool, and several have a
 * violating and a compliant variant, so that each module has a few findings among correct flows.
 */
import type { ModuleNames } from "./naming";
import type { Prng } from "./prng";

/** Returns the line in `register` that the language-server benchmark replaces. */
export function editMarker(names: ModuleNames): string {
  return `this.log.debug({ step: "register" }, "${names.id} audit");`;
}

/** Returns the one-line edit, which logs a phone number and so adds a finding. */
export function editReplacement(names: ModuleNames): string {
  return `this.log.info({ note: customer.phoneNumber }, "${names.id} edited");`;
}

type MethodTemplate = (names: ModuleNames, prng: Prng, deps: ModuleNames[]) => string;

const register: MethodTemplate = (names) => `
  /** Stores a new record for \`customer\` and reports it. */
  async register(customer: ${names.type}Customer, amountCents: number): Promise<${names.type}Record> {
    await delay(1);
    const record: ${names.type}Record = {
      id: \`\${customer.id}-\${this.records.size + 1}\`,
      customerId: customer.id,
      amountCents,
      status: "open",
      tags: [],
      updatedAt: new Date().toISOString(),
    };
    this.records.set(record.id, record);
    ${editMarker(names)}
    this.log.info({ recordId: record.id, customerId: customer.id }, "${names.id} registered");
    analytics.track({ userId: customer.id, event: "${names.id}_registered", properties: { amountCents } });
    return record;
  }
`;

const load: MethodTemplate = (names) => `
  /** Returns the record with this id, after a simulated read. */
  async load(id: string): Promise<${names.type}Record | undefined> {
    await delay(1);
    return this.records.get(id);
  }
`;

const contactLine: MethodTemplate = (names) => `
  /** Returns how to reach \`customer\`, for messages that the customer receives. */
  contactLine(customer: CustomerRef): string {
    return \`${names.id}: \${customer.email}\`;
  }
`;

const totalFor: MethodTemplate = () => `
  /** Sums the amounts of every record of \`customer\`. */
  async totalFor(customer: CustomerRef): Promise<number> {
    const records = [...this.records.values()].filter((record) => record.customerId === customer.id);
    await delay(records.length);
    return records.reduce((sum, record) => sum + record.amountCents, 0);
  }
`;

const summarize: MethodTemplate = (names, prng) => {
  const subject = prng.chance(0.35) ? "customer.fullName" : "pseudonymize(customer.email)";
  const call = prng.chance(0.5)
    ? `return complete(prompt);`
    : `const completion = await this.llm.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: prompt }],
    });
    return completion.choices[0]?.message.content ?? "";`;
  return `
  /** Asks the model for a one-paragraph summary of \`records\`. */
  async summarize(customer: ${names.type}Customer, records: ${names.type}Record[]): Promise<string> {
    const lines = records.map((record) => \`\${record.status}: \${record.amountCents} cents\`);
    const prompt = \`Summarize the ${names.id} history of \${${subject}}:\\n\${lines.join("\\n")}\`;
    ${call}
  }
`;
};

const trackUpgrade: MethodTemplate = (names, prng) => {
  const properties = prng.chance(0.3)
    ? "{ plan, contact: customer.phoneNumber }"
    : "{ plan, customer: pseudonymize(customer.email) }";
  return `
  /** Reports a plan change to product analytics. */
  trackUpgrade(customer: ${names.type}Customer, plan: string): void {
    analytics.track({ userId: customer.id, event: "${names.id}_upgraded", properties: ${properties} });
  }
`;
};

const notifyChange: MethodTemplate = (names, prng) => {
  const field = prng.chance(0.4)
    ? "email: customer.email"
    : "customer: pseudonymize(customer.email)";
  return `
  /** Logs a status change of \`record\`. */
  notifyChange(customer: ${names.type}Customer, record: ${names.type}Record, status: ${names.type}Record["status"]): void {
    const previous = record.status;
    record.status = status;
    record.updatedAt = new Date().toISOString();
    this.log.info({ ${field}, recordId: record.id, previous, status }, "${names.id} status changed");
  }
`;
};

const listWhere: MethodTemplate = (names) => `
  /** Calls \`visit\` for each record that \`accept\` accepts, and returns how many it visited. */
  listWhere(accept: (record: ${names.type}Record) => boolean, visit: (record: ${names.type}Record) => void): number {
    let visited = 0;
    this.records.forEach((record) => {
      if (!accept(record)) return;
      visit(record);
      visited++;
    });
    return visited;
  }
`;

const archive: MethodTemplate = (names) => `
  /** Closes a record and reports whether it existed. */
  archive(id: string): Promise<boolean> {
    return this.load(id)
      .then((record) => {
        if (record === undefined) return false;
        record.tags.push("archived");
        return true;
      })
      .catch((error: unknown) => {
        this.log.error({ err: error, id }, "${names.id} archive failed");
        return false;
      });
  }
`;

const exportRows: MethodTemplate = (names, prng) => {
  const customerField = prng.chance(0.25) ? "customer.phoneNumber" : "pseudonymize(customer.id)";
  return `
  /** Builds the export rows of \`customer\` and logs how many there are. */
  exportRows(customer: ${names.type}Customer): ${names.type}Row[] {
    const rows = [...this.records.values()]
      .filter((record) => record.customerId === customer.id)
      .map((record) => ({ id: record.id, customer: ${customerField}, amount: (record.amountCents / 100).toFixed(2) }));
    console.log(\`${names.id} export: \${JSON.stringify(rows)}\`);
    return rows;
  }
`;
};

/** A method that calls the modules this one depends on, in other files. */
const reconcile: MethodTemplate = (names, prng, deps) => {
  if (deps.length === 0) return "";
  const totals = deps.map((dep) => `this.${dep.id}.totalFor(customer)`).join(", ");
  const first = deps[0] as ModuleNames;
  const logged = prng.chance(0.3)
    ? `contact: this.${first.id}.contactLine(customer)`
    : `customer: pseudonymize(customer.id)`;
  return `
  /** Compares this module's total for \`customer\` with the totals of the modules it uses. */
  async reconcile(customer: ${names.type}Customer): Promise<number> {
    const [own, ...others] = await Promise.all([this.totalFor(customer), ${totals}]);
    const difference = others.reduce((sum, total) => sum + total, 0) - own;
    if (difference !== 0) {
      this.log.warn({ ${logged}, difference }, "${names.id} totals differ");
    }
    return difference;
  }
`;
};

const ALWAYS = [register, load, contactLine, totalFor, summarize];
const OPTIONAL = [trackUpgrade, notifyChange, listWhere, archive, exportRows];

/** Returns the service file of one module, which depends on the services of `deps`. */
export function serviceFile(names: ModuleNames, prng: Prng, deps: ModuleNames[]): string {
  const { id, type } = names;
  const optional = prng.sample(OPTIONAL, prng.int(2, OPTIONAL.length));
  const methods = [...ALWAYS, ...optional, reconcile].map((method) => method(names, prng, deps));
  const depImports = deps.map(
    (dep) => `import type { ${dep.type}Service } from "./${dep.id}-service";`,
  );
  const depParams = deps.map((dep) => `    private readonly ${dep.id}: ${dep.type}Service,`);
  return `import type OpenAI from "openai";
import type { Logger } from "pino";
import { analytics } from "../lib/analytics";
import { delay } from "../lib/async";
import { complete } from "../lib/llm";
import { logger } from "../lib/logger";
import { pseudonymize } from "../lib/privacy";
import type { CustomerRef } from "../models/common";
import type { ${type}Customer, ${type}Record, ${type}Row } from "../models/${id}";
${depImports.join("\n")}

/** The business logic of the ${id} module. */
export class ${type}Service {
  static readonly moduleName = "${id}";
  private readonly records = new Map<string, ${type}Record>();
  private readonly log: Logger;

  constructor(
    private readonly llm: OpenAI,
${depParams.join("\n")}
  ) {
    this.log = logger.child({ module: ${type}Service.moduleName });
  }

  /** The number of stored records. */
  get size(): number {
    return this.records.size;
  }
${methods.join("")}}
`;
}
