import { DATASET_FILES, datasetColumns, type DatasetColumn, type DatasetFile } from '@ips/contracts';

// load.R (DESIGN §6d): reads the three CSV files into data frames `participants`, `jobs`
// and `measurements` with Date columns, factors labelled from the dictionary and 0/1
// integer flags; every column keeps its dictionary label as attribute "label". Base R only.

const FRAME: Record<DatasetFile, string> = {
  'participants.csv': 'participants',
  'jobs.csv': 'jobs',
  'measurements.csv': 'measurements',
};

const COL_CLASS: Record<DatasetColumn['type'], string> = {
  string: 'character',
  code: 'character',
  date: 'character',
  integer: 'integer',
  number: 'numeric',
  flag: 'integer',
};

export function loadR(trialId: string, asOf: string, shiftDates: boolean): string {
  const lines = [
    `# Analysis dataset of trial ${rString(trialId)} as of ${asOf}${shiftDates ? ', dates shifted per participant' : ''} (DESIGN §6d).`,
    '# Run from the unpacked folder: source("load.R"), or Rscript load.R; or set ips_export_dir first.',
    '# Gives data frames participants, jobs and measurements; the variables are described in dictionary.csv.',
    'local({',
    '  dir <- if (exists("ips_export_dir")) get("ips_export_dir") else {',
    '    ofile <- tryCatch(sys.frame(1)$ofile, error = function(e) NULL)',
    '    file_arg <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))',
    '    if (is.character(ofile) && length(ofile) == 1) dirname(ofile)',
    '    else if (length(file_arg) == 1 && basename(file_arg) == "load.R") dirname(file_arg)',
    '    else "."',
    '  }',
    '  read <- function(file, classes) {',
    '    utils::read.csv(file.path(dir, file), colClasses = classes, na.strings = "", check.names = FALSE,',
    '                    stringsAsFactors = FALSE, encoding = "UTF-8")',
    '  }',
  ];
  for (const file of DATASET_FILES) lines.push(...frameLines(file, shiftDates));
  lines.push('})', '');
  return lines.join('\n');
}

function frameLines(file: DatasetFile, shiftDates: boolean): string[] {
  const frame = FRAME[file];
  const columns = datasetColumns(file, shiftDates);
  const classes = columns.map((c) => `${rName(c.name)} = "${COL_CLASS[c.type]}"`).join(', ');
  const out = [`  d <- read(${rString(file)}, c(${classes}))`];
  for (const c of columns) {
    const col = `d[[${rString(c.name)}]]`;
    if (c.type === 'date') out.push(`  ${col} <- as.Date(${col})`);
    if (c.type === 'code' && c.codes) {
      const levels = c.codes.map((x) => rString(x.code)).join(', ');
      const labels = c.codes.map((x) => rString(x.label)).join(', ');
      out.push(`  ${col} <- factor(${col}, levels = c(${levels}), labels = c(${labels}))`);
    }
    out.push(`  attr(${col}, "label") <- ${rString(c.label)}`);
  }
  out.push(`  assign(${rString(frame)}, d, envir = globalenv())`);
  return out;
}

function rName(name: string): string {
  return /^[A-Za-z][A-Za-z0-9_.]*$/.test(name) ? name : rString(name);
}

function rString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
