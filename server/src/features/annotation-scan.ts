import { mayHaveTags } from "../engine/tag-text";
import type { AnalysisHost } from "../workspace/analysis-host";

/** The Privacy Zones JSDoc tags. */
export type TagName = "zone" | "sink" | "reclassify";

/** A zone or purpose name written in a Privacy Zones tag, with its offsets in the file. */
export interface AnnotationName {
  kind: "zone" | "purpose";
  tag: TagName;
  name: string;
  start: number;
  end: number;
}

/** A `@zone` tag and the end offset of the declaration name it annotates, when it has one. */
export interface ZoneTag {
  zones: AnnotationName[];
  declarationNameEnd: number | undefined;
}

/** The names in the Privacy Zones tags of one file. */
export interface AnnotationScan {
  names: AnnotationName[];
  zoneTags: ZoneTag[];
}

/** Returns the name under `offset`, including an offset just after its last character. */
export function nameAt(scan: AnnotationScan, offset: number): AnnotationName | undefined {
  return scan.names.find((name) => name.start <= offset && offset <= name.end);
}

const NO_TAGS: AnnotationScan = { names: [], zoneTags: [] };

/**
 * The Privacy Zones tags of files, for hints, definitions and renames on the main thread. The
 * analysis thread reads them with TypeScript's parser, which the main thread does not load,
 * because a second copy of the compiler costs about 45 MiB of memory. The scan of each file's
 * last text is kept, so that hints and a definition on the same text send one request.
 * A pass serves these requests between two functions of its analysis.
 * NOTE: a request that comes while a project loads waits until its analysis starts.
 */
export class AnnotationScans {
  private readonly last = new Map<string, { text: string; scan: AnnotationScan }>();

  constructor(private readonly host: AnalysisHost) {}

  /** Returns the tags of `file`, whose text is `text`. */
  async scan(file: string, text: string): Promise<AnnotationScan> {
    return (await this.scanAll([{ file, text }]))[0]!;
  }

  /**
   * Returns the tags of each file, in order, asking the analysis thread only for new texts.
   * With `keep` false, the scans are not kept, as for the files of a workspace-wide search.
   */
  async scanAll(files: { file: string; text: string }[], keep = true): Promise<AnnotationScan[]> {
    const scans: (AnnotationScan | undefined)[] = files.map(({ file, text }) => {
      if (!mayHaveTags(text)) return NO_TAGS;
      const cached = this.last.get(file);
      return cached?.text === text ? cached.scan : undefined;
    });
    const missing = files.flatMap((_file, index) => (scans[index] === undefined ? [index] : []));
    if (missing.length > 0) {
      const found = await this.host.call("scanAnnotations", {
        files: missing.map((index) => files[index]!),
      });
      for (const [position, index] of missing.entries()) {
        const scan = found[position]!;
        scans[index] = scan;
        if (keep) this.last.set(files[index]!.file, { text: files[index]!.text, scan });
      }
    }
    return scans.map((scan) => scan!);
  }

  /** Drops the kept scan of a closed document. */
  forget(file: string): void {
    this.last.delete(file);
  }
}
