// office-addin-mock imports office-addin-manifest (a Node tool) only for its OfficeApp
// names; this stub stands in for it in the browser bundle (tests only).
exports.OfficeApp = { Excel: "excel", OneNote: "onenote", Outlook: "outlook", PowerPoint: "powerpoint",
  Project: "project", Word: "word" };
