import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { ZipArchive } from 'archiver';
import {
  CURRENT_DEFINITIONS_VERSION,
  datasetColumns,
  type DatasetColumn,
  type DatasetFile,
} from '@ips/contracts';
import { analysisRecords, type AnalysisRecords, type Journey } from '@ips/domain';
import { csvHeader, csvLine } from './dataset-csv';
import { dictionaryCsv } from './dictionary-csv';
import type { ExportSecret } from './export-secret';
import { loadDo } from './load-do';
import { loadR } from './load-r';

export interface ArchiveFile {
  name: string;
  bytes: number;
  sha256: string;
  /** data rows, for the CSV data files */
  rows?: number;
}

export interface AnalysisArchiveInput {
  exportId: string;
  trialId: string;
  asOf: string;
  shiftDates: boolean;
  createdAt: string;
  eventCount: number;
  kafka: {
    consumerGroup: string;
    /** the projector group's next offsets on the participant-events topic */
    offsets: { topic: string; partition: number; nextOffset: string }[];
  };
  secret: ExportSecret;
  /**
   * One pass over the trial's journeys, in batches, always in the same order: called once
   * per data file, so no file has to be held while another is written.
   */
  journeys: () => AsyncIterable<readonly Journey[]>;
}

export interface AnalysisArchiveResult {
  participants: number;
  /** every file of the archive, manifest.json last */
  files: ArchiveFile[];
}

/**
 * Writes the §6d archive into `out` as a zip (archiver), streamed: each data file is
 * generated batch by batch while the zip is compressed and written, with backpressure all
 * the way from `out` back to the journey reader, so memory does not grow with the trial.
 */
export async function writeAnalysisArchive(
  input: AnalysisArchiveInput,
  out: Writable,
): Promise<AnalysisArchiveResult> {
  const archive = newZipArchive();
  let fail!: (err: Error) => void;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => undefined);
  archive.on('error', (err: Error) => fail(err));
  archive.on('warning', (err: Error) => fail(err));
  out.on('error', (err: Error) => fail(err));
  archive.pipe(out);

  const files: ArchiveFile[] = [];
  let participants = 0;
  const dataFile = async (file: DatasetFile, rows: (r: AnalysisRecords) => Record<string, unknown>[]) => {
    const columns = datasetColumns(file, input.shiftDates);
    const entry = new FileEntry(file, archive, failed);
    await entry.write(csvHeader(columns));
    let count = 0;
    for await (const batch of input.journeys()) {
      let text = '';
      for (const journey of batch) {
        const records = analysisRecords(journey, input.asOf);
        if (records === null) continue;
        const pid = input.secret.pseudonym(journey.siteId, journey.participantId);
        const shift = input.shiftDates ? input.secret.shiftDays(journey.siteId, journey.participantId) : 0;
        for (const row of rows(records)) {
          text += csvLine(columns as readonly DatasetColumn[], { pid, ...row } as never, shift);
          count++;
        }
      }
      if (text) await entry.write(text);
    }
    files.push(await entry.end(count));
    return count;
  };

  participants = await dataFile('participants.csv', (r) => [r.participant]);
  await dataFile('jobs.csv', (r) => r.jobs);
  await dataFile('measurements.csv', (r) => r.measurements);
  for (const [name, text] of [
    ['dictionary.csv', dictionaryCsv(input.shiftDates)],
    ['load.R', loadR(input.trialId, input.asOf, input.shiftDates)],
    ['load.do', loadDo(input.trialId, input.asOf, input.shiftDates)],
  ] as const) {
    const entry = new FileEntry(name, archive, failed);
    await entry.write(text);
    files.push(await entry.end());
  }
  const manifest = {
    exportId: input.exportId,
    trialId: input.trialId,
    asOf: input.asOf,
    definitionsVersion: CURRENT_DEFINITIONS_VERSION,
    shiftDates: input.shiftDates,
    createdAt: input.createdAt,
    participants,
    eventCount: input.eventCount,
    kafka: input.kafka,
    files: [...files],
  };
  const entry = new FileEntry('manifest.json', archive, failed);
  await entry.write(JSON.stringify(manifest, null, 2) + '\n');
  files.push(await entry.end());

  await Promise.race([archive.finalize(), failed]);
  await Promise.race([finished(out), failed]);
  return { participants, files };
}

/**
 * archiver 8 is an ES module. Node 20 loads it with require() in the built app; jest's module
 * system cannot, and several tests load the query module in-process (route inventory), so it
 * is loaded when an archive is made, not when this file is imported.
 */
function newZipArchive(): ZipArchive {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const archiver = require('archiver') as typeof import('archiver');
  return new archiver.ZipArchive({ zlib: { level: 6 } });
}

/** One file of the zip, fed as a stream; counts and hashes what it is given. */
class FileEntry {
  private readonly stream = new PassThrough({ highWaterMark: 256 * 1024 });
  private readonly hash = createHash('sha256');
  private bytes = 0;

  constructor(
    private readonly name: string,
    archive: ZipArchive,
    private readonly failed: Promise<never>,
  ) {
    archive.append(this.stream, { name, date: new Date('2000-01-01T00:00:00Z') });
  }

  async write(text: string): Promise<void> {
    const chunk = Buffer.from(text, 'utf8');
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (!this.stream.write(chunk)) await Promise.race([once(this.stream, 'drain'), this.failed]);
  }

  async end(rows?: number): Promise<ArchiveFile> {
    this.stream.end();
    return {
      name: this.name,
      bytes: this.bytes,
      sha256: this.hash.digest('hex'),
      ...(rows === undefined ? {} : { rows }),
    };
  }
}
