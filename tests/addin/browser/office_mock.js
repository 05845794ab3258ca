/*
 * Office.js mocked for the task pane test (tests only, bundled by esbuild with an entry
 * that calls install(book); the workbook JSON is made by the Python test from the real
 * .xlsx and bundled in, so the mock makes no request the page's CSP would refuse).
 * Range and worksheet objects are office-addin-mock OfficeMockObjects, so a property
 * read without load() + context.sync() gives the mock's error value, as Office.js would.
 * What the page writes is recorded in window.__som for the test to compare.
 */
import { OfficeMockObject } from "office-addin-mock";

const record = { writes: [], protections: [], activated: [], ribbon: [], functions: [] };
const created = [];
function mock(data) {
  const m = new OfficeMockObject(data);
  created.push(m);
  return m;
}

function makeContext(book) {
  const items = book.sheets.map((sheet, position) => ({
    name: sheet.name,
    position,
    protection: mock({
      protected: sheet.protected,
      unprotect: () => record.protections.push(["unprotect", sheet.name]),
      protect: () => record.protections.push(["protect", sheet.name]),
    }),
    activate: () => record.activated.push(sheet.name),
    getRangeByIndexes: (row, column, rowCount, columnCount) => ({
      set values(values) {
        record.writes.push({ sheet: sheet.name, row, column, rowCount, columnCount, values });
      },
    }),
  }));
  const worksheets = mock({ items, getActiveWorksheet: () => mock({ position: 0 }) });
  const names = {
    getItemOrNullObject: (name) => {
      const r = book.names[name];
      return {
        isNullObject: !r,
        getRange: () => mock({ address: r.address, values: r.values, rowIndex: r.rowIndex,
          columnIndex: r.columnIndex, rowCount: r.rowCount, columnCount: r.columnCount,
          worksheet: { position: r.position, name: book.sheets[r.position].name } }),
      };
    },
  };
  const workbook = mock({ name: book.name });
  workbook.worksheets = worksheets;
  workbook.names = names;
  return {
    workbook,
    sync: async () => {
      for (const m of created.slice()) {
        await m.sync();
      }
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
  };
}

/* Office.js over ``book``; what the page does is recorded in window.__som. */
export function install(book) {
  globalThis.__som = record;
  globalThis.Excel = {
    run: async (callback) => callback(makeContext(book)),
  };
  globalThis.Office = {
    onReady: (callback) => {
      const ready = Promise.resolve({ host: "Excel", platform: "PC" });
      return callback ? ready.then(callback) : ready;
    },
    actions: { associate: (name) => record.ribbon.push(name) },
    context: { requirements: { isSetSupported: () => true } },
  };
  globalThis.CustomFunctions = { associate: (id) => record.functions.push(id) };
}
