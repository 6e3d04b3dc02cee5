import { DATASET_FILES, datasetColumns, type DatasetFile } from '@ips/contracts';

// load.do (DESIGN §6d): imports each CSV with every column as text, then makes dates Stata
// dates (%td), numbers and 0/1 flags numeric, and codes labelled numbers (1…k in the
// dictionary's order), labels every variable and saves participants.dta, jobs.dta and
// measurements.dta. Checked by a golden test: there is no Stata here to run it.

export function loadDo(trialId: string, asOf: string, shiftDates: boolean): string {
  const lines = [
    `* Analysis dataset of trial ${trialId} as of ${asOf}${shiftDates ? ', dates shifted per participant' : ''} (DESIGN 6d).`,
    '* Stata 14 or later. Run from the unpacked folder: do load.do',
    '* Saves participants.dta, jobs.dta and measurements.dta; the variables are described in dictionary.csv.',
    'version 14',
  ];
  for (const file of DATASET_FILES) lines.push(...fileLines(file, shiftDates));
  lines.push('use "participants.dta", clear', '');
  return lines.join('\n');
}

function fileLines(file: DatasetFile, shiftDates: boolean): string[] {
  const columns = datasetColumns(file, shiftDates);
  const out = [
    '',
    `* ${file}`,
    `import delimited using "${file}", clear varnames(1) case(preserve) stringcols(_all) encoding("utf-8") bindquote(strict)`,
  ];
  for (const c of columns) {
    switch (c.type) {
      case 'string':
        break;
      case 'date':
        out.push(
          `generate double _v = date(${c.name}, "YMD")`,
          `drop ${c.name}`,
          `rename _v ${c.name}`,
          `format ${c.name} %td`,
        );
        break;
      case 'integer':
      case 'number':
      case 'flag':
        out.push(`destring ${c.name}, replace`);
        break;
      case 'code': {
        const codes = c.codes ?? [];
        out.push(
          `label define ${c.name}_lbl ${codes.map((x, i) => `${i + 1} ${stataString(x.label)}`).join(' ')}, replace`,
          'generate byte _v = .',
          ...codes.map((x, i) => `replace _v = ${i + 1} if ${c.name} == ${stataString(x.code)}`),
          `drop ${c.name}`,
          `rename _v ${c.name}`,
          `label values ${c.name} ${c.name}_lbl`,
        );
        break;
      }
    }
    if (c.type === 'flag') out.push(`label values ${c.name} yesno_lbl`);
    out.push(`label variable ${c.name} ${stataString(c.label)}`);
  }
  if (columns.some((c) => c.type === 'flag'))
    out.splice(3, 0, 'label define yesno_lbl 0 "No" 1 "Yes", replace');
  out.push(
    `order ${columns.map((c) => c.name).join(' ')}`,
    'compress',
    `save "${file.replace(/\.csv$/, '.dta')}", replace`,
  );
  return out;
}

/** Stata's compound double quotes: nothing inside needs escaping. */
function stataString(text: string): string {
  return `\`"${text}"'`;
}
