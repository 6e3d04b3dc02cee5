import { DATASET_FILES, datasetColumns } from '@ips/contracts';
import { csvField } from './dataset-csv';

export const DICTIONARY_HEADER = ['file', 'name', 'label', 'type', 'codes', 'section'] as const;

/**
 * dictionary.csv (DESIGN §6d): one row per column of every data file of this export, in
 * file and column order. `codes` lists `code=label` pairs separated by `|`, in the order
 * load.do numbers them (1, 2, …); `section` is where DESIGN defines the variable.
 */
export function dictionaryCsv(shiftDates: boolean): string {
  let out = DICTIONARY_HEADER.join(',') + '\n';
  for (const file of DATASET_FILES) {
    for (const column of datasetColumns(file, shiftDates)) {
      const codes = (column.codes ?? []).map((c) => `${c.code}=${c.label}`).join('|');
      out +=
        [file, column.name, column.label, column.type, codes, `§${column.section}`].map(csvField).join(',') +
        '\n';
    }
  }
  return out;
}
