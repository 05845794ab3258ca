/*
 * SØM add-in client (som_xl, MIT licence): reads the named ranges a command needs from
 * the workbook through Office.js, sends them in the payload format of xlwings' Office.js
 * client ({client, version, book, names, sheets}; each sheet's values from A1, empty
 * cells as ""), and applies the actions the server answers (xlwings' action format:
 * setValues, alert, activateSheet). Written for som_xl; xlwings' own Office.js client is
 * not used (it ships with xlwings Server under PolyForm Noncommercial / xlwings PRO).
 */
/* global Excel, Office */
"use strict";

const som = {
  commands: null,
  token: null,
  xlwingsVersion: "",
};

async function somFetchJson(url, options) {
  const response = await fetch(url, options);
  let data = null;
  try {
    data = await response.json();
  } catch (error) {
    data = null;
  }
  if (!response.ok) {
    const detail = data && data.detail ? data.detail : `Serveren svarede ${response.status}.`;
    const err = new Error(typeof detail === "string" ? detail : JSON.stringify(detail));
    err.status = response.status;
    throw err;
  }
  return data;
}

async function somCommands() {
  if (!som.commands) {
    som.commands = await somFetchJson("api/commands");
  }
  return som.commands;
}

function somEmptyMatrix(rows, cols) {
  const out = [];
  for (let r = 0; r < rows; r++) {
    out.push(new Array(cols).fill(""));
  }
  return out;
}

/* A sheet's values without trailing blank rows and columns (xlwings reads cells beyond
   them as empty, as beyond Excel's used range); [[]] when nothing is left. */
function somTrim(values) {
  let rows = values.length;
  while (rows > 0 && values[rows - 1].every((v) => v === "")) {
    rows--;
  }
  let cols = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = values[r].length - 1; c >= cols; c--) {
      if (values[r][c] !== "") {
        cols = c + 1;
        break;
      }
    }
  }
  return rows === 0 ? [[]] : values.slice(0, rows).map((row) => row.slice(0, cols));
}

/* The payload for one command: every sheet (in order, values only where a read range is),
   every named range the command may touch (addresses), values of the ranges it reads. */
async function somBuildPayload(context, spec) {
  const workbook = context.workbook;
  workbook.load("name");
  const worksheets = workbook.worksheets;
  worksheets.load("items");
  const active = worksheets.getActiveWorksheet();
  active.load("position");
  const reads = new Set(spec.reads);
  const items = spec.names.map((name) => ({ name, item: workbook.names.getItemOrNullObject(name) }));
  await context.sync();
  for (const entry of items) {
    if (entry.item.isNullObject) {
      continue; // a deleted range: the server names it in a Danish message
    }
    entry.range = entry.item.getRange();
    entry.range.load(reads.has(entry.name) ? "address, values, rowIndex, columnIndex, rowCount, columnCount"
      : "address");
    entry.sheet = entry.range.worksheet;
    entry.sheet.load("position");
  }
  await context.sync();
  const sheets = worksheets.items.map((ws) => ({ name: ws.name, values: [[]], pictures: [], tables: [] }));
  const extent = sheets.map(() => [0, 0]);
  const found = items.filter((e) => e.range);
  for (const e of found.filter((x) => reads.has(x.name))) {
    const ext = extent[e.sheet.position];
    ext[0] = Math.max(ext[0], e.range.rowIndex + e.range.rowCount);
    ext[1] = Math.max(ext[1], e.range.columnIndex + e.range.columnCount);
  }
  sheets.forEach((sheet, i) => {
    if (extent[i][0] > 0) {
      sheet.values = somEmptyMatrix(extent[i][0], extent[i][1]);
    }
  });
  for (const e of found.filter((x) => reads.has(x.name))) {
    const target = sheets[e.sheet.position].values;
    e.range.values.forEach((row, r) => {
      row.forEach((value, c) => {
        target[e.range.rowIndex + r][e.range.columnIndex + c] = value;
      });
    });
  }
  sheets.forEach((sheet) => {
    sheet.values = somTrim(sheet.values);
  });
  return {
    client: "Office.js",
    version: som.xlwingsVersion,
    book: { name: workbook.name, active_sheet_index: active.position, selection: null },
    names: found.map((e) => ({
      name: e.name,
      sheet_index: e.sheet.position,
      address: e.range.address.split("!").pop(),
      scope_sheet_name: null,
      scope_sheet_index: null,
      book_scope: true,
    })),
    sheets,
  };
}

/* Apply xlwings' actions in order; a protected sheet (Viden) is unprotected for the write
   and protected again, as the desktop backend does. Alerts go to the task pane. */
async function somApplyActions(context, actions, alerts) {
  const worksheets = context.workbook.worksheets;
  worksheets.load("items");
  await context.sync();
  const targets = new Set(actions.filter((a) => a.func === "setValues").map((a) => a.sheet_position));
  const protections = {};
  for (const position of targets) {
    protections[position] = worksheets.items[position].protection;
    protections[position].load("protected");
  }
  await context.sync();
  const reprotect = [];
  for (const position of targets) {
    if (protections[position].protected) {
      protections[position].unprotect();
      reprotect.push(position);
    }
  }
  for (const action of actions) {
    if (action.func === "setValues") {
      const sheet = worksheets.items[action.sheet_position];
      sheet.getRangeByIndexes(action.start_row, action.start_column, action.row_count, action.column_count)
        .values = action.values;
    } else if (action.func === "activateSheet") {
      worksheets.items[Number(action.args[0])].activate();
    } else if (action.func === "alert") {
      alerts.push({ message: String(action.args[0]), title: String(action.args[1]) });
    } else {
      throw new Error(`Ukendt handling fra serveren: ${action.func}`);
    }
  }
  for (const position of reprotect) {
    protections[position].protect();
  }
  await context.sync();
}

/* Run one ribbon command: read, send, apply. Returns the server's summary plus alerts. */
async function somRunCommand(key) {
  const commands = await somCommands();
  const spec = commands[key];
  const headers = { "Content-Type": "application/json" };
  if (spec.needs_account && som.token) {
    headers.Authorization = `Bearer ${som.token}`;
  }
  let answer = null;
  const alerts = [];
  await Excel.run(async (context) => {
    const payload = await somBuildPayload(context, spec);
    answer = await somFetchJson(`api/commands/${key}`, {
      method: "POST",
      headers,
      body: JSON.stringify(payload),
    });
    await somApplyActions(context, answer.actions, alerts);
  });
  answer.alerts = alerts;
  return answer;
}

/* A custom function's call: xlwings' call format ({func_name, args, caller_address, ...}). */
async function somCallFunction(id, args) {
  const invocation = args.pop();
  const requirements = Office.context.requirements;
  const data = await somFetchJson("api/functions/call", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      func_name: id,
      args,
      caller_address: invocation && invocation.address ? invocation.address : null,
      client: "Office.js",
      version: som.xlwingsVersion,
      runtime: requirements.isSetSupported("CustomFunctionsRuntime", "1.4") ? "1.4" : "1.3",
      culture_info_name: "da-DK",
    }),
  });
  return data.result;
}

globalThis.som = som;
globalThis.somRunCommand = somRunCommand;
globalThis.somCallFunction = somCallFunction;
globalThis.somBuildPayload = somBuildPayload;
