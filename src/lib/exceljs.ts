// ExcelJS (about 27 MB resident once loaded) is imported on its first use (an
// export, a template, an upload to read), not at start-up: most processes of
// the portal never need it.
import type ExcelJSModule from 'exceljs';

let loading: Promise<typeof ExcelJSModule> | undefined;
let loadingWriter: Promise<typeof ExcelJSModule.stream.xlsx.WorkbookWriter> | undefined;

export function loadExcelJS(): Promise<typeof ExcelJSModule> {
  loading ??= import('exceljs').then((module) => module.default);
  return loading;
}

/**
 * Only ExcelJS's streaming writer, for the exports: its own module (ExcelJS 4
 * has no `exports` map), without the readers, so that an export in a process
 * that never read a workbook loads about 10 MB less (`npm run bench:campaigns`).
 * The same class as `ExcelJS.stream.xlsx.WorkbookWriter`.
 */
export function loadWorkbookWriter(): Promise<typeof ExcelJSModule.stream.xlsx.WorkbookWriter> {
  loadingWriter ??= import('exceljs/lib/stream/xlsx/workbook-writer.js').then(
    (module) => module.default,
  );
  return loadingWriter;
}
