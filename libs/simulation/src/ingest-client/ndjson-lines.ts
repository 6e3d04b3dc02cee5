import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** The lines of a file, streamed (an events file can be larger than memory would like). */
export async function* fileLines(path: string): AsyncGenerator<string> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) yield line;
}

export async function countNonEmptyLines(path: string): Promise<number> {
  let n = 0;
  for await (const line of fileLines(path)) if (line.trim() !== '') n++;
  return n;
}
