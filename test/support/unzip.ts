import { mkdirSync, createWriteStream } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';

/** Unpacks a zip (yauzl) into `dir`; returns the entry names in archive order. */
export async function unzipTo(zip: Buffer, dir: string): Promise<string[]> {
  const archive = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, z) => (err ? reject(err) : resolve(z))),
  );
  const names: string[] = [];
  await new Promise<void>((resolve, reject) => {
    archive.on('error', reject);
    archive.on('end', resolve);
    archive.on('entry', (entry: yauzl.Entry) => {
      const target = join(dir, normalize(entry.fileName));
      if (!target.startsWith(dir)) return reject(new Error(`entry outside the folder: ${entry.fileName}`));
      names.push(entry.fileName);
      archive.openReadStream(entry, (err, stream) => {
        if (err) return reject(err);
        mkdirSync(dirname(target), { recursive: true });
        pipeline(stream, createWriteStream(target)).then(() => archive.readEntry(), reject);
      });
    });
    archive.readEntry();
  });
  return names;
}
