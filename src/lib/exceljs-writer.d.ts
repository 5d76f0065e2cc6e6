// The streaming writer's own module (CommonJS, `module.exports = WorkbookWriter`),
// which ExcelJS's typings only declare as `ExcelJS.stream.xlsx.WorkbookWriter`.
declare module 'exceljs/lib/stream/xlsx/workbook-writer.js' {
  import type ExcelJS from 'exceljs';
  const WorkbookWriter: typeof ExcelJS.stream.xlsx.WorkbookWriter;
  export default WorkbookWriter;
}
