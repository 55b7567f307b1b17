/** Templates of a module's model file and HTTP handler file. */
import type { ModuleNames } from "./naming";
import type { Prng } from "./prng";

/** Optional personal fields: some annotated, some left for name-based detection. */
const EXTRA_FIELDS = [
  { name: "dateOfBirth", annotated: false },
  { name: "homeAddress", annotated: true },
  { name: "ipAddress", annotated: false },
  { name: "postcode", annotated: true },
];

/** Returns the model file: the customer, record, input and row types of one module. */
export function modelFile(names: ModuleNames, prng: Prng): string {
  const { type } = names;
  const extras = prng.sample(EXTRA_FIELDS, prng.int(0, 2));
  const extraLines = extras.flatMap((field) =>
    field.annotated
      ? ["  /** @zone PII */", `  ${field.name}?: string;`]
      : [`  ${field.name}?: string;`],
  );
  const statuses = ["open", ...prng.sample(["draft", "active", "paused", "closed", "failed"], 2)];
  return `import type { CustomerRef } from "./common";

/** A customer as the ${names.id} module sees it. */
export interface ${type}Customer extends CustomerRef {
  /** @zone PII */
  fullName: string;
  displayName: string;
${extraLines.join("\n")}
}

/** Where a ${names.id} record is in its life cycle. */
export type ${type}Status = ${statuses.map((status) => `"${status}"`).join(" | ")};

/** One ${names.id} record, stored by the service. */
export interface ${type}Record {
  id: string;
  customerId: string;
  amountCents: number;
  status: ${type}Status;
  tags: string[];
  updatedAt: string;
}

/** The body of a create request. */
export interface ${type}Input {
  customerId: string;
  email: string;
  phoneNumber: string;
  fullName: string;
  displayName: string;
  amountCents: number;
}

/** A row of the ${names.id} export. */
export interface ${type}Row {
  id: string;
  customer: string;
  amount: string;
}
`;
}

/** Returns the handler file: express handlers that call the module's service. */
export function handlerFile(names: ModuleNames, prng: Prng): string {
  const { id, type } = names;
  const throwLine = prng.chance(0.3)
    ? `throw new Error(\`Unknown ${id} customer \${input.email}\`);`
    : `throw new Error(\`Unknown ${id} customer \${input.customerId}\`);`;
  const failureLine = prng.chance(0.2)
    ? `log.error({ err: error, phoneNumber: input.phoneNumber }, "${id} summary failed");`
    : `log.error({ err: error, customerId: input.customerId }, "${id} summary failed");`;
  return `import type { Request, Response } from "express";
import { logger } from "../lib/logger";
import type { ${type}Input } from "../models/${id}";
import type { ${type}Service } from "../services/${id}-service";

const log = logger.child({ handler: "${id}" });

/** Creates the HTTP handlers of the ${id} module. */
export function create${type}Handlers(service: ${type}Service) {
  return {
    async create(req: Request, res: Response): Promise<void> {
      const input = req.body as ${type}Input;
      const customer = {
        id: input.customerId,
        email: input.email,
        phoneNumber: input.phoneNumber,
        fullName: input.fullName,
        displayName: input.displayName,
      };
      const record = await service.register(customer, input.amountCents);
      res.status(201).json({ id: record.id, status: record.status });
    },

    show(req: Request, res: Response): Promise<void> {
      return service
        .load(req.params["id"] ?? "")
        .then((record) => {
          if (record === undefined) {
            res.status(404).json({ error: "No ${id} record with this id" });
            return;
          }
          res.json(record);
        })
        .catch((error: unknown) => {
          log.error({ err: error }, "${id} show failed");
          res.status(500).json({ error: "internal error" });
        });
    },

    async summary(req: Request, res: Response): Promise<void> {
      const input = req.body as ${type}Input;
      const record = await service.load(input.customerId);
      if (record === undefined) {
        ${throwLine}
      }
      try {
        const text = await service.summarize({ ...input, id: input.customerId }, [record]);
        res.json({ summary: text });
      } catch (error) {
        ${failureLine}
        res.status(502).json({ error: "summary unavailable" });
      }
    },
  };
}
`;
}
